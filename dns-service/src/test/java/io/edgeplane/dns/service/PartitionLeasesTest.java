package io.edgeplane.dns.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What is this replica's to write after a rebalance, and what belongs to the partition's next owner. */
class PartitionLeasesTest {
    private static final TopicPartition P0 = new TopicPartition("zone-changes", 0);
    private static final TopicPartition P1 = new TopicPartition("zone-changes", 1);

    private final Set<TopicPartition> held = new HashSet<>(Set.of(P0, P1));
    private final PartitionLeases leases = new PartitionLeases(held::contains);

    @Test
    void aRecordPolledBeforeItsPartitionWasGivenUpGetsNoLease() {
        held.remove(P1); // the listener already gave it up; the record was still on its way to the writer
        assertThat(leases.take(P1)).isNull();
        assertThat(leases.take(P0)).isNotNull();
    }

    @Test
    void givingAPartitionUpEndsItsLeaseOnlyAndARenewedAssignmentStartsAFreshOne() {
        PartitionLeases.Lease first = leases.take(P0);
        PartitionLeases.Lease other = leases.take(P1);
        assertThat(leases.take(P0)).as("one lease per hold").isSameAs(first);

        held.remove(P0);
        leases.release(Set.of(P0));

        assertThat(first.ended()).isTrue();
        assertThat(other.ended()).isFalse();
        // Eager assignors give every partition up and may hand it straight back: what was taken before stays ended
        // (its records come again from the committed offset), what arrives now is this replica's again.
        held.add(P0);
        PartitionLeases.Lease again = leases.take(P0);
        assertThat(again).isNotSameAs(first);
        assertThat(again.ended()).isFalse();
        assertThat(first.ended()).isTrue();
    }
}
