package io.edgeplane.distributor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.Constraints;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.platform.cache.CachePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DistributionReportTest {
    private static final Instant T0 = Instant.parse("2026-11-22T02:00:05Z");
    private static final DistributionTarget TARGET = new DistributionTarget("edgeplane-distribution", "data",
            "E1EDGEPLANE0001");

    private static SourceFile file(String name, char sha) {
        return new SourceFile("edgeplane-source", "aws-data/" + name, name, String.valueOf(sha).repeat(64), 100,
                "application/json");
    }

    /** complete-data.json copied, regions.json failed, services.json already in place. */
    private static CopyPlan plan() {
        var planner = new CopyPlanner(CachePolicy.defaults());
        var manifest = new DistributionManifest(TARGET.bucket(), Map.of("data/services.json",
                new ManifestEntry("c".repeat(64), "public, max-age=300", "application/json", "edgeplane-source",
                        "aws-data/services.json", "etag-s", T0.minusSeconds(86_400)),
                "data/regions.json", new ManifestEntry("0".repeat(64), "public, max-age=300", "application/json",
                        "edgeplane-source", "aws-data/regions.json", "etag-old-r", T0.minusSeconds(86_400))));
        return planner.plan(TARGET, List.of(file("complete-data.json", 'a'), file("regions.json", 'b'),
                file("services.json", 'c')), manifest, Optional.empty(), T0);
    }

    private static List<CopyOutcome> outcomes(CopyPlan plan) {
        return List.of(
                CopyOutcome.copied(plan.copies().get(0), "\"etag-c\"", 1, Duration.ofMillis(40), T0.plusSeconds(1)),
                CopyOutcome.failed(plan.copies().get(1), "The specified key does not exist. (HTTP 404)", "NoSuchKey", 1,
                        Duration.ofMillis(5), T0.plusSeconds(1)));
    }

    @Test
    void partialDistributionReportsEachFileTotalsAndOnlyTheCopiedPath() {
        CopyPlan plan = plan();
        FilesDistributed event = DistributionReport.distributed(plan, outcomes(plan), T0.plusSeconds(2),
                List.of("event-1"));
        assertThat(event.distributionId()).isEqualTo("E1EDGEPLANE0001");
        assertThat(event.bucket()).isEqualTo("edgeplane-distribution");
        assertThat(event.origin()).isEqualTo("data");
        assertThat(event.changedPaths()).containsExactly("/data/complete-data.json");
        assertThat(event.results()).containsExactly(
                new FilesDistributed.FileResult("aws-data/complete-data.json", "data/complete-data.json", FileStatus.COPIED,
                        null, null),
                new FilesDistributed.FileResult("aws-data/regions.json", "data/regions.json", FileStatus.FAILED,
                        "The specified key does not exist. (HTTP 404)", "NoSuchKey"),
                new FilesDistributed.FileResult("aws-data/services.json", "data/services.json", FileStatus.UNCHANGED,
                        null, null));
        assertThat(event.successCount()).isEqualTo(2);
        assertThat(event.failureCount()).isEqualTo(1);
        assertThat(event.totalFiles()).isEqualTo(3);
        assertThat(event.skipped()).isFalse();
        assertThat(event.changedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(event.causedBy()).containsExactly("event-1");
        assertThat(DistributionReport.successRatio(event)).isEqualTo(2.0 / 3);
        Constraints c = new Constraints();
        event.check(c);
        assertThat(c.violations()).isEmpty();
    }

    @Test
    void nextManifestRecordsCopiesAndKeepsWhatFailedFilesHadBefore() {
        CopyPlan plan = plan();
        DistributionManifest before = new DistributionManifest(TARGET.bucket(), Map.of("data/regions.json",
                new ManifestEntry("0".repeat(64), "public, max-age=300", "application/json", "edgeplane-source",
                        "aws-data/regions.json", "etag-old-r", T0.minusSeconds(86_400))));
        DistributionManifest next = DistributionReport.nextManifest(before, plan, outcomes(plan));
        assertThat(next.entries()).containsOnlyKeys("data/complete-data.json", "data/regions.json");
        assertThat(next.entries().get("data/complete-data.json")).isEqualTo(new ManifestEntry("a".repeat(64),
                "public, max-age=300", "application/json", "edgeplane-source", "aws-data/complete-data.json",
                "\"etag-c\"", T0.plusSeconds(1)));
        assertThat(next.entries().get("data/regions.json").etag()).isEqualTo("etag-old-r");
    }

    @Test
    void nothingToCopyMeansNoChangedPathsAndAllSucceeded() {
        var planner = new CopyPlanner(CachePolicy.defaults());
        var plan = planner.plan(TARGET, List.of(), DistributionManifest.empty(TARGET.bucket()), Optional.empty(), T0);
        FilesDistributed event = DistributionReport.distributed(plan, List.of(), T0, List.of("e"));
        assertThat(event.changedPaths()).isEmpty();
        assertThat(event.changedAt()).isEqualTo(T0);
        assertThat(DistributionReport.successRatio(event)).isEqualTo(1.0);
    }

    @Test
    void skippedReportsEveryFileAsSkippedWithTheReasonAndHonoursTheContract() {
        FilesDistributed event = DistributionReport.skipped("Distribution bucket not configured", null, null,
                List.of(file("regions.json", 'b'), file("complete-data.json", 'a')), T0, List.of("e"));
        assertThat(event.skipped()).isTrue();
        assertThat(event.skipReason()).isEqualTo("Distribution bucket not configured");
        assertThat(event.results()).extracting(FilesDistributed.FileResult::sourceKey, FilesDistributed.FileResult::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aws-data/complete-data.json", FileStatus.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple("aws-data/regions.json", FileStatus.SKIPPED));
        assertThat(event.totalFiles()).isEqualTo(2);
        assertThat(event.changedPaths()).isEmpty();
        assertThat(event.key()).isEqualTo("unconfigured");
        Constraints c = new Constraints();
        event.check(c);
        assertThat(c.violations()).isEmpty();
    }
}
