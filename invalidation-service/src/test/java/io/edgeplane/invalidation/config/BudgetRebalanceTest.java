package io.edgeplane.invalidation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.InProgressShare;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.InvalidationListener;
import io.edgeplane.invalidation.domain.InvalidationScheduler;
import io.edgeplane.invalidation.domain.PartitionShares;
import io.edgeplane.invalidation.domain.PartitionShares.Mode;
import io.edgeplane.invalidation.domain.ReplicaScheduler;
import io.edgeplane.invalidation.simulated.SimulatedClock;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.platform.budget.AccountBudget;
import io.edgeplane.platform.budget.AccountBudgets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Replicas of the invalidation-service as their FilesDistributed consumers see a rebalance (MockConsumer driving the
 * platform's {@link AccountBudgets} listener, as SmallRye does): the account's CloudFront rate and each
 * distribution's in-progress quotas are shared so that the replicas' parts sum to the account's limit and to the
 * quotas; a replica that loses the distribution's partition stops submitting, and the new holder waits for what the
 * previous one left in progress.
 */
class BudgetRebalanceTest {
    static final String TOPIC = "edgeplane.files.distributed";
    static final int PARTITIONS = 12;
    static final double ACCOUNT_RATE = 2.0;
    static final String DIST = "E1EDGEPLANE0001";
    static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");

    final SimulatedClock clock = new SimulatedClock(T0);
    final SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
            .withRate(1_000, 1_000).withCompletionDelay(Duration.ofSeconds(10)), clock);

    /** One replica: its consumer, the platform's listener and budget, its shares and scheduler. */
    final class Replica {
        final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        final AccountBudgets budgets = budgets();
        final AccountBudget budget = budgets.register(Adapters.BUDGET, TOPIC, ACCOUNT_RATE);
        final PartitionShares shares;
        final InvalidationScheduler scheduler;
        final List<InvalidationListener.Submitted> submitted = new ArrayList<>();
        int events;

        Replica(Mode mode) {
            Node node = new Node(1, "127.0.0.1", 9092);
            consumer.updatePartitions(TOPIC, IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node})).toList());
            consumer.subscribe(List.of(TOPIC));
            shares = Adapters.quotaShares(budget, mode, 3_000, 15, Duration.ofSeconds(1));
            scheduler = ReplicaScheduler.of(cloudFront, clock, shares, submitted);
        }

        /** The revocation half of a rebalance: the listener first, while the consumer still holds them. */
        void revoke(Set<Integer> partitions) {
            Set<TopicPartition> leaving = tps(partitions);
            budgets.onPartitionsRevoked(consumer, leaving);
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(leaving);
            consumer.rebalance(kept);
        }

        /** The assignment half. */
        void assign(Set<Integer> partitions) {
            Set<TopicPartition> all = new HashSet<>(consumer.assignment());
            all.addAll(tps(partitions));
            consumer.rebalance(all);
            budgets.onPartitionsAssigned(consumer, tps(partitions));
            // The scheduler's next tick sees the gain (the grace runs from then).
            shares.effective(clock.instant());
        }

        CompletableFuture<?> change(List<String> paths) {
            return scheduler.submit(new ChangeBatch("e" + events++, DIST, paths.stream().map(InvalidationItem::of)
                    .toList(), List.of(), clock.instant(), clock.instant(), false));
        }

        InProgressShare share() {
            return shares.share(DIST, clock.instant());
        }
    }

    static AccountBudgets budgets() {
        AccountBudgets budgets = new AccountBudgets();
        try {
            // The bean's injected fields, set as CDI would.
            var registry = AccountBudgets.class.getDeclaredField("registry");
            registry.setAccessible(true);
            registry.set(budgets, (MeterRegistry) new SimpleMeterRegistry());
            var name = AccountBudgets.class.getDeclaredField("applicationName");
            name.setAccessible(true);
            name.set(budgets, "invalidation-service");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return budgets;
    }

    static Set<TopicPartition> tps(Set<Integer> partitions) {
        Set<TopicPartition> out = new HashSet<>();
        partitions.forEach(p -> out.add(new TopicPartition(TOPIC, p)));
        return out;
    }

    static Set<Integer> range(int from, int to) {
        Set<Integer> out = new HashSet<>();
        IntStream.range(from, to).forEach(out::add);
        return out;
    }

    void run(List<Replica> replicas, Duration total) {
        Instant end = clock.instant().plus(total);
        while (clock.instant().isBefore(end)) {
            replicas.forEach(r -> r.scheduler.tick());
            clock.advance(Duration.ofMillis(200));
        }
    }

    static double rate(List<Replica> replicas) {
        return replicas.stream().mapToDouble(r -> r.budget.rate()).sum();
    }

    static int paths(List<Replica> replicas) {
        return replicas.stream().mapToInt(r -> r.share().paths()).sum();
    }

    static int wildcards(List<Replica> replicas) {
        return replicas.stream().mapToInt(r -> r.share().wildcards()).sum();
    }

    @Test
    void threeReplicasSharesSumToTheAccountRateAndToEachQuotaAndARebalanceNeverOverSpends() {
        for (Mode mode : Mode.values()) {
            List<Replica> replicas = List.of(new Replica(mode), new Replica(mode), new Replica(mode));
            replicas.get(0).assign(range(0, 4));
            replicas.get(1).assign(range(4, 8));
            replicas.get(2).assign(range(8, 12));
            clock.advance(Duration.ofSeconds(1));

            assertThat(rate(replicas)).as(mode.name()).isCloseTo(ACCOUNT_RATE, offset(1e-9));
            assertThat(replicas).allSatisfy(r -> assertThat(r.budget.rate()).isCloseTo(ACCOUNT_RATE / 3, offset(1e-9)));
            assertThat(paths(replicas)).as(mode.name()).isEqualTo(3_000);
            assertThat(wildcards(replicas)).as(mode.name()).isEqualTo(15);

            // The third replica leaves: its partitions are first revoked, then assigned to the two others.
            replicas.get(2).revoke(range(8, 12));
            assertThat(rate(replicas)).isLessThanOrEqualTo(ACCOUNT_RATE * 2 / 3 + 1e-9);
            assertThat(paths(replicas)).isLessThanOrEqualTo(3_000);
            replicas.get(0).assign(range(8, 10));
            replicas.get(1).assign(range(10, 12));
            assertThat(paths(replicas)).as("a gain counts after the grace").isLessThanOrEqualTo(3_000);
            clock.advance(Duration.ofSeconds(1));
            List<Replica> survivors = replicas.subList(0, 2);
            assertThat(rate(survivors)).isCloseTo(ACCOUNT_RATE, offset(1e-9));
            assertThat(paths(survivors)).as(mode.name()).isEqualTo(3_000);
            assertThat(wildcards(survivors)).as(mode.name()).isEqualTo(15);
        }
    }

    @Test
    void aReplicaThatLosesTheDistributionsPartitionStopsSubmittingAndTheNewHolderWaitsForWhatItLeft() {
        int keyed = Adapters.partitionOf(DIST, PARTITIONS);
        Replica a = new Replica(Mode.KEY);
        Replica b = new Replica(Mode.KEY);
        List<Replica> both = List.of(a, b);
        Set<Integer> rest = range(0, PARTITIONS);
        rest.remove(keyed);
        a.assign(Set.of(keyed));
        b.assign(rest);
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.share()).isEqualTo(InProgressShare.whole(3_000, 15));
        assertThat(b.share()).isEqualTo(InProgressShare.NONE);

        // b read the distribution while it was empty (a REST request reached it): a stale ledger is the danger.
        var early = b.change(List.of("/tenants/b/early.html"));
        run(both, Duration.ofSeconds(1));
        assertThat(b.submitted).isEmpty();
        a.change(IntStream.range(0, 3_000).mapToObj(i -> "/tenants/a/p" + i + ".html").toList());
        run(both, Duration.ofSeconds(2));
        assertThat(a.submitted).hasSize(1);

        a.revoke(Set.of(keyed));
        var stale = a.change(List.of("/tenants/a/late.html"));
        b.assign(Set.of(keyed));
        var moved = b.change(List.of("/tenants/b/first.html"));
        run(both, Duration.ofSeconds(5));
        assertThat(a.submitted).as("a no longer holds the distribution").hasSize(1);
        assertThat(b.submitted).as("a's 3,000 paths are still in progress").isEmpty();
        assertThat(stale).isNotDone();

        run(both, Duration.ofSeconds(20));
        assertThat(moved).isCompleted();
        assertThat(early).isCompleted();
        assertThat(b.submitted).hasSize(1);
        assertThat(b.submitted.getFirst().submittedAt()).isAfterOrEqualTo(T0.plusSeconds(2 + 10));
        assertThat(cloudFront.errors()).doesNotContainKey(CloudFrontFailure.TOO_MANY_IN_PROGRESS);
    }
}
