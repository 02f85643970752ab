package io.edgeplane.dns.domain;

/**
 * A hosted zone's record-set quota ({@code MAX_RRSETS_BY_ZONE}, from GetHostedZoneLimit; 10,000 unless AWS raised
 * it) and how many record sets it holds (GetHostedZone's {@code ResourceRecordSetCount}, SOA and NS included).
 * The zone writer plans against it so that a tenant that cannot fit fails before any write.
 */
public record ZoneCapacity(long limit, long count) {
    public static final String RULE = "zone-capacity";

    public long free() {
        return Math.max(0, limit - count);
    }

    /**
     * Record sets a group adds: CREATE +1, DELETE -1, UPSERT 0 (the writer only UPSERTs records the owner holds).
     */
    public static int growth(ChangeGroup group) {
        int growth = 0;
        for (Change c : group.changes()) {
            growth += switch (c.action()) {
                case CREATE -> 1;
                case DELETE -> -1;
                case UPSERT -> 0;
            };
        }
        return growth;
    }

    /** Whether {@code growth} more record sets fit next to {@code reserved} ones already promised. */
    public boolean fits(long reserved, int growth) {
        return growth <= 0 || count + reserved + growth <= limit;
    }

    /**
     * The retryable violation naming zone, limit, count and the remedies. It does not name {@code owner}: the
     * TenantDnsFailed carrying it names the tenant, and a full zone then gives every refused tenant the same text,
     * which the desired-state store holds once (100,000 distinct copies took ~45 MB of the 256 MB heap).
     */
    public RuleViolation refusal(String zoneId, String owner, long reserved, int growth) {
        return new RuleViolation(RULE, "hosted zone " + zoneId + " holds " + count + " of its " + limit
                + " record sets (MAX_RRSETS_BY_ZONE)" + (reserved > 0 ? ", " + reserved + " more are being written" : "")
                + "; the change needs " + growth + " more. Nothing was written. Remedies: serve shared tenants"
                + " through the wildcard record (edgeplane.dns.records.wildcard=true, the default), ask AWS to raise"
                + " MAX_RRSETS_BY_ZONE for the zone (read at start-up and by every reconciliation), deprovision unused"
                + " tenants, or add a base domain with its own hosted zone; then send the tenant again", true);
    }
}
