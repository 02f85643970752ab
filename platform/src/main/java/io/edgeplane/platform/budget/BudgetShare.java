package io.edgeplane.platform.budget;

import java.util.Collection;
import java.util.Set;
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

    /**
     * Counts only the partitions that carry work: when the work's keys are known (the dns-service's hosted zones
     * key its zone-changes topic), a partition no key maps to would hold budget nobody can spend. The replicas'
     * fractions still sum to one, over the partitions that matter.
     */
    public static BudgetShare of(String topic, Collection<TopicPartition> assignment, Set<Integer> working) {
        int assigned = (int) assignment.stream()
                .filter(p -> p.topic().equals(topic) && working.contains(p.partition())).count();
        return new BudgetShare(assigned, working.size());
    }

    public double fraction() {
        return total == 0 ? 0 : (double) assigned / total;
    }
}
