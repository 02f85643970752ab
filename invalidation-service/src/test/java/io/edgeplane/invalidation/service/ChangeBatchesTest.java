package io.edgeplane.invalidation.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.ChangeAdmission;
import io.edgeplane.invalidation.domain.CostModel;
import io.edgeplane.invalidation.domain.InvalidationPlanner;
import io.edgeplane.invalidation.domain.LearnedPopulation;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.invalidation.domain.PlanInput;
import io.edgeplane.invalidation.domain.SetRoots;
import io.edgeplane.platform.ownership.Ownership;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a FilesDistributed teaches the population: owner-less sets declare their total under their set root. */
class ChangeBatchesTest {
    private static final long PRIOR = 100_000;
    private static final ChangeAdmission ADMISSION = new ChangeAdmission(Ownership.DEFAULTS);
    private static final List<String> FETCHED = List.of("data/complete-data.json", "data/regions.json",
            "data/services.json");

    /** The distributor's data event: every file of the fetched set in results, its size in totalFiles. */
    @Test
    void aDataRefreshDeclaresTheWholeSetUnderTheDataRootSoItsChangesAreOneWildcard() {
        Set<String> changed = Set.of("/data/complete-data.json", "/data/regions.json", "/data/services.json");
        LearnedPopulation population = learn(event("data", FETCHED, Set.copyOf(FETCHED), 3));
        assertThat(population.estimateUnder("/data/")).isEqualTo(3);
        // All three changed: /data/* costs 1 + a slot and no collateral (2), the paths 3 items.
        var planner = new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT);
        assertThat(planner.plan(PlanInput.paths(changed, 3_000, 15), population).values()).containsExactly("/data/*");
        // Unknown, /data/ is assumed to hold the prior: the wildcard would cost about 1,000, the paths stay.
        LearnedPopulation unknown = new LearnedPopulation(PRIOR, 200_000);
        assertThat(planner.plan(PlanInput.paths(changed, 3_000, 15), unknown).values())
                .containsExactlyInAnyOrderElementsOf(changed);
        // Two of three changed: one collateral object makes the wildcard 2.01 > 2 paths; the estimate is exact.
        LearnedPopulation two = learn(event("data", FETCHED, Set.of("data/complete-data.json", "data/regions.json"), 3));
        assertThat(two.estimateUnder("/data/")).isEqualTo(3);
    }

    @Test
    void aSetOfAnotherOriginOrWithAFileOutsideTheRootDeclaresNothingAndThePriorStays() {
        // Media is no set root: one item's renditions say nothing about the rest of /media/.
        LearnedPopulation media = learn(event("media", List.of("media/m1/v1/a.webp"), Set.of("media/m1/v1/a.webp"), 1));
        assertThat(media.estimateUnder("/media/")).isGreaterThanOrEqualTo(PRIOR);
        // A "data" event listing a file outside /data/ is not what the distributor sends for the data set.
        List<String> odd = List.of("data/regions.json", "static/app.js");
        LearnedPopulation stray = learn(event("data", odd, Set.of("data/regions.json"), 2));
        assertThat(stray.estimateUnder("/data/")).isGreaterThanOrEqualTo(PRIOR);
        // Nor does one whose copied files are not its changed paths (inconsistent results).
        LearnedPopulation inconsistent = learn(event("data", FETCHED, Set.of("data/regions.json"), 3,
                List.of("/data/other.json")));
        assertThat(inconsistent.estimateUnder("/data/")).isGreaterThanOrEqualTo(PRIOR);
        // Without the default root configured, data falls back to the prior too.
        FilesDistributed data = event("data", FETCHED, Set.of("data/regions.json"), 3);
        LearnedPopulation none = new LearnedPopulation(PRIOR, 200_000);
        ChangeBatches.learn(none, ADMISSION, new SetRoots(Map.of()), ChangeBatches.of(envelope(data),
                PathNormalizer.defaults(), ADMISSION), data);
        assertThat(none.estimateUnder("/data/")).isGreaterThanOrEqualTo(PRIOR);
    }

    /** Errs high: a results list shorter than the total declares the total; a larger list, the list. */
    @Test
    void theDeclaredSetTotalIsNeverBelowWhatTheEventLists() {
        LearnedPopulation partial = learn(event("data", List.of("data/regions.json"), Set.of("data/regions.json"), 40));
        assertThat(partial.estimateUnder("/data/")).isEqualTo(40);
        LearnedPopulation understated = learn(event("data", FETCHED, Set.of("data/regions.json"), 1));
        assertThat(understated.estimateUnder("/data/")).isEqualTo(3);
        // A later, smaller set never lowers a larger earlier total (old objects may still be cached).
        learnInto(partial, event("data", FETCHED, Set.of("data/regions.json"), 3));
        assertThat(partial.estimateUnder("/data/")).isGreaterThanOrEqualTo(3);
        assertThat(partial.estimateUnder("/data/")).isEqualTo(40);
    }

    @Test
    void setRootsAreDirectoriesBelowTheTopAsOriginEqualsRoot() {
        assertThat(SetRoots.parse(List.of("data=/data/", " media = /media/x/ ")).byOrigin())
                .containsEntry("data", "/data/").containsEntry("media", "/media/x/");
        for (String bad : List.of("data=/", "data=/data", "data=data/", "=/data/", "data")) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .isThrownBy(() -> SetRoots.parse(List.of(bad))).withMessageContaining("data");
        }
    }

    private static LearnedPopulation learn(FilesDistributed event) {
        return learnInto(new LearnedPopulation(PRIOR, 200_000), event);
    }

    private static LearnedPopulation learnInto(LearnedPopulation population, FilesDistributed event) {
        ChangeBatches.learn(population, ADMISSION, SetRoots.DEFAULTS,
                ChangeBatches.of(envelope(event), PathNormalizer.defaults(), ADMISSION), event);
        return population;
    }

    private static FilesDistributed event(String origin, List<String> files, Set<String> copied, int total) {
        return event(origin, files, copied, total, copied.stream().map(k -> "/" + k).sorted().toList());
    }

    private static FilesDistributed event(String origin, List<String> files, Set<String> copied, int total,
            List<String> changedPaths) {
        List<FilesDistributed.FileResult> results = new ArrayList<>();
        for (String key : files) {
            results.add(new FilesDistributed.FileResult("aws-" + key, key,
                    copied.contains(key) ? FileStatus.COPIED : FileStatus.UNCHANGED, null, null));
        }
        return new FilesDistributed("E1DATASET0001", "edgeplane-distribution", origin, null, changedPaths, List.of(),
                results, files.size(), 0, total, false, null, Instant.parse("2026-12-07T00:00:00Z"), List.of());
    }

    private static EventEnvelope<FilesDistributed> envelope(FilesDistributed event) {
        return new EventEnvelope<>("e-" + event.results().stream().map(FilesDistributed.FileResult::targetKey)
                .collect(Collectors.joining(",")).hashCode(), "/edgeplane/distributor-service",
                EventType.FILES_DISTRIBUTED, event.changedAt(), event.key(), event);
    }
}
