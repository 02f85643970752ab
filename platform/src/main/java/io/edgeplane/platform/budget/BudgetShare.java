package io.edgeplane.platform.budget;

import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/**
 * This replica's part of an account-wide budget: of the {@code total} partitions that carry the budget's work, the
 * {@code owned} positions (in partition order) are assigned to it. Kafka assigns each partition to at most one
 * member of a consumer group, so the owned positions of all live replicas are disjoint: their fractions sum to at
 * most one, and to exactly one once every partition is assigned.
 */
public record BudgetShare(int assigned, int total, BitSet owned) {
    /** Before the first assignment a replica owns nothing and may spend nothing. */
    public static final BudgetShare NONE = new BudgetShare(0, 0);

    public BudgetShare {
        if (assigned < 0 || total < 0 || assigned > total) {
            throw new IllegalArgumentException("assigned must be within 0.." + total + ", was " + assigned);
        }
        owned = (BitSet) owned.clone();
        if (owned.cardinality() != assigned || owned.length() > total) {
            throw new IllegalArgumentException("owned positions " + owned + " do not match " + assigned + " of " + total);
        }
    }

    /** The first {@code assigned} positions. */
    public BudgetShare(int assigned, int total) {
        this(assigned, total, first(Math.max(0, Math.min(assigned, total))));
    }

    private static BitSet first(int n) {
        BitSet bits = new BitSet();
        bits.set(0, n);
        return bits;
    }

    public static BudgetShare of(String topic, Collection<TopicPartition> assignment, int topicPartitions) {
        return of(topic, assignment, IntStream.range(0, topicPartitions).boxed().toList());
    }

    /**
     * Counts only the partitions that carry work: when the work's keys are known (the dns-service's hosted zones
     * key its zone-changes topic), a partition no key maps to would hold budget nobody can spend. The replicas'
     * fractions still sum to one, over the partitions that matter.
     */
    public static BudgetShare of(String topic, Collection<TopicPartition> assignment, Set<Integer> working) {
        return of(topic, assignment, working.stream().sorted().toList());
    }

    private static BudgetShare of(String topic, Collection<TopicPartition> assignment, List<Integer> working) {
        BitSet owned = new BitSet();
        for (int position = 0; position < working.size(); position++) {
            if (assignment.contains(new TopicPartition(topic, working.get(position)))) {
                owned.set(position);
            }
        }
        return new BudgetShare(owned.cardinality(), working.size(), owned);
    }

    public double fraction() {
        return total == 0 ? 0 : (double) assigned / total;
    }

    /** Whether slot {@code k} of the account's grid is this replica's: slot k belongs to position k mod total. */
    boolean ownsSlot(long k) {
        return total > 0 && owned.get((int) Math.floorMod(k, (long) total));
    }
}
