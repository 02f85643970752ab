package io.edgeplane.dns.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tenant's waits and clean-ups belong to the replica holding the partition its lifecycle events are sent to, so
 * the partition must be the producer's for a record keyed by the tenant id; nothing is held before an assignment.
 */
class TenantPartitionsTest {
    private static final List<String> TENANTS = IntStream.range(0, 200).mapToObj(i -> "tenant-" + i).toList();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 12})
    void aTenantIsInThePartitionTheProducerSendsItsEventsTo(int partitions) {
        for (String id : List.of("acme", "t-001", "ünïcode-tenant", "dom-owner", "owned-0")) {
            assertThat(TenantPartitions.partitionOf(id, partitions)).as(id)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
        }
    }

    @Test
    void beforeAnyAssignmentNoTenantIsThisReplicas() {
        TenantPartitions held = new TenantPartitions();

        assertThat(TENANTS).noneMatch(held::holds);
    }

    @Test
    void onlyTheTenantsOfHeldPartitionsAreThisReplicasAndARevokedPartitionsStopBeing() {
        TenantPartitions held = new TenantPartitions();
        held.assigned(Set.of(0, 2), 3);

        assertThat(TENANTS).filteredOn(held::holds)
                .isNotEmpty()
                .allMatch(id -> TenantPartitions.partitionOf(id, 3) != 1);
        assertThat(TENANTS).filteredOn(id -> !held.holds(id))
                .isNotEmpty()
                .allMatch(id -> TenantPartitions.partitionOf(id, 3) == 1);

        held.revoked(Set.of(2));
        assertThat(TENANTS).filteredOn(held::holds).allMatch(id -> TenantPartitions.partitionOf(id, 3) == 0);
        assertThat(TENANTS).filteredOn(id -> held.in(id, Set.of(2)))
                .isNotEmpty().noneMatch(held::holds);

        held.assigned(Set.of(1), 3); // cooperative: only what is new is reported
        assertThat(TENANTS).filteredOn(held::holds).allMatch(id -> TenantPartitions.partitionOf(id, 3) != 2);
    }
}
