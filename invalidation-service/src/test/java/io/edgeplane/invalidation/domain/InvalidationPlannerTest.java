package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidationPlannerTest {
    private static final InvalidationPlanner PLANNER = new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT);

    /** A population that knows exact counts per directory prefix, like a bucket listing would. */
    static ObjectPopulation population(Map<String, Long> counts, long unknown) {
        return prefix -> counts.getOrDefault(prefix, unknown);
    }

    static Set<String> files(String dir, int n) {
        return IntStream.range(0, n).mapToObj(i -> dir + "f" + i + ".js").collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static Stream<Arguments> costChoice() {
        // With 1 per item, 1 per wildcard slot and 0.01 per unchanged object a wildcard costs
        // 2 + 0.01 * (objects - changed); it wins only when strictly cheaper than the paths.
        return Stream.of(
                Arguments.of(1, 1L, List.of("/tenants/t1/js/f0.js")),
                Arguments.of(2, 2L, List.of("/tenants/t1/js/f0.js", "/tenants/t1/js/f1.js")),
                Arguments.of(3, 3L, List.of("/tenants/t1/js/*")),
                Arguments.of(3, 103L, List.of("/tenants/t1/js/f0.js", "/tenants/t1/js/f1.js", "/tenants/t1/js/f2.js")),
                Arguments.of(4, 103L, List.of("/tenants/t1/js/*")),
                Arguments.of(50, 4_800L, List.of("/tenants/t1/js/*")),
                Arguments.of(50, 4_900L, null),
                Arguments.of(200, 1_000_000L, null));
    }

    @ParameterizedTest(name = "{0} changed of {1} objects")
    @MethodSource("costChoice")
    void choosesWildcardOnlyWhenCheaperThanThePaths(int changed, long objects, List<String> expected) {
        Set<String> paths = files("/tenants/t1/js/", changed);
        Map<String, Long> counts = Map.of("/tenants/t1/js/", objects, "/tenants/t1/", objects * 10);
        Plan plan = PLANNER.plan(PlanInput.paths(paths, 3_000, 15), population(counts, Long.MAX_VALUE / 4));
        if (expected == null) {
            assertThat(plan.count(ItemKind.WILDCARD)).isZero();
            assertThat(plan.values()).containsExactlyInAnyOrderElementsOf(paths);
        } else {
            assertThat(plan.values()).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertCovers(plan, paths);
    }

    static Stream<Arguments> boundaries() {
        return Stream.of(
                // Every tenant fully changed and tiny: still one wildcard per tenant, never /tenants/*.
                Arguments.of(Set.of("/tenants/a/x.html", "/tenants/a/y.html", "/tenants/a/z.html",
                        "/tenants/b/x.html", "/tenants/b/y.html", "/tenants/b/z.html"),
                        Map.of("/tenants/a/", 3L, "/tenants/b/", 3L, "/tenants/", 6L, "/", 6L),
                        Set.of("/tenants/a/*", "/tenants/b/*")),
                // Top-level files are never widened to /*.
                Arguments.of(Set.of("/index.html", "/about.html", "/404.html", "/500.html"), Map.of("/", 4L),
                        Set.of("/index.html", "/about.html", "/404.html", "/500.html")),
                // Outside the tenant root the first segment bounds: /data/* but not /*.
                Arguments.of(Set.of("/data/a.json", "/data/b.json", "/data/c.json", "/data/d.json"),
                        Map.of("/data/", 4L, "/", 4L), Set.of("/data/*")),
                // A site's wildcard stops at its own root, never /sites/* over its neighbours.
                Arguments.of(Set.of("/sites/docs/a.html", "/sites/docs/b.html", "/sites/docs/c.html"),
                        Map.of("/sites/docs/", 3L, "/sites/", 3L, "/", 3L), Set.of("/sites/docs/*")),
                // A file directly in the tenant root belongs to no tenant: exact only.
                Arguments.of(Set.of("/tenants/readme.txt", "/tenants/license.txt", "/tenants/x.txt"),
                        Map.of("/tenants/", 3L), Set.of("/tenants/readme.txt", "/tenants/license.txt", "/tenants/x.txt")));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("boundaries")
    void neverWidensAboveTheBoundary(Set<String> paths, Map<String, Long> counts, Set<String> expected) {
        Plan plan = PLANNER.plan(PlanInput.paths(paths, 3_000, 15), population(counts, 1_000_000));
        assertThat(plan.values()).containsExactlyInAnyOrderElementsOf(expected);
        assertCovers(plan, paths);
    }

    @Test
    void withoutWildcardSlotsEverythingGoesExact() {
        Set<String> paths = files("/tenants/t1/js/", 40);
        Plan plan = PLANNER.plan(PlanInput.paths(paths, 3_000, 0), population(Map.of("/tenants/t1/js/", 40L), 10));
        assertThat(plan.count(ItemKind.WILDCARD)).isZero();
        assertThat(plan.count(ItemKind.PATH)).isEqualTo(40);
    }

    @Test
    void withFewSlotsKeepsTheWildcardsThatSaveMost() {
        Set<String> paths = new LinkedHashSet<>();
        paths.addAll(files("/tenants/a/", 100));
        paths.addAll(files("/tenants/b/", 10));
        paths.addAll(files("/tenants/c/", 50));
        Map<String, Long> counts = Map.of("/tenants/a/", 100L, "/tenants/b/", 10L, "/tenants/c/", 50L);
        Plan plan = PLANNER.plan(PlanInput.paths(paths, 3_000, 2), population(counts, 1_000_000));
        assertThat(plan.values()).contains("/tenants/a/*", "/tenants/c/*").doesNotContain("/tenants/b/*");
        assertThat(plan.count(ItemKind.PATH)).isEqualTo(10);
        assertCovers(plan, paths);
    }

    @Test
    void requestedWildcardsCoverPendingPathsAndNarrowerWildcards() {
        Set<String> paths = Set.of("/tenants/t1/a.html", "/tenants/t1/docs/b.html", "/tenants/t2/c.html");
        Set<InvalidationItem> requested = Set.of(InvalidationItem.of("/tenants/t1/*"), InvalidationItem.of("/tenants/t1/docs/*"));
        Plan plan = PLANNER.plan(new PlanInput(paths, requested, Map.of(), 3_000, 15), population(Map.of(), 1_000));
        assertThat(plan.values()).containsExactlyInAnyOrder("/tenants/t1/*", "/tenants/t2/c.html");
        PlannedItem wildcard = plan.items().stream().filter(i -> i.item().value().equals("/tenants/t1/*")).findFirst().orElseThrow();
        assertThat(wildcard.covers()).extracting(InvalidationItem::value)
                .contains("/tenants/t1/a.html", "/tenants/t1/docs/b.html", "/tenants/t1/docs/*");
    }

    @Test
    void aWildcardFromATildeInsideAChosenTenantWildcardIsFoldedIn() {
        Set<String> paths = files("/tenants/t1/", 10);
        Set<InvalidationItem> fromTilde = Set.of(InvalidationItem.of("/tenants/t1/docs/*"));
        Plan plan = PLANNER.plan(new PlanInput(paths, fromTilde, Map.of(), 3_000, 15),
                population(Map.of("/tenants/t1/", 14L), 1_000));
        assertThat(plan.values()).containsExactly("/tenants/t1/*");
        assertThat(plan.items().getFirst().covers()).extracting(InvalidationItem::value).contains("/tenants/t1/docs/*");
    }

    @Test
    void aCacheTagCarriedByManyChangedObjectsReplacesThem() {
        Set<String> paths = new LinkedHashSet<>(files("/tenants/t1/js/", 20));
        paths.addAll(files("/tenants/t1/css/", 20));
        Map<String, Set<String>> tags = Map.of("deploy:t1", paths);
        HashMap<String, Long> counts = new HashMap<>(Map.of("/tenants/t1/", 100_000L, "/tenants/t1/js/", 50_000L,
                "/tenants/t1/css/", 50_000L));
        ObjectPopulation population = new ObjectPopulation() {
            @Override
            public long estimateUnder(String prefix) {
                return counts.getOrDefault(prefix, 1_000_000L);
            }

            @Override
            public long estimateTagged(String tag) {
                return tag.equals("deploy:t1") ? 45 : -1;
            }
        };
        Plan plan = PLANNER.plan(new PlanInput(paths, Set.of(), tags, 3_000, 15), population);
        assertThat(plan.values()).containsExactly("#deploy:t1");
        assertThat(plan.items().getFirst().collateral()).isEqualTo(5);
        assertCovers(plan, paths);

        // The same changes where the distribution has no tag configuration: 40 exact paths.
        Plan untagged = PLANNER.plan(PlanInput.paths(paths, 3_000, 15), population);
        assertThat(untagged.count(ItemKind.PATH)).isEqualTo(40);
    }

    @Test
    void whenPathSlotsRunOutDirectoriesBecomeWildcardsIfWaitingCostsMore() {
        Set<String> paths = new LinkedHashSet<>();
        Map<String, Long> counts = new HashMap<>();
        for (int t = 0; t < 10; t++) {
            paths.addAll(files("/tenants/t" + t + "/", 400));
            // A tenant wildcard hits 50,000 unchanged objects: 2 + 500 = 502 > 400 paths.
            counts.put("/tenants/t" + t + "/", 50_400L);
        }
        Plan relaxed = PLANNER.plan(PlanInput.paths(paths, 5_000, 15), population(counts, 1_000_000));
        assertThat(relaxed.count(ItemKind.WILDCARD)).as("cheaper as paths when they all fit").isZero();
        // 4,000 paths for 3,000 slots: 400 paths + 0.5 x 400 waiting = 600 > 502 while >= 400 overflow,
        // so two tenants widen; at 200 overflow 400 + 100 < 502 and the rest waits.
        Plan tight = PLANNER.plan(PlanInput.paths(paths, 3_000, 15), population(counts, 1_000_000));
        assertThat(tight.count(ItemKind.WILDCARD)).isEqualTo(2);
        assertThat(tight.count(ItemKind.PATH)).isEqualTo(3_200);
        assertCovers(tight, paths);
        Plan noSlots = PLANNER.plan(PlanInput.paths(paths, 3_000, 1), population(counts, 1_000_000));
        assertThat(noSlots.count(ItemKind.WILDCARD)).isEqualTo(1);
    }

    @Test
    void randomInputsAreAlwaysFullyCoveredWithinBoundariesAndSlots() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            Set<String> paths = new LinkedHashSet<>();
            Map<String, Long> counts = new HashMap<>();
            int tenants = 1 + random.nextInt(8);
            for (int i = 0; i < 1 + random.nextInt(300); i++) {
                String tenant = "/tenants/t" + random.nextInt(tenants) + "/";
                String dir = tenant + (random.nextBoolean() ? "" : "d" + random.nextInt(4) + "/");
                paths.add(dir + (random.nextInt(10) == 0 ? "" : "f" + random.nextInt(200) + ".html"));
                counts.merge(dir, 1L + random.nextInt(20), Long::sum);
                counts.merge(tenant, 1L + random.nextInt(20), Long::sum);
            }
            if (random.nextBoolean()) {
                paths.add("/top" + random.nextInt(5) + ".html");
            }
            int wildSlots = random.nextInt(16);
            int pathSlots = random.nextInt(400);
            Plan plan = PLANNER.plan(PlanInput.paths(paths, pathSlots, wildSlots), population(counts, 10_000));
            assertCovers(plan, paths);
            assertThat(plan.count(ItemKind.WILDCARD)).isLessThanOrEqualTo(wildSlots);
            for (PlannedItem item : plan.items()) {
                if (item.item().kind() == ItemKind.WILDCARD) {
                    assertThat(Boundary.DEFAULT.allowsWildcard(item.item().prefix())).as(item.item().value()).isTrue();
                    for (InvalidationItem covered : item.covers()) {
                        assertThat(Boundary.DEFAULT.of(covered.value())).contains(Boundary.DEFAULT.of(item.item().prefix()).orElseThrow());
                    }
                }
            }
        }
    }

    @Test
    void commonDirectoryIsTheDeepestSharedFolder() {
        assertThat(InvalidationPlanner.commonDirectory(Set.of("/a/b/c.js", "/a/b/d/e.js"))).isEqualTo("/a/b/");
        assertThat(InvalidationPlanner.commonDirectory(Set.of("/a/bc.js", "/a/bd.js"))).isEqualTo("/a/");
        assertThat(InvalidationPlanner.commonDirectory(Set.of("/x.js", "/a/b.js"))).isEqualTo("/");
    }

    static void assertCovers(Plan plan, Set<String> paths) {
        assertThat(InvalidationPlanner.uncovered(plan, paths)).as("uncovered paths").isEmpty();
        for (PlannedItem item : plan.items()) {
            for (InvalidationItem covered : item.covers()) {
                if (item.item().kind() != ItemKind.TAG) {
                    assertThat(item.item().subsumes(covered)).as(item.item() + " covers " + covered).isTrue();
                }
            }
        }
    }

    /**
     * Issue 15: with one wildcard slot left, dropping one of two cheap directory wildcards leaves 600 paths,
     * while the tenant's own wildcard (1,000 unchanged objects, cost 12) covers both: the DP over the slot
     * count finds it, a greedy that picks directories first and drops the surplus does not.
     */
    @Test
    void theSlotBudgetIsSpentWhereItSavesMostEvenOnAWiderDirectory() {
        Set<String> paths = new LinkedHashSet<>();
        paths.addAll(files("/tenants/t1/a/", 600));
        paths.addAll(files("/tenants/t1/b/", 600));
        Map<String, Long> counts = Map.of("/tenants/t1/", 2_200L, "/tenants/t1/a/", 600L, "/tenants/t1/b/", 600L);
        Plan two = PLANNER.plan(PlanInput.paths(paths, 3_000, 2), population(counts, 1_000_000));
        assertThat(two.values()).containsExactlyInAnyOrder("/tenants/t1/a/*", "/tenants/t1/b/*");
        Plan one = PLANNER.plan(PlanInput.paths(paths, 3_000, 1), population(counts, 1_000_000));
        assertThat(one.values()).containsExactly("/tenants/t1/*");
        assertCovers(one, paths);
    }

    /** The plan's cost equals the exact per-window optimum found by exhaustive search on small random trees. */
    @Test
    void smallRandomTreesArePlannedAtTheirExactOptimum() {
        Random random = new Random(15);
        for (int round = 0; round < 300; round++) {
            Set<String> paths = new LinkedHashSet<>();
            Map<String, Long> counts = new HashMap<>();
            List<String> dirs = List.of("/tenants/t1/", "/tenants/t1/a/", "/tenants/t1/a/x/", "/tenants/t1/b/",
                    "/tenants/t2/", "/tenants/t2/c/");
            for (String dir : dirs) {
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    paths.add(dir + "f" + i + ".html");
                }
            }
            if (paths.isEmpty()) {
                continue;
            }
            for (String dir : dirs) {
                long changed = paths.stream().filter(p -> p.startsWith(dir)).count();
                counts.put(dir, changed + (random.nextBoolean() ? 0 : random.nextInt(400)));
            }
            // Totals must nest: a directory holds at least what its subdirectories hold.
            counts.merge("/tenants/t1/a/", counts.get("/tenants/t1/a/x/"), Long::sum);
            counts.merge("/tenants/t1/", counts.get("/tenants/t1/a/") + counts.get("/tenants/t1/b/"), Long::sum);
            counts.merge("/tenants/t2/", counts.get("/tenants/t2/c/"), Long::sum);
            int slots = random.nextInt(4);
            ObjectPopulation population = population(counts, 1_000_000);
            Plan plan = PLANNER.plan(PlanInput.paths(paths, 3_000, slots), population);
            assertCovers(plan, paths);
            assertThat(plan.count(ItemKind.WILDCARD)).isLessThanOrEqualTo(slots);
            double best = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < 1 << dirs.size(); mask++) {
                if (Integer.bitCount(mask) > slots) {
                    continue;
                }
                double c = 0;
                Set<String> left = new HashSet<>(paths);
                for (int d = 0; d < dirs.size(); d++) {
                    if ((mask & 1 << d) != 0) {
                        String dir = dirs.get(d);
                        long changed = paths.stream().filter(p -> p.startsWith(dir)).count();
                        c += CostModel.DEFAULT.wide(population.estimateUnder(dir) - changed);
                        left.removeIf(p -> p.startsWith(dir));
                    }
                }
                best = Math.min(best, c + left.size());
            }
            double planned = 0;
            for (PlannedItem item : plan.items()) {
                planned += item.item().kind() == ItemKind.PATH ? 1 : CostModel.DEFAULT.wide(item.collateral());
            }
            assertThat(planned).as("round %d: %s", round, plan.values()).isCloseTo(best, within(1e-6));
        }
    }
}
