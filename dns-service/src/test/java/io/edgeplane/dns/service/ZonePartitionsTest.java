package io.edgeplane.dns.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Route 53 budget counts the zone-changes partitions the managed zones' ids are sent to; it must agree with
 * the producer's partitioner, or the replica that writes a zone would hold no budget for it.
 */
class ZonePartitionsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 12})
    void theBudgetCountsThePartitionsTheProducerSendsEachZoneTo(int partitions) {
        List<String> zones = List.of("Z0EDGEPLANE0001", "Z1PA6795UKMFR9", "Z2EXAMPLE", "Z3OTHERZONE", "Z04567ABCDEFG");

        var expected = new java.util.TreeSet<Integer>();
        zones.forEach(z -> expected.add(BuiltInPartitioner.partitionForKey(z.getBytes(StandardCharsets.UTF_8), partitions)));

        assertThat(DnsAdapters.zonePartitions(zones, partitions)).containsExactlyElementsOf(expected);
    }
}
