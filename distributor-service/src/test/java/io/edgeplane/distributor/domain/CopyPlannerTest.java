package io.edgeplane.distributor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.CacheRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CopyPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T02:00:05Z");
    private static final Instant BEFORE = Instant.parse("2026-11-21T02:00:05Z");
    private static final DistributionTarget TARGET = new DistributionTarget("edgeplane-distribution", "data",
            "E1EDGEPLANE0001");
    private static final String SHA = "a".repeat(64);
    private static final String OTHER_SHA = "b".repeat(64);
    private static final String JSON_CACHE = "public, max-age=300";

    private final CopyPlanner planner = new CopyPlanner(CachePolicy.defaults());

    static SourceFile regions(String sha) {
        return new SourceFile("edgeplane-source", "aws-data/regions.json", "regions.json", sha, 9_600, "application/json");
    }

    static ManifestEntry entry(String sha, String cacheControl, String etag) {
        return new ManifestEntry(sha, cacheControl, "application/json", "edgeplane-source", "aws-data/regions.json",
                etag, BEFORE);
    }

    @Test
    void plansTheSeedsCopyWithEveryHeaderAndMetadata() {
        CopyPlan plan = planner.plan(TARGET, List.of(regions(SHA)), DistributionManifest.empty(TARGET.bucket()),
                Optional.empty(), NOW);
        assertThat(plan.unchanged()).isEmpty();
        PlannedCopy copy = plan.copies().getFirst();
        assertThat(copy.targetBucket()).isEqualTo("edgeplane-distribution");
        assertThat(copy.targetKey()).isEqualTo("data/regions.json");
        assertThat(copy.viewerPath()).isEqualTo("/data/regions.json");
        assertThat(copy.contentType()).isEqualTo("application/json");
        assertThat(copy.cacheControl()).isEqualTo(JSON_CACHE);
        assertThat(copy.cacheRule()).isEqualTo("json-data");
        assertThat(copy.metadata()).containsExactly(
                Map.entry("content-sha256", SHA),
                Map.entry("distributed-at", "2026-11-22T02:00:05Z"),
                Map.entry("source-bucket", "edgeplane-source"),
                Map.entry("source-key", "aws-data/regions.json"));
        assertThat(copy.multipart()).isFalse();
    }

    static Stream<Arguments> decisions() {
        String etag = "\"9f86d081884c7d659a2feaa0c55ad015\"";
        return Stream.of(
                Arguments.of("nothing recorded", Map.of(), Optional.empty(), true),
                Arguments.of("same content, headers and source", Map.of("data/regions.json", entry(SHA, JSON_CACHE, etag)),
                        Optional.empty(), false),
                Arguments.of("same, and the listing shows the recorded ETag",
                        Map.of("data/regions.json", entry(SHA, JSON_CACHE, etag)),
                        Optional.of(Map.of("data/regions.json", "9f86d081884c7d659a2feaa0c55ad015")), false),
                Arguments.of("content changed", Map.of("data/regions.json", entry(OTHER_SHA, JSON_CACHE, etag)),
                        Optional.empty(), true),
                Arguments.of("cache rule changed since", Map.of("data/regions.json",
                        entry(SHA, "public, max-age=60", etag)), Optional.empty(), true),
                Arguments.of("object deleted behind our back", Map.of("data/regions.json", entry(SHA, JSON_CACHE, etag)),
                        Optional.of(Map.of()), true),
                Arguments.of("object overwritten behind our back",
                        Map.of("data/regions.json", entry(SHA, JSON_CACHE, etag)),
                        Optional.of(Map.of("data/regions.json", "\"0000\"")), true),
                Arguments.of("recorded for another key", Map.of("data/services.json", entry(SHA, JSON_CACHE, etag)),
                        Optional.empty(), true));
    }

    @ParameterizedTest(name = "{0}: copy={3}")
    @MethodSource("decisions")
    void copiesOnlyWhatDiffersFromWhatTheDistributionBucketHolds(String situation, Map<String, ManifestEntry> recorded,
            Optional<Map<String, String>> listing, boolean copy) {
        CopyPlan plan = planner.plan(TARGET, List.of(regions(SHA)),
                new DistributionManifest(TARGET.bucket(), recorded), listing, NOW);
        assertThat(plan.copies()).hasSize(copy ? 1 : 0);
        assertThat(plan.unchanged()).hasSize(copy ? 0 : 1);
    }

    @Test
    void aManifestOfAnotherBucketCountsForNothing() {
        var manifest = new DistributionManifest("old-bucket", Map.of("data/regions.json", entry(SHA, JSON_CACHE, "e")));
        assertThat(planner.plan(TARGET, List.of(regions(SHA)), manifest, Optional.empty(), NOW).copies()).hasSize(1);
    }

    @ParameterizedTest(name = "prefix ''{0}'' -> {1}")
    @MethodSource("prefixes")
    void targetKeysFollowTheConfiguredPrefix(String prefix, String key) {
        var target = new DistributionTarget("b-bucket", prefix, "E1EDGEPLANE0001");
        assertThat(planner.plan(target, List.of(regions(SHA)), DistributionManifest.empty("b-bucket"), Optional.empty(),
                NOW).copies().getFirst().targetKey()).isEqualTo(key);
    }

    static Stream<Arguments> prefixes() {
        return Stream.of(Arguments.of("data", "data/regions.json"), Arguments.of("data/", "data/regions.json"),
                Arguments.of("/public/data/", "public/data/regions.json"), Arguments.of("", "regions.json"));
    }

    @Test
    void relativeNamesAreTakenBelowTheAnnouncedPrefix() {
        assertThat(SourceFile.relativeName("aws-data/regions.json", "aws-data/")).isEqualTo("regions.json");
        assertThat(SourceFile.relativeName("aws-data/v2/regions.json", "aws-data/")).isEqualTo("v2/regions.json");
        assertThat(SourceFile.relativeName("elsewhere/regions.json", "aws-data/")).isEqualTo("regions.json");
    }

    @Test
    void headersComeFromTheCachePolicyRuleThatMatchesTheTargetKey() {
        var policy = new CachePolicy(List.of(CacheRule.of("reports", "data/**/*.xlsx", "public, max-age=600"),
                CacheRule.of("default", "**", "no-cache")));
        var file = new SourceFile("edgeplane-source", "aws-data/report.xlsx", "report.xlsx", SHA, 10, "");
        PlannedCopy copy = new CopyPlanner(policy).plan(TARGET, List.of(file), DistributionManifest.empty(TARGET.bucket()),
                Optional.empty(), NOW).copies().getFirst();
        assertThat(copy.cacheControl()).isEqualTo("public, max-age=600");
        assertThat(copy.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    @Test
    void objectsAboveTheSingleCopyLimitAreCopiedInParts() {
        var big = new SourceFile("edgeplane-source", "aws-data/big.json", "big.json", SHA, PartPlanner.SINGLE_COPY_LIMIT + 1,
                "application/json");
        var exactly = new SourceFile("edgeplane-source", "aws-data/five.json", "five.json", SHA,
                PartPlanner.SINGLE_COPY_LIMIT, "application/json");
        CopyPlan plan = planner.plan(TARGET, List.of(big, exactly), DistributionManifest.empty(TARGET.bucket()),
                Optional.empty(), NOW);
        assertThat(plan.copies()).extracting(PlannedCopy::targetKey, PlannedCopy::multipart)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data/big.json", true),
                        org.assertj.core.groups.Tuple.tuple("data/five.json", false));
        assertThat(plan.copies().getFirst().parts()).hasSize(11);
    }
}
