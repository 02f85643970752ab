package io.edgeplane.dns.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tenant's {@link TenantDnsState} in memory with the indexes the decisions read: hostname -> tenant
 * ({@code hostname-taken}), confusable skeleton -> tenants ({@code confusable}) and custom domain -> tenants
 * ({@code custom-domain-taken}); record owners are found from the hostname. No I/O: the desired-state store fills it from its topic and from this instance's own decisions.
 */
public final class TenantStates {
    /*
     * Memory: at 100,000 tenants these maps are most of the heap. Every state is compacted on its way in (repeated
     * values shared, see TenantDnsState#compact), record owners are not indexed (only diagnostics ask, and a
     * tenant's records sit at its hostname), and the look-alike index holds only labels whose skeleton differs
     * from the label, one String (or String[]) per skeleton, per base domain. The custom-domain index holds one
     * entry per tenant that has a custom domain, keyed by the profile's own string (see #compact).
     */
    private final Map<String, TenantDnsState> states = new ConcurrentHashMap<>();
    private final Map<String, String> hostnames = new ConcurrentHashMap<>();
    /**
     * Base domain -> UTS #39 skeleton -> the tenant (String) or tenants (String[]) whose label has it: the
     * {@code confusable} rule's index. A label that is its own skeleton is found through {@link #hostnames}.
     */
    private final Map<String, Map<String, Object>> skeletons = new ConcurrentHashMap<>();
    /**
     * Normalised custom domain -> the tenant (String) or tenants (String[], earliest claim first) claiming it; a
     * failed tenant claims nothing, as it holds no hostname.
     */
    private final Map<String, Object> customDomains = new ConcurrentHashMap<>();
    /** Repeated values of the states; bounded, so values that do not repeat are soon forgotten. */
    private final Interner interner = new Interner(20_000);

    public TenantDnsState get(String tenantId) {
        return states.get(tenantId);
    }

    public Collection<TenantDnsState> all() {
        return List.copyOf(states.values());
    }

    public int size() {
        return states.size();
    }

    /**
     * The tenant owning a record key (holding it, or wanting it), or null (a record nobody in Edgeplane owns).
     * Found through the hostname at the key's name; any other name is searched (diagnostics only).
     */
    public String ownerOf(RecordKey key) {
        String atName = hostnames.get(key.name());
        if (atName != null && wants(states.get(atName), key)) {
            return atName;
        }
        for (TenantDnsState s : states.values()) {
            if (wants(s, key)) {
                return s.tenantId();
            }
        }
        return null;
    }

    private static boolean wants(TenantDnsState s, RecordKey key) {
        return s != null && (s.ownedKeys().contains(key) || s.desired().stream().anyMatch(r -> r.key().equals(key)));
    }

    /** The tenant whose hostname this is, or null. */
    public String tenantOfHostname(String fqdn) {
        return hostnames.get(fqdn);
    }

    /**
     * The tenant (not failed) claiming this custom domain (any case, trailing dot or not), or null. Of several
     * claimants (two replicas each accepted one before reading the other's state) the earliest still claiming it.
     */
    public String tenantOfCustomDomain(String domain) {
        Object claimants = customDomains.get(DnsNames.normalize(domain));
        return claimants instanceof String[] several ? several[0] : (String) claimants;
    }

    /**
     * A tenant other than {@code asking} whose label under {@code baseDomain} has this confusable skeleton (only
     * IDN labels with {@code idnOnly}), or null.
     */
    public String lookAlike(String baseDomain, String skeleton, boolean idnOnly, String asking) {
        Map<String, Object> ofBase = skeletons.get(baseDomain);
        Object indexed = ofBase == null ? null : ofBase.get(skeleton);
        for (String tenant : indexed instanceof String[] several ? several
                : indexed == null ? new String[0] : new String[] {(String) indexed}) {
            if (isLookAlike(tenant, baseDomain, idnOnly, asking)) {
                return tenant;
            }
        }
        // A tenant whose label is this skeleton and its own skeleton (not in the index).
        String plain = hostnames.get(skeleton + "." + baseDomain);
        if (plain != null && TenantLabel.skeleton(skeleton).equals(skeleton)
                && isLookAlike(plain, baseDomain, idnOnly, asking)) {
            return plain;
        }
        return null;
    }

    private boolean isLookAlike(String tenant, String baseDomain, boolean idnOnly, String asking) {
        TenantDnsState s = states.get(tenant);
        return !tenant.equals(asking) && s != null && s.hostname() != null && baseDomain.equals(s.baseDomain())
                && (!idnOnly || s.hostname().startsWith("xn--"));
    }

    /** The label of a tenant holding (or wanting) its hostname, or null (no hostname, or failed). */
    private static String label(TenantDnsState s) {
        if (s == null || s.hostname() == null || s.baseDomain() == null || s.status() == TenantDnsState.Status.FAILED
                || s.hostname().length() <= s.baseDomain().length()) {
            return null;
        }
        return s.hostname().substring(0, s.hostname().length() - s.baseDomain().length() - 1);
    }

    /** The label's skeleton when the index must hold it (it differs from the label), else null. */
    private static String indexedSkeleton(String label) {
        if (label == null) {
            return null;
        }
        String skeleton = TenantLabel.skeleton(label);
        return skeleton.equals(label) ? null : skeleton;
    }

    /** The normalised custom domain a tenant claims, or null (none, or failed). */
    private static String customDomain(TenantDnsState s) {
        if (s == null || s.status() == TenantDnsState.Status.FAILED || s.profile() == null
                || !s.profile().hasCustomDomain()) {
            return null;
        }
        return DnsNames.normalize(s.profile().customDomain()); // the profile's instance when already normal
    }

    /**
     * {@code state} compacted against the tenant's current state (see {@link TenantDnsState#compact}), its custom
     * domain the current state's instance when equal: the index stays keyed by the string the state holds (a
     * profile with a custom domain is the tenant's own, so not interned, and each read-back brings a new copy).
     */
    public TenantDnsState compact(TenantDnsState state) {
        TenantDnsState previous = states.get(state.tenantId());
        TenantDnsState compact = state.compact(interner, previous);
        TenantStrategy.Profile p = compact.profile();
        TenantStrategy.Profile before = previous == null ? null : previous.profile();
        if (p == null || before == null || p == before || p.customDomain() == null
                || p.customDomain() == before.customDomain() || !p.customDomain().equals(before.customDomain())) {
            return compact;
        }
        return compact.toBuilder().profile(p.equals(before) ? before : new TenantStrategy.Profile(p.tier(),
                p.traffic(), p.monthlyPageViews(), p.compliance(), before.customDomain(), p.requested(), p.current()))
                .build();
    }

    /** Sets (or with null removes) the tenant's state and keeps the indexes in step. */
    public synchronized void apply(String tenantId, TenantDnsState next) {
        TenantDnsState previous = next == null ? states.remove(tenantId) : states.put(tenantId, next);
        String claimed = customDomain(previous);
        String claims = customDomain(next);
        if (!java.util.Objects.equals(claimed, claims)) {
            if (claimed != null) {
                customDomains.computeIfPresent(claimed, (domain, tenants) -> without(tenants, tenantId));
            }
            if (claims != null) {
                // Appended: an earlier claimant stays the owner (with() keeps the order).
                customDomains.merge(claims, next.tenantId(), (tenants, one) -> with(tenants, (String) one));
            }
        }
        String before = label(previous);
        String after = label(next);
        if (before != null && before.equals(after) && previous.baseDomain().equals(next.baseDomain())) {
            return; // same hostname, still held or wanted: both indexes stand (the common transition)
        }
        if (previous != null && previous.hostname() != null) {
            hostnames.remove(previous.hostname(), tenantId);
        }
        String gone = indexedSkeleton(before);
        if (gone != null) {
            skeletons.computeIfPresent(previous.baseDomain(), (base, index) -> {
                index.computeIfPresent(gone, (k, tenants) -> without(tenants, tenantId));
                return index.isEmpty() ? null : index;
            });
        }
        if (next != null && next.hostname() != null && next.status() != TenantDnsState.Status.FAILED) {
            hostnames.put(next.hostname(), next.tenantId());
        }
        String added = indexedSkeleton(after);
        if (added != null) {
            skeletons.computeIfAbsent(next.baseDomain(), base -> new ConcurrentHashMap<>())
                    .merge(added, next.tenantId(), (tenants, one) -> with(tenants, (String) one));
        }
    }

    /** {@code tenants} (a String or String[]) and {@code tenant}. */
    private static Object with(Object tenants, String tenant) {
        String[] all = tenants instanceof String[] several ? several : new String[] {(String) tenants};
        if (java.util.Arrays.asList(all).contains(tenant)) {
            return tenants;
        }
        String[] more = java.util.Arrays.copyOf(all, all.length + 1);
        more[all.length] = tenant;
        return more;
    }

    /** {@code tenants} (a String or String[]) without {@code tenant}; null when none is left. */
    private static Object without(Object tenants, String tenant) {
        if (tenants instanceof String one) {
            return one.equals(tenant) ? null : one;
        }
        String[] rest = java.util.Arrays.stream((String[]) tenants).filter(t -> !t.equals(tenant))
                .toArray(String[]::new);
        return rest.length == 0 ? null : rest.length == 1 ? rest[0] : rest;
    }
}
