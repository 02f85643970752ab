package io.edgeplane.dns.service;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * Which tenants are this replica's to wait for and clean up: those whose lifecycle events (keyed by tenant id) land
 * on a partition of the tenant-lifecycle topic this replica's consumer holds. Every replica reads every tenant's
 * desired state, so without this each would poll CloudFront and switch records for all of them. Until the consumer
 * has been given partitions, nothing is held.
 */
public final class TenantPartitions {
    private record Assignment(Set<Integer> held, int partitions) {
    }

    private volatile Assignment current = new Assignment(Set.of(), 0);

    /** The partition the producer's default partitioner sends a record keyed by this tenant id to. */
    public static int partitionOf(String tenantId, int partitions) {
        return Utils.toPositive(Utils.murmur2(tenantId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Whether the tenant's partition is held now. */
    public boolean holds(String tenantId) {
        Assignment a = current;
        return a.partitions() > 0 && a.held().contains(partitionOf(tenantId, a.partitions()));
    }

    /** Whether the tenant's partition is one of these (of the topic's current partition count). */
    public boolean in(String tenantId, Set<Integer> partitions) {
        int count = current.partitions();
        return count > 0 && partitions.contains(partitionOf(tenantId, count));
    }

    /** The consumer was given these partitions of a topic that has {@code partitions} in all. */
    public synchronized void assigned(Collection<Integer> assigned, int partitions) {
        Set<Integer> held = new HashSet<>(current.held());
        held.addAll(assigned);
        current = new Assignment(Set.copyOf(held), partitions);
    }

    /** The consumer gave these partitions up (revoked or lost). */
    public synchronized void revoked(Collection<Integer> revoked) {
        Set<Integer> held = new HashSet<>(current.held());
        held.removeAll(revoked);
        current = new Assignment(Set.copyOf(held), current.partitions());
    }
}
