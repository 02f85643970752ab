package io.edgeplane.dns.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * This replica's holds on the zone-changes partitions. A change is taken under the lease of its partition; when the
 * consumer gives the partition up, the lease ends, and everything taken under it stops being this replica's to
 * write, announce or acknowledge: the partition's next owner receives it again from the last committed offset.
 * A record that reaches the writer after its partition was given up (it was polled before) gets no lease at all.
 */
final class PartitionLeases {
    /** One hold on one partition, from the first record taken after it was assigned until it is given up. */
    static final class Lease {
        final TopicPartition partition;
        private volatile boolean ended;

        private Lease(TopicPartition partition) {
            this.partition = partition;
        }

        boolean ended() {
            return ended;
        }
    }

    private final Predicate<TopicPartition> held;
    private final Map<TopicPartition, Lease> current = new HashMap<>();

    /** @param held whether the consumer holds the partition now (the rebalance listener's view) */
    PartitionLeases(Predicate<TopicPartition> held) {
        this.held = held;
    }

    /** The lease a record of this partition is taken under, or null when the partition is no longer held. */
    synchronized Lease take(TopicPartition partition) {
        if (!held.test(partition)) {
            return null;
        }
        return current.computeIfAbsent(partition, Lease::new);
    }

    /** Ends the leases of partitions given up; a later assignment of the same partition starts a new lease. */
    synchronized void release(Set<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Lease lease = current.remove(tp);
            if (lease != null) {
                lease.ended = true;
            }
        }
    }
}
