package io.edgeplane.dns.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.domain.AliasTarget;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.DnsPlanner;
import io.edgeplane.dns.domain.DnsPolicy;
import io.edgeplane.dns.domain.Hostname;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordStyle;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.RuleViolation;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import io.edgeplane.events.DistributionStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The writer against the simulated Route 53 on a virtual clock: request counts, splits, throttling, replays. */
class ZoneWriterTest {
    private static final String ZONE = "ZTEST";
    private static final String SHARED = "d1shared.cloudfront.net";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedRoute53 route53 = new SimulatedRoute53(clock, SimulatedRoute53.Settings.DEFAULTS
            .withMaxRecordsPerZone(20_000).withInsyncDelay(Duration.ofSeconds(20)));
    private final WriterStats stats = new WriterStats();
    private final List<String> inSync = new ArrayList<>();
    private final Map<String, RuleViolation> failed = new HashMap<>();
    private final Map<String, Instant> inSyncAt = new HashMap<>();
    private final Map<String, Instant> failedAt = new HashMap<>();
    private final RateLimiter limiter = new RateLimiter(clock, 4);
    /** Owners whose changes are no longer this writer's (their partition moved to another replica). */
    private final Set<String> givenUp = new java.util.HashSet<>();
    private ZoneWriter writer = newWriter();

    /** A writer as the service starts one (also after a crash: it knows nothing but what Route 53 tells it). */
    private ZoneWriter newWriter() {
        return new ZoneWriter(ZONE, route53, limiter, clock, ZoneWriter.Settings.DEFAULTS, new ZoneWriter.Listener() {
            @Override
            public void inSync(List<ZoneWriter.PendingChange> changes, String changeId) {
                changes.forEach(c -> {
                    inSync.add(c.group().owner());
                    inSyncAt.put(c.group().owner(), clock.now());
                });
            }

            @Override
            public void failed(ZoneWriter.PendingChange change, RuleViolation violation) {
                failed.put(change.group().owner(), violation);
                failedAt.put(change.group().owner(), clock.now());
            }

            @Override
            public boolean wanted(ZoneWriter.PendingChange change) {
                return !givenUp.contains(change.group().owner());
            }
        }, stats);
    }

    ZoneWriterTest() {
        route53.createZone(ZONE, "example.com");
    }

    private void provision(int count) {
        provision(0, count);
    }

    private void provision(int from, int count) {
        for (int i = from; i < from + count; i++) {
            List<RecordSet> records = RecordStyle.DEFAULT.forTenant(new Hostname("t" + i, "example.com"),
                    DistributionStrategy.SHARED, SHARED);
            ChangeGroup group = DnsPlanner.planOwner("t" + i, records, List.of(), DnsPolicy.SYNC);
            writer.offer(new ZoneWriter.PendingChange(ZONE, group, Set.of(), null));
        }
    }

    @Test
    void changesNoLongerTheWritersAreNeitherWrittenNorReportedWhetherQueuedOrAlreadyTaken() throws Exception {
        provision(100);
        // The partition moved: the 40 still queued are dropped, 10 more were already taken by the writer.
        for (int i = 0; i < 50; i++) {
            givenUp.add("t" + i);
        }
        int dropped = writer.discard(c -> Integer.parseInt(c.group().owner().substring(1)) < 40);
        assertThat(dropped).isEqualTo(40);
        assertThat(writer.queued()).isEqualTo(60);

        writer.drain();

        assertThat(inSync).hasSize(50).allSatisfy(owner -> assertThat(Integer.parseInt(owner.substring(1)))
                .isGreaterThanOrEqualTo(50));
        assertThat(failed).isEmpty();
        assertThat(route53.records(ZONE).stream().map(RecordSet::name).distinct()
                .filter(name -> name.startsWith("t")).count()).as("tenants with records").isEqualTo(50);
    }

    /** Changes submitted one after another, each drained before the next: one change per wave. */
    private void waves(int first, int count, int tenantsPerWave) throws Exception {
        for (int w = first; w < first + count; w++) {
            provision(w * tenantsPerWave, tenantsPerWave);
            writer.drain();
        }
    }

    @Test
    void aZoneThatSettlesInASteadyTimeIsPolledAboutOncePerChangeOnceThatTimeIsLearned() throws Exception {
        // INSYNC 20 s after each change. Looking at 2, 6, 14 and 29 s (the doubling from insync-poll-initial)
        // costs four GetChange per change.
        waves(0, 40, 200);

        assertThat(inSync).hasSize(8_000);
        assertThat(route53.changeRequests.get()).isEqualTo(40);
        assertThat(route53.getChangeRequests.get()).as("GetChange for 40 changes")
                .isLessThanOrEqualTo(40 * 13 / 10 + 4);
        assertThat(writer.settleEstimate()).as("the first look, after submission")
                .isBetween(Duration.ofSeconds(18), Duration.ofSeconds(24));
    }

    @Test
    void aZoneThatBecomesFasterIsSoonLookedAtSoonerAgain() throws Exception {
        waves(0, 20, 100);
        assertThat(writer.settleEstimate()).isGreaterThan(Duration.ofSeconds(20));

        route53.reconfigure(route53.settings().withInsyncDelay(Duration.ofSeconds(2)));
        waves(20, 60, 100);

        assertThat(inSync).hasSize(8_000);
        assertThat(writer.settleEstimate()).as("after 60 changes settling in 2 s")
                .isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void fiveThousandTenantsTakeAtMostTwelveChangeRequestsAndAllReachInSync() throws Exception {
        provision(5_000);
        writer.drain();
        assertThat(inSync).hasSize(5_000);
        assertThat(failed).isEmpty();
        assertThat(route53.changeRequests.get()).isLessThanOrEqualTo(12);
        assertThat(route53.rateThrottled.get()).isZero();
        assertThat(route53.records(ZONE)).hasSize(10_002);
    }

    @Test
    void aForeignRecordFailsOnlyItsTenantAndIsLeftUntouched() throws Exception {
        RecordSet foreign = RecordSet.of("t42.example.com", RecordType.CNAME, 60, "legacy.example.net");
        route53.putRecord(ZONE, foreign);
        provision(1_000);
        writer.drain();
        assertThat(failed).containsOnlyKeys("t42");
        assertThat(failed.get("t42").rule()).isEqualTo("foreign-record");
        assertThat(inSync).hasSize(999).doesNotContain("t42");
        assertThat(route53.record(ZONE, foreign.key())).isEqualTo(foreign);
        assertThat(route53.record(ZONE, new RecordKey("t42.example.com", RecordType.A))).isNull();
        // 2 batches + the rejected one's remainder + t42 alone + one listing of t42's name
        assertThat(route53.changeRequests.get()).isLessThanOrEqualTo(5);
    }

    @Test
    void twentyPercentThrottlingSlowsButDoesNotStopTheWriter() throws Exception {
        route53.reconfigure(route53.settings().withThrottleRate(0.2));
        provision(5_000);
        writer.drain();
        assertThat(inSync).hasSize(5_000);
        assertThat(route53.injectedThrottles.get()).isPositive();
        assertThat(stats.throttled.get()).isEqualTo(route53.injectedThrottles.get() + route53.rateThrottled.get());
        assertThat(stats.changeRequestsAccepted.get()).isLessThanOrEqualTo(12);
    }

    @Test
    void aReplayedCreateOfOurOwnRecordIsConfirmedInsteadOfFailed() throws Exception {
        List<RecordSet> records = RecordStyle.DEFAULT.forTenant(new Hostname("t0", "example.com"),
                DistributionStrategy.SHARED, SHARED);
        records.forEach(r -> route53.putRecord(ZONE, r));
        provision(1);
        writer.drain();
        assertThat(inSync).containsExactly("t0");
        assertThat(failed).isEmpty();
    }

    @Test
    void deprovisionRemovesExactlyTheTenantsRecords() throws Exception {
        provision(3);
        writer.drain();
        RecordSet foreignTxt = RecordSet.of("t1.example.com", RecordType.TXT, 300, "\"verification\"");
        route53.putRecord(ZONE, foreignTxt);
        List<RecordSet> had = RecordStyle.DEFAULT.forTenant(new Hostname("t1", "example.com"),
                DistributionStrategy.SHARED, SHARED);
        ChangeGroup delete = DnsPlanner.planOwner("t1", List.of(), had, DnsPolicy.SYNC);
        Set<RecordKey> before = route53.records(ZONE).stream().map(RecordSet::key).collect(Collectors.toSet());
        writer.offer(new ZoneWriter.PendingChange(ZONE, delete, delete.keys(), null));
        writer.drain();
        Set<RecordKey> after = route53.records(ZONE).stream().map(RecordSet::key).collect(Collectors.toSet());
        Set<RecordKey> removed = new java.util.HashSet<>(before);
        removed.removeAll(after);
        assertThat(removed).containsExactlyInAnyOrder(new RecordKey("t1.example.com", RecordType.A),
                new RecordKey("t1.example.com", RecordType.AAAA));
        assertThat(route53.record(ZONE, foreignTxt.key())).isEqualTo(foreignTxt);
    }

    @Test
    void oneRequestPerTenantWouldTakeFiftyTimesLonger() throws Exception {
        provision(1_000);
        writer.drain();
        Duration batched = Duration.between(Instant.parse("2026-01-01T00:00:00Z"), clock.now());
        // 1,000 single-tenant requests at 4/s alone need 250 s; batched incl. INSYNC wait stays far below
        assertThat(batched).isLessThan(Duration.ofSeconds(60));
        assertThat(AliasTarget.CLOUDFRONT_ZONE).isEqualTo("Z2FDTNDATAQYW2");
    }

    @Test
    void tenantsBeyondASmallZoneCapacityFailFastWithZoneCapacityAndCostNoWrite() throws Exception {
        route53.reconfigure(route53.settings().withMaxRecordsPerZone(200));
        provision(150); // SOA + NS + 2 per tenant: 99 tenants fit in 200 record sets
        writer.drain();
        assertThat(inSync).hasSize(99);
        assertThat(failed).hasSize(51);
        assertThat(failed.values()).allSatisfy(v -> {
            assertThat(v.rule()).isEqualTo("zone-capacity");
            assertThat(v.retryable()).isTrue();
            assertThat(v.reason()).contains(ZONE).contains("200 record sets").contains("wildcard");
        });
        assertThat(route53.changeRequests.get()).as("one batch for the 99 that fit; none for the rest").isEqualTo(1);
        assertThat(route53.invalidBatches.get()).isZero();
        assertThat(route53.records(ZONE)).hasSize(200);
        assertThat(writer.recordSets()).isEqualTo(200);
        assertThat(writer.limit()).isEqualTo(200);

        // More arrive at a full zone: refused without a single ChangeResourceRecordSets
        provision(150, 50);
        writer.drain();
        assertThat(failed).hasSize(101);
        assertThat(route53.changeRequests.get()).isEqualTo(1);
        assertThat(route53.records(ZONE)).hasSize(200);
    }

    @Test
    void aReplayAfterACrashAtCapacityChangesNothing() throws Exception {
        route53.reconfigure(route53.settings().withMaxRecordsPerZone(200));
        provision(150);
        writer.drain();
        List<RecordSet> before = route53.records(ZONE);
        long writesBefore = route53.changeRequests.get();
        writer = newWriter(); // the restarted service replays every unacknowledged request
        inSync.clear();
        failed.clear();
        provision(150);
        writer.drain();
        assertThat(route53.records(ZONE)).containsExactlyInAnyOrderElementsOf(before).hasSize(200);
        assertThat(inSync).as("the tenants that fit are confirmed again").hasSize(99);
        assertThat(failed).hasSize(51).allSatisfy((owner, v) -> assertThat(v.rule()).isEqualTo("zone-capacity"));
        assertThat(route53.invalidBatches.get()).isZero();
        assertThat(route53.changeRequests.get() - writesBefore).as("one identical UPSERT batch at most")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aReplayedBatchRejectedAfterACrashIsReplannedAgainstOneListingNotTenantByTenant() throws Exception {
        provision(500); // 500 tenants written before the crash
        writer.drain();
        assertThat(inSync).hasSize(500);
        long writes = route53.changeRequests.get();
        long lists = route53.listRequests.get();
        long invalid = route53.invalidBatches.get();
        writer = newWriter(); // the restarted service replays them, with 500 that were still on their way
        inSync.clear();
        provision(1_000);
        writer.drain();
        assertThat(failed).isEmpty();
        assertThat(inSync).hasSize(1_000).doesNotHaveDuplicates();
        assertThat(route53.records(ZONE)).hasSize(2_002);
        assertThat(route53.invalidBatches.get() - invalid).as("each replayed batch rejected once").isLessThanOrEqualTo(2);
        // 1,002 record sets: one listing of 4 pages, reused; each rejected batch corrected (UPSERT of what was
        // written, CREATE of the rest; UPSERTs weigh double, so packed again) - where isolating the 500 replayed
        // tenants one by one took up to 3 requests each
        assertThat(route53.listRequests.get() - lists).as("ListResourceRecordSets").isLessThanOrEqualTo(4);
        assertThat(route53.changeRequests.get() - writes).as("ChangeResourceRecordSets").isLessThanOrEqualTo(6);
    }

    @Test
    void aZoneFilledBehindTheWritersBackIsReadAgainAndNeverExceedsItsLimit() throws Exception {
        route53.reconfigure(route53.settings().withMaxRecordsPerZone(200));
        provision(10);
        writer.drain();
        for (int i = 0; i < 150; i++) { // another tool adds 150 record sets; the writer's count is stale
            route53.putRecord(ZONE, RecordSet.of("other-" + i + ".example.com", RecordType.TXT, 60, "\"x\""));
        }
        provision(10, 40);
        writer.drain();
        assertThat(route53.records(ZONE)).hasSize(200);
        assertThat(inSync).hasSize(10 + 14); // 2 + 20 + 150 record sets leave room for 14 tenants
        assertThat(failed).hasSize(26).allSatisfy((owner, v) -> assertThat(v.rule()).isEqualTo("zone-capacity"));
        assertThat(writer.recordSets()).isEqualTo(200);
    }

    @Test
    void isolatingPoisonGroupsDoesNotDelayTheConfirmationOfAcceptedOnes() throws Exception {
        for (int i = 0; i < 100; i++) { // 100 poison tenants: each is tried alone and its name listed
            route53.putRecord(ZONE, RecordSet.of("t" + i + ".example.com", RecordType.CNAME, 60, "legacy.example.net"));
        }
        Instant start = clock.now();
        provision(400);
        writer.drain();
        assertThat(failed).hasSize(100);
        assertThat(inSync).hasSize(300);
        Instant lastPoisonFailed = failedAt.values().stream().max(Instant::compareTo).orElseThrow();
        Instant goodConfirmed = inSyncAt.get("t399");
        assertThat(Duration.between(start, lastPoisonFailed)).as("isolation takes long").isGreaterThan(
                Duration.ofSeconds(45));
        // accepted within a few seconds, INSYNC 20 s later, seen at the next poll (at most pollMax = 15 s after)
        assertThat(goodConfirmed).isBefore(lastPoisonFailed);
        assertThat(Duration.between(start, goodConfirmed)).isLessThanOrEqualTo(Duration.ofSeconds(5 + 20 + 15));
    }
}
