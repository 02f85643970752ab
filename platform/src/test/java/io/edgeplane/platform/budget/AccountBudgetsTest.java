package io.edgeplane.platform.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The listener side: budgets follow the channel's assignment, also when their first user appears after it. */
class AccountBudgetsTest {
    private static AccountBudgets budgets() {
        AccountBudgets budgets = new AccountBudgets();
        budgets.registry = new SimpleMeterRegistry();
        budgets.applicationName = "dns-service";
        return budgets;
    }

    private static MockConsumer<byte[], byte[]> consumerHolding(String topic, int partitions, int... held) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        Node node = new Node(1, "127.0.0.1", 9092);
        List<PartitionInfo> infos = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node})).toList();
        consumer.updatePartitions(topic, infos);
        consumer.subscribe(List.of(topic));
        consumer.rebalance(java.util.Arrays.stream(held).mapToObj(p -> new TopicPartition(topic, p)).toList());
        return consumer;
    }

    @Test
    void aBudgetRegisteredAfterTheAssignmentStartsWithItsShare() {
        AccountBudgets budgets = budgets();
        MockConsumer<byte[], byte[]> consumer = consumerHolding("zone-changes", 6, 2, 3);
        budgets.onPartitionsAssigned(consumer, consumer.assignment());

        AccountBudget late = budgets.register("route53", "zone-changes", 4.0, n -> Set.of(3, 5));

        assertThat(late.share()).isEqualTo(new BudgetShare(1, 2));
        assertThat(late.rate()).isEqualTo(2.0);
        assertThat(budgets.registry.get("edgeplane.dns.budget.share.ratio").tag("budget", "route53").gauge().value())
                .isEqualTo(0.5);
    }

    @Test
    void aRevocationTakesTheShareAwayBeforeThePartitionsMove() {
        AccountBudgets budgets = budgets();
        AccountBudget budget = budgets.register("route53", "zone-changes", 4.0);
        MockConsumer<byte[], byte[]> consumer = consumerHolding("zone-changes", 4, 0, 1);
        budgets.onPartitionsAssigned(consumer, consumer.assignment());
        assertThat(budget.rate()).isEqualTo(2.0);

        budgets.onPartitionsRevoked(consumer, Set.of(new TopicPartition("zone-changes", 1)));

        assertThat(budget.share()).isEqualTo(new BudgetShare(1, 4));
    }

    @Test
    void aConsumerOfAnotherTopicLeavesTheBudgetAlone() {
        AccountBudgets budgets = budgets();
        AccountBudget budget = budgets.register("route53", "zone-changes", 4.0);
        MockConsumer<byte[], byte[]> zoneChanges = consumerHolding("zone-changes", 2, 0, 1);
        budgets.onPartitionsAssigned(zoneChanges, zoneChanges.assignment());
        MockConsumer<byte[], byte[]> lifecycle = consumerHolding("lifecycle", 3);

        budgets.onPartitionsAssigned(lifecycle, lifecycle.assignment());

        assertThat(budget.rate()).isEqualTo(4.0);
        assertThat(Map.of("share", budget.share())).containsEntry("share", new BudgetShare(2, 2));
    }

    @Test
    void handlersHearWhichPartitionsOfTheirTopicAreGivenUpAndNothingElse() {
        AccountBudgets budgets = budgets();
        List<Set<TopicPartition>> released = new java.util.ArrayList<>();
        budgets.onRelease("zone-changes", released::add);
        MockConsumer<byte[], byte[]> consumer = consumerHolding("zone-changes", 3, 0, 1, 2);
        budgets.onPartitionsAssigned(consumer, consumer.assignment());
        assertThat(released).as("an assignment releases nothing").isEmpty();

        budgets.onPartitionsRevoked(consumer, Set.of(new TopicPartition("zone-changes", 1),
                new TopicPartition("lifecycle", 1)));
        consumer.rebalance(List.of(new TopicPartition("zone-changes", 0), new TopicPartition("zone-changes", 2)));
        budgets.onPartitionsLost(consumer, Set.of(new TopicPartition("zone-changes", 2)));

        assertThat(released).containsExactly(Set.of(new TopicPartition("zone-changes", 1)),
                Set.of(new TopicPartition("zone-changes", 2)));
        assertThat(budgets.holds(new TopicPartition("zone-changes", 0))).isTrue();
        assertThat(budgets.holds(new TopicPartition("zone-changes", 1))).as("revoked").isFalse();
        assertThat(budgets.holds(new TopicPartition("zone-changes", 2))).as("lost").isFalse();
        assertThat(budgets.holds(new TopicPartition("unreported", 0))).as("a topic nobody reports").isTrue();
    }
}
