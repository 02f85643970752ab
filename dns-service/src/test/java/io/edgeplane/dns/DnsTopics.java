package io.edgeplane.dns;

/** The dns-service's internal topics, created by the test broker resource like the platform's. */
final class DnsTopics {
    static final String ZONE_CHANGES = "edgeplane.dns.zone-changes";
    static final String DESIRED_STATE = "edgeplane.dns.desired-state";
    static final String INTERNAL = ZONE_CHANGES + "," + DESIRED_STATE;

    private DnsTopics() {
    }
}
