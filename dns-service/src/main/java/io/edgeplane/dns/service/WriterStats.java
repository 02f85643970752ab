package io.edgeplane.dns.service;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of Route 53 traffic, shared by the zone writers; bound to Micrometer by the service, read by benchmarks. */
public final class WriterStats {
    public final AtomicLong changeRequests = new AtomicLong();
    public final AtomicLong changeRequestsAccepted = new AtomicLong();
    public final AtomicLong getChangeRequests = new AtomicLong();
    public final AtomicLong listRequests = new AtomicLong();
    /** GetHostedZoneLimit and GetHostedZone (the zones' capacity). */
    public final AtomicLong zoneInfoRequests = new AtomicLong();
    /** Groups refused with zone-capacity before any write. */
    public final AtomicLong capacityRefused = new AtomicLong();
    public final AtomicLong throttled = new AtomicLong();
    public final AtomicLong priorRequestNotComplete = new AtomicLong();
    public final AtomicLong otherTransient = new AtomicLong();
    public final AtomicLong invalidBatches = new AtomicLong();
    public final AtomicLong groupsSubmitted = new AtomicLong();
    public final AtomicLong groupsInSync = new AtomicLong();
    public final AtomicLong groupsFailed = new AtomicLong();
    public final AtomicLong valuesSubmitted = new AtomicLong();

    public long requests() {
        return changeRequests.get() + getChangeRequests.get() + listRequests.get() + zoneInfoRequests.get();
    }
}
