package io.edgeplane.distributor.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributedPartsTest {
    private static FilesDistributed part(List<String> paths, List<FilesDistributed.FileResult> results) {
        return new FilesDistributed("E1EDGEPLANE0001", "edgeplane-distribution", "deployment", "t1", paths,
                List.of("tenant-t1"), results, results.size(), 0, 100_000, false, null, Instant.EPOCH, List.of("cause"));
    }

    @Test
    void aLargeChangeGoesOutInPartsWithinTheItemAndByteLimitsEveryFileOnceInOrder() {
        List<FilesDistributed> sent = new ArrayList<>();
        DistributedParts parts = new DistributedParts(DeploymentPromoter.MAX_EVENT_ITEMS, DeploymentPromoter.MAX_EVENT_BYTES,
                DistributedPartsTest::part, sent::add);
        String deep = "d/".repeat(90);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 12_345; i++) {
            String key = "tenants/t1/deployments/current/" + deep + "page-\u00e9-" + i + ".html";
            parts.result(new FilesDistributed.FileResult("tenants/t1/builds/b2/" + deep + i, key, FileStatus.COPIED,
                    null, null));
            if (i % 3 != 0) {
                parts.path("/" + key);
                paths.add("/" + key);
            }
        }
        assertThat(sent).as("nothing held back until the end").isNotEmpty();
        parts.flush();

        assertThat(sent).allSatisfy(e -> {
            assertThat(e.changedPaths().size()).isLessThanOrEqualTo(DeploymentPromoter.MAX_EVENT_ITEMS);
            assertThat(e.results().size()).isLessThanOrEqualTo(DeploymentPromoter.MAX_EVENT_ITEMS);
            assertThat(CloudEventCodec.encodeData(e).length).isLessThanOrEqualTo(DeploymentPromoter.MAX_EVENT_BYTES);
        });
        assertThat(sent.stream().flatMap(e -> e.changedPaths().stream()).toList()).containsExactlyElementsOf(paths);
        assertThat(sent.stream().mapToInt(e -> e.results().size()).sum()).isEqualTo(12_345);
        assertThat(parts.sent()).isEqualTo(sent.size());
    }

    @Test
    void aPartThatEncodesTooLargeIsHalvedUntilItFits() {
        List<FilesDistributed> sent = new ArrayList<>();
        // a byte budget the estimate cannot see coming: control characters JSON escapes six-fold
        DistributedParts parts = new DistributedParts(5000, 20_000, DistributedPartsTest::part, sent::add);
        for (int i = 0; i < 40; i++) {
            parts.path("/" + "\u0001".repeat(200) + i);
        }
        parts.flush();
        assertThat(sent.size()).isGreaterThan(1);
        assertThat(sent).allSatisfy(e -> assertThat(CloudEventCodec.encodeData(e).length).isLessThanOrEqualTo(20_000));
        assertThat(sent.stream().mapToInt(e -> e.changedPaths().size()).sum()).isEqualTo(40);
    }
}
