package io.edgeplane.dns.domain;

import java.util.Comparator;

/** A record set's identity in a zone: name and type (Edgeplane writes simple routing only, no set identifiers). */
public record RecordKey(String name, RecordType type) implements Comparable<RecordKey> {
    private static final Comparator<RecordKey> ORDER = Comparator.comparing(RecordKey::name)
            .thenComparing(RecordKey::type);

    public RecordKey {
        name = DnsNames.normalize(name);
    }

    @Override
    public int compareTo(RecordKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name + " " + type;
    }
}
