package io.edgeplane.platform.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replicas of one consumer group on a real broker: their budget shares follow the group's assignment, always sum
 * to at most the account limit, and a replica that leaves hands its share to the survivors.
 */
class BudgetRebalanceTest {
    private static final String DRIVING = "budget-lifecycle";
    private static final String OTHER = "budget-status";
    private static final double LIMIT = 5.0;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(DRIVING, 6, (short) 1), new NewTopic(OTHER, 4, (short) 1)))
                    .all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** One replica: a consumer of the group and the budget its rebalance listener keeps current. */
    private record Replica(KafkaConsumer<byte[], byte[]> consumer, AccountBudget budget) {
    }

    private Replica replica(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 10_000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        AccountBudget budget = new AccountBudget("route53", DRIVING, LIMIT);
        consumer.subscribe(List.of(DRIVING, OTHER), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                AccountBudgets.reassign(List.of(budget), consumer, consumer.assignment(), partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                AccountBudgets.reassign(List.of(budget), consumer, consumer.assignment(), Set.of());
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        });
        return new Replica(consumer, budget);
    }

    /** Polls every replica in turn until the predicate holds, checking the account-wide sum after each poll. */
    private static void pollUntil(List<Replica> replicas, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("rebalance did not settle").isLessThan(deadline);
            for (Replica replica : replicas) {
                replica.consumer().poll(Duration.ofMillis(50));
                assertThat(total(replicas)).as("account-wide pace").isLessThanOrEqualTo(LIMIT + 1e-9);
            }
        }
    }

    private static double total(List<Replica> replicas) {
        return replicas.stream().mapToDouble(r -> r.budget().rate()).sum();
    }

    @Test
    void sharesFollowTheGroupsAssignmentAndSurvivorsTakeOverALeaversShare() {
        List<Replica> replicas = new ArrayList<>(List.of(replica("g1"), replica("g1"), replica("g1")));
        try {
            pollUntil(replicas, () -> replicas.stream().allMatch(r -> r.budget().share().assigned() == 2));

            assertThat(total(replicas)).isCloseTo(LIMIT, org.assertj.core.data.Offset.offset(1e-9));
            // The other topic's partitions are assigned too, but do not count towards this budget.
            assertThat(replicas.stream().mapToInt(r -> r.consumer().assignment().size()).sum()).isEqualTo(10);
            assertThat(replicas).allSatisfy(r -> assertThat(r.budget().rate())
                    .isCloseTo(LIMIT / 3, org.assertj.core.data.Offset.offset(1e-9)));

            Replica leaver = replicas.removeFirst();
            leaver.consumer().close();

            pollUntil(replicas, () -> replicas.stream().allMatch(r -> r.budget().share().assigned() == 3));
            assertThat(total(replicas)).isCloseTo(LIMIT, org.assertj.core.data.Offset.offset(1e-9));
        } finally {
            replicas.forEach(r -> r.consumer().close());
        }
    }
}
