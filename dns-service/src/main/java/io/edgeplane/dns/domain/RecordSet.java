package io.edgeplane.dns.domain;

import java.util.List;
import java.util.Objects;

/**
 * A Route 53 resource record set: either plain values with a TTL, or an ALIAS (no TTL, no values).
 *
 * @param name normalised, e.g. {@code acme.example.com} or {@code *.example.com}
 */
public record RecordSet(String name, RecordType type, Long ttl, List<String> values, AliasTarget alias) {

    public RecordSet {
        name = DnsNames.normalize(Objects.requireNonNull(name, "name"));
        Objects.requireNonNull(type, "type");
        values = values == null ? List.of() : List.copyOf(values);
        if (alias != null && !values.isEmpty()) {
            throw new IllegalArgumentException("an alias record has no values: " + name);
        }
    }

    public static RecordSet alias(String name, RecordType type, AliasTarget target) {
        return new RecordSet(name, type, null, List.of(), target);
    }

    public static RecordSet of(String name, RecordType type, long ttl, String... values) {
        return new RecordSet(name, type, ttl, List.of(values), null);
    }

    /**
     * This record with its name as {@code hostname}'s instance when it is that name (else shared through
     * {@code interner}, e.g. a wildcard), its TTL, values and alias target shared: equal, smaller when many are held.
     */
    public RecordSet sharing(String hostname, Interner interner) {
        return new RecordSet(name.equals(hostname) ? hostname : interner.of(name), type, interner.of(ttl),
                interner.of(values), interner.of(alias));
    }

    public RecordKey key() {
        return new RecordKey(name, type);
    }

    public boolean isAlias() {
        return alias != null;
    }

    /**
     * What the record counts against the 1,000-value limit of a change batch. An alias carries no
     * ResourceRecord element; Edgeplane still counts it as one so that a batch never depends on that detail.
     */
    public int valueCount() {
        return isAlias() ? 1 : values.size();
    }

    /** Characters counted against the 32,000-character limit (alias: its DNS name, conservatively). */
    public int valueChars() {
        if (isAlias()) {
            return alias.dnsName().length();
        }
        int sum = 0;
        for (String v : values) {
            sum += v.length();
        }
        return sum;
    }

    /** Where the record points, e.g. {@code d1.cloudfront.net} or the first value. */
    public String target() {
        return isAlias() ? alias.dnsName() : (values.isEmpty() ? "" : values.getFirst());
    }

    /** {@code acme.example.com A ALIAS d1.cloudfront.net} or {@code acme.example.com CNAME 300 d1.cloudfront.net}. */
    public String describe() {
        if (isAlias()) {
            return name + " " + type + " ALIAS " + alias.dnsName();
        }
        return name + " " + type + " " + ttl + " " + String.join(",", values);
    }

    /** Same data as {@code other}, ignoring how values are ordered and the case of names. */
    public boolean sameAs(RecordSet other) {
        if (other == null || !key().equals(other.key())) {
            return false;
        }
        if (isAlias() || other.isAlias()) {
            return isAlias() && other.isAlias() && alias.hostedZoneId().equals(other.alias.hostedZoneId())
                    && alias.dnsName().equals(other.alias.dnsName());
        }
        return Objects.equals(ttl, other.ttl) && normalizedValues().equals(other.normalizedValues());
    }

    private List<String> normalizedValues() {
        return values.stream().map(v -> type == RecordType.CNAME ? DnsNames.normalize(v) : v).sorted().toList();
    }
}
