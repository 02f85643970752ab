package io.edgeplane.dns.domain;

/**
 * The Route 53 operations the dns-service needs, behind which sit the AWS SDK adapter and the simulated
 * Route 53. Every call is one request against the account's rate limit; callers pace them.
 */
public interface HostedZones {
    /** ChangeResourceRecordSets: applies the batch all or nothing; returns the change id (PENDING). */
    String submit(String zoneId, ChangeBatch batch, String comment);

    /** GetChange. */
    ChangeStatus status(String changeId);

    /**
     * ListResourceRecordSets: one page of at most {@code maxItems} (Route 53 returns at most 300) record sets in
     * name order, starting at {@code start} (null for the beginning of the zone).
     */
    RecordPage list(String zoneId, RecordKey start, int maxItems);

    /**
     * GetHostedZoneLimit ({@code MAX_RRSETS_BY_ZONE}) and GetHostedZone ({@code ResourceRecordSetCount}): two
     * requests.
     */
    ZoneCapacity capacity(String zoneId);

    /** GetHostedZoneLimit ({@code MAX_RRSETS_BY_ZONE}): one request, so a paced caller can give it its own slot. */
    default long recordSetLimit(String zoneId) {
        return capacity(zoneId).limit();
    }

    /** GetHostedZone ({@code ResourceRecordSetCount}): one request. */
    default long recordSetCount(String zoneId) {
        return capacity(zoneId).count();
    }
}
