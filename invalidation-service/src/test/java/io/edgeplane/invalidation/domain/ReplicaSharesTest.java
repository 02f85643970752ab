package io.edgeplane.invalidation.domain;

import static io.edgeplane.invalidation.domain.InProgressShareTest.bits;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.invalidation.domain.PartitionShares.Assignment;
import io.edgeplane.invalidation.domain.PartitionShares.Mode;
import io.edgeplane.invalidation.simulated.SimulatedClock;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Several replicas (schedulers) submitting to ONE distribution of one simulated CloudFront, which enforces the real
 * quotas (3,000 paths, 15 wildcards in progress) whoever submits: with their shares they never meet
 * TooManyInvalidationsInProgress, through rebalances, shrinks and handovers; without them they do.
 */
class ReplicaSharesTest {
    static final String DIST = "E1TESTDIST0001";
    static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");
    static final int PARTITIONS = 12;
    /** Every distribution keys partition 3 here (Kafka's partitioner in the service). */
    static final int KEYED = 3;

    final SimulatedClock clock = new SimulatedClock(T0);
    final SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
            .withRate(1_000, 1_000).withCompletionDelay(Duration.ofSeconds(10)), clock);

    /** One replica: its scheduler, the assignment a rebalance gives it and what it created. */
    final class Replica {
        volatile Assignment assignment = Assignment.NONE;
        final List<InvalidationListener.Submitted> submitted = new ArrayList<>();
        final InvalidationScheduler scheduler;
        int events;
        final String name;

        Replica(String name, Mode mode, boolean shared) {
            this.name = name;
            QuotaShares shares = shared
                    ? new PartitionShares(() -> assignment, (id, n) -> KEYED % n, mode, 3_000, 15, Duration.ZERO)
                    : QuotaShares.whole(3_000, 15);
            scheduler = ReplicaScheduler.of(cloudFront, clock, shares, submitted);
        }

        void hold(int... partitions) {
            assignment = new Assignment(bits(partitions), PARTITIONS);
        }

        CompletableFuture<Coverage> change(List<String> items) {
            return scheduler.submit(new ChangeBatch(name + "-" + events++, DIST, items.stream()
                    .map(InvalidationItem::of).toList(), List.of(), clock.instant(), clock.instant(), false));
        }

        long created() {
            return submitted.size();
        }
    }

    void run(List<Replica> replicas, Duration total) {
        Instant end = clock.instant().plus(total);
        while (clock.instant().isBefore(end)) {
            replicas.forEach(r -> r.scheduler.tick());
            clock.advance(Duration.ofMillis(200));
        }
    }

    static List<String> paths(String dir, int n) {
        return IntStream.range(0, n).mapToObj(i -> dir + "p" + i + ".html").toList();
    }

    long tooMany() {
        return cloudFront.errors().getOrDefault(CloudFrontFailure.TOO_MANY_IN_PROGRESS, 0L);
    }

    /** Three replicas all flooding the same distribution, rebalanced at random (revocations first, as Kafka does). */
    List<CompletableFuture<Coverage>> flood(List<Replica> replicas, long seed) {
        Random random = new Random(seed);
        int[] owner = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            owner[p] = p % replicas.size();
        }
        assign(replicas, owner);
        List<CompletableFuture<Coverage>> all = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            for (int r = 0; r < replicas.size(); r++) {
                String dir = "/tenants/t" + round + "r" + r + "/";
                List<String> items = new ArrayList<>(paths(dir, 400 + random.nextInt(900)));
                for (int w = 0; w < 1 + random.nextInt(4); w++) {
                    items.add(dir + "w" + w + "/*");
                }
                all.add(replicas.get(r).change(items));
            }
            run(replicas, Duration.ofSeconds(3 + random.nextInt(6)));
            if (round % 3 == 2) {
                // Rebalance: the moved partitions are first revoked from their holders (nobody holds them while the
                // group syncs), then assigned to their new holders.
                int[] next = owner.clone();
                for (int p = 0; p < PARTITIONS; p++) {
                    if (random.nextInt(3) == 0) {
                        next[p] = random.nextInt(replicas.size());
                    }
                }
                int[] revoked = owner.clone();
                for (int p = 0; p < PARTITIONS; p++) {
                    if (next[p] != owner[p]) {
                        revoked[p] = -1;
                    }
                }
                assign(replicas, revoked);
                run(replicas, Duration.ofMillis(300));
                assign(replicas, next);
                owner = next;
            }
        }
        // Kafka gives every partition to a member; the last rebalance may have left one replica without any.
        assign(replicas, IntStream.range(0, PARTITIONS).map(p -> p % replicas.size()).toArray());
        run(replicas, Duration.ofMinutes(3));
        return all;
    }

    static void assign(List<Replica> replicas, int[] owner) {
        for (int r = 0; r < replicas.size(); r++) {
            BitSet held = new BitSet();
            for (int p = 0; p < owner.length; p++) {
                if (owner[p] == r) {
                    held.set(p);
                }
            }
            replicas.get(r).assignment = new Assignment(held, owner.length);
        }
    }

    @Test
    void withoutSharesThreeReplicasFloodingOneDistributionExceedItsQuota() {
        List<Replica> replicas = List.of(new Replica("a", Mode.PARTITIONS, false), new Replica("b", Mode.PARTITIONS,
                false), new Replica("c", Mode.PARTITIONS, false));
        flood(replicas, 7);
        assertThat(tooMany()).as("the control: CloudFront refuses what the replicas together exceed").isPositive();
    }

    @Test
    void withPartitionSharesThreeReplicasFloodingOneDistributionStayWithinItsQuotaThroughRebalances() {
        List<Replica> replicas = List.of(new Replica("a", Mode.PARTITIONS, true), new Replica("b", Mode.PARTITIONS,
                true), new Replica("c", Mode.PARTITIONS, true));
        List<CompletableFuture<Coverage>> all = flood(replicas, 7);

        assertThat(tooMany()).isZero();
        assertThat(cloudFront.peakPaths()).isLessThanOrEqualTo(3_000);
        assertThat(cloudFront.peakWildcards()).isLessThanOrEqualTo(15);
        assertThat(all).as(() -> replicas.stream().map(r -> r.name + ": " + r.scheduler.queues()).toList().toString())
                .allMatch(CompletableFuture::isDone);
        assertThat(replicas).allSatisfy(r -> assertThat(r.created()).as(r.name).isPositive());
    }

    @Test
    void aReplicaWhoseShareShrankBelowWhatItHasInProgressSubmitsNothingUntilItIsBackWithinIt() {
        Replica a = new Replica("a", Mode.PARTITIONS, true);
        Replica b = new Replica("b", Mode.PARTITIONS, true);
        List<Replica> both = List.of(a, b);
        a.hold(0, 1, 2, 3, 4, 5);
        b.hold(6, 7, 8, 9, 10, 11);
        a.change(paths("/tenants/a/", 1_500));
        run(both, Duration.ofSeconds(3));
        assertThat(a.created()).isEqualTo(1);
        Instant inProgressUntil = a.submitted.getFirst().submittedAt().plus(cloudFront.settings().completionDelay());
        assertThat(Duration.between(clock.instant(), inProgressUntil)).isGreaterThan(Duration.ofSeconds(6));

        a.hold(0, 1, 2);
        run(both, Duration.ofMillis(300));
        b.hold(3, 4, 5, 6, 7, 8, 9, 10, 11);
        var later = a.change(paths("/tenants/a2/", 100));
        b.change(paths("/tenants/b/", 2_250));
        run(both, Duration.ofSeconds(4));
        assertThat(a.created()).as("a: 1,500 in progress over a share of 750").isEqualTo(1);
        assertThat(later).isNotDone();
        // b re-read on its gain and counts a's 1,500 against its 2,250: 750 go now (a conservative double count).
        assertThat(b.created()).isEqualTo(1);
        assertThat(b.submitted.getFirst().plan()).hasSize(750);

        // a learns of the completion at a poll (from the expected completion on).
        run(both, Duration.between(clock.instant(), inProgressUntil).plusSeconds(5));
        assertThat(later).isCompleted();
        assertThat(a.created()).isEqualTo(2);
        assertThat(tooMany()).isZero();
    }

    @Test
    void byKeyTheNewHolderCountsWhatThePreviousHolderLeftInProgressBeforeItSubmits() {
        Replica a = new Replica("a", Mode.KEY, true);
        Replica b = new Replica("b", Mode.KEY, true);
        List<Replica> both = List.of(a, b);
        a.hold(0, 1, 2, 3, 4, 5);
        b.hold(6, 7, 8, 9, 10, 11);
        // b has seen the distribution before (its ledger was read while empty): a stale ledger is the danger.
        var early = b.change(paths("/tenants/b0/", 1));
        run(both, Duration.ofSeconds(3));
        assertThat(b.created()).as("b does not hold the distribution's partition").isZero();
        a.change(paths("/tenants/a/", 3_000));
        a.change(List.of("/tenants/a/x/*", "/tenants/a/y/*"));
        run(both, Duration.ofSeconds(5));
        assertThat(a.created()).isPositive();

        a.hold(0, 1, 2, 4, 5);
        var stale = a.change(paths("/tenants/a3/", 10));
        run(both, Duration.ofMillis(300));
        b.hold(3, 6, 7, 8, 9, 10, 11);
        var redelivered = b.change(paths("/tenants/b1/", 500));
        run(both, Duration.ofSeconds(4));
        assertThat(b.created()).as("3,000 paths of a's still in progress").isZero();
        assertThat(tooMany()).isZero();

        run(both, Duration.ofSeconds(20));
        assertThat(early).isCompleted();
        assertThat(redelivered).isCompleted();
        assertThat(stale).as("a no longer holds the distribution").isNotDone();
        assertThat(tooMany()).isZero();
    }

    @Test
    void aNewHolderThatSkippedTheReadWouldExceedTheQuota() {
        // The control of the test above: b with the whole quota and no re-read on the handover.
        Replica a = new Replica("a", Mode.KEY, true);
        Replica b = new Replica("b", Mode.KEY, false);
        List<Replica> both = List.of(a, b);
        a.hold(3);
        b.change(paths("/tenants/b0/", 1));
        run(both, Duration.ofSeconds(3));
        a.change(paths("/tenants/a/", 3_000));
        run(both, Duration.ofSeconds(5));
        a.hold();
        b.change(paths("/tenants/b1/", 500));
        run(both, Duration.ofSeconds(5));
        assertThat(tooMany()).isPositive();
    }
}
