package io.edgeplane.distributor.domain;

import static io.edgeplane.distributor.domain.PartPlanner.GIB;
import static io.edgeplane.distributor.domain.PartPlanner.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PartPlannerTest {

    @ParameterizedTest(name = "{0} bytes in {1}-byte parts -> {2} parts of {3}, last {4}")
    @CsvSource({
            // just above the CopyObject limit, 512 MiB parts
            "5368709121, 536870912, 11, 536870912, 1",
            // exactly 6 GiB
            "6442450944, 536870912, 12, 536870912, 536870912",
            // 50 GiB in 5 GiB parts
            "53687091200, 5368709120, 10, 5368709120, 5368709120",
            // 5 TiB, the S3 maximum: 512 MiB would need 10,240 parts, so parts grow to fit 10,000
            "5497558138880, 536870912, 10000, 549755814, 549754694",
            // tiny object: one part
            "1, 5242880, 1, 1, 1"})
    void rangesAreContiguousWithinTheS3PartLimits(long size, long preferred, int count, long first, long last) {
        List<ByteRange> parts = new PartPlanner(preferred).parts(size);
        assertThat(parts).hasSize(count);
        assertThat(parts.getFirst().length()).isEqualTo(first);
        assertThat(parts.getLast().length()).isEqualTo(last);
        assertThat(parts.getFirst().first()).isZero();
        assertThat(parts.getLast().last()).isEqualTo(size - 1);
        for (int i = 1; i < parts.size(); i++) {
            assertThat(parts.get(i).first()).isEqualTo(parts.get(i - 1).last() + 1);
        }
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(p -> assertThat(p.length())
                .isBetween(PartPlanner.MIN_PART, PartPlanner.MAX_PART));
        assertThat(parts.size()).isLessThanOrEqualTo(PartPlanner.MAX_PARTS);
        assertThat(parts.stream().mapToLong(ByteRange::length).sum()).isEqualTo(size);
    }

    @Test
    void rangeHeaderIsInclusive() {
        assertThat(new PartPlanner(5 * MIB).parts(12 * MIB)).extracting(ByteRange::header).containsExactly(
                "bytes=0-5242879", "bytes=5242880-10485759", "bytes=10485760-12582911");
    }

    @Test
    void partSizesOutsideS3LimitsAndObjectsAbove5TiBAreRefused() {
        assertThatThrownBy(() -> new PartPlanner(5 * MIB - 1)).hasMessageContaining("5 MiB");
        assertThatThrownBy(() -> new PartPlanner(5 * GIB + 1)).hasMessageContaining("5 GiB");
        assertThatThrownBy(() -> new PartPlanner(5 * MIB).parts(PartPlanner.MAX_OBJECT + 1)).hasMessageContaining("5 TiB");
        assertThat(new PartPlanner(5 * MIB).parts(0)).isEmpty();
    }
}
