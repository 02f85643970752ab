package io.edgeplane.platform.budget;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * This replica's part of an account-wide budget: the partitions of the driving topic it is assigned, out of all
 * partitions of that topic. Kafka assigns each partition to at most one member of a consumer group, so the
 * fractions of all live replicas sum to at most one, and to exactly one once every partition is assigned.
 */
public record BudgetShare(int assigned, int total) {
    /** Before the first assignment a replica owns nothing and may spend nothing. */
    public static final BudgetShare NONE = new BudgetShare(0, 0);

    public BudgetShare {
        if (assigned < 0 || total < 0 || assigned > total) {
            throw new IllegalArgumentException("assigned must be within 0.." + total + ", was " + assigned);
        }
    }

    public static BudgetShare of(String topic, Collection<TopicPartition> assignment, int topicPartitions) {
        int assigned = (int) assignment.stream().filter(p -> p.topic().equals(topic)).count();
        return new BudgetShare(Math.min(assigned, topicPartitions), topicPartitions);
    }

    public double fraction() {
        return total == 0 ? 0 : (double) assigned / total;
    }
}
