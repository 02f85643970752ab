package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The population estimate must err high: a wildcard's collateral is never under-counted. */
class LearnedPopulationTest {
    private static final long PRIOR = 100_000;

    /** Issue 15: 5 changed pages of a 1,000-file tenant must not look like a directory holding only them. */
    @Test
    void changedPathsUnderADirectoryNeverShrinkItBelowTheTenantsDeclaredTotal() {
        LearnedPopulation population = new LearnedPopulation(PRIOR, 200_000);
        population.declare("/tenants/t1/", 1_000);
        List<String> changed = IntStream.range(0, 5).mapToObj(i -> "/tenants/t1/deployments/current/p" + i + ".html")
                .toList();
        changed.forEach(population::observe);
        assertThat(population.estimateUnder("/tenants/t1/deployments/current/")).isEqualTo(1_000);
        assertThat(population.estimateUnder("/tenants/t1/")).isEqualTo(1_000);

        // And so the planner keeps the 5 paths instead of emptying the tenant's site.
        Plan plan = new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT)
                .plan(PlanInput.paths(Set.copyOf(changed), 3_000, 15), population);
        assertThat(plan.count(ItemKind.WILDCARD)).isZero();
        assertThat(plan.values()).containsExactlyInAnyOrderElementsOf(changed);
    }

    /** Issue 15: 60 changed renditions of one media item must not become /media/*. */
    @Test
    void sixtyRenditionsOfOneMediaItemNeverWidenPastTheItemsVersion() {
        LearnedPopulation population = new LearnedPopulation(PRIOR, 200_000);
        List<String> changed = IntStream.range(0, 60)
                .mapToObj(i -> "/media/m1/0a1b2c3d4e5f6a7b/renditions/w" + i + ".webp").toList();
        changed.forEach(population::observe);
        assertThat(population.estimateUnder("/media/")).isGreaterThanOrEqualTo(PRIOR);
        assertThat(population.estimateUnder("/media/m1/")).isGreaterThanOrEqualTo(PRIOR);

        Plan plan = new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT)
                .plan(PlanInput.paths(Set.copyOf(changed), 3_000, 15), population);
        for (PlannedItem item : plan.items()) {
            if (item.item().kind() == ItemKind.WILDCARD) {
                assertThat(item.item().prefix()).startsWith("/media/m1/0a1b2c3d4e5f6a7b/");
            }
        }
        // Even with a population that believes nothing else is cached, the boundary holds the version root.
        Plan careless = new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT)
                .plan(PlanInput.paths(Set.copyOf(changed), 3_000, 15), ObjectPopulation.constant(0));
        assertThat(careless.values()).singleElement().asString().startsWith("/media/m1/0a1b2c3d4e5f6a7b/").endsWith("*");
    }

    @Test
    void anObservedCountIsALowerBoundThatOnlyRaisesTheEstimate() {
        LearnedPopulation population = new LearnedPopulation(PRIOR, 200_000);
        population.declare("/tenants/t2/", 10);
        IntStream.range(0, 30).forEach(i -> population.observe("/tenants/t2/a/f" + i + ".html"));
        // The declaration was stale (30 seen): the larger figure wins.
        assertThat(population.estimateUnder("/tenants/t2/a/")).isEqualTo(30);
        assertThat(population.estimateUnder("/tenants/t2/")).isEqualTo(30);
        // Nothing known: the prior, however many were seen there.
        IntStream.range(0, 7).forEach(i -> population.observe("/data/x" + i + ".json"));
        assertThat(population.estimateUnder("/data/")).isEqualTo(PRIOR);
        assertThat(population.estimateUnder("/unknown/")).isEqualTo(PRIOR);
    }

    /**
     * Property: for random event sequences (declared totals that are true, changed paths, listed results),
     * the estimate under any directory is at least the true number of objects there.
     */
    @Test
    void forAnyEventSequenceTheEstimateIsAtLeastTheTruth() {
        Random random = new Random(15);
        for (int run = 0; run < 300; run++) {
            // The truth: a few tenants, each a tree of files; totals are declared truthfully.
            Set<String> objects = new HashSet<>();
            List<String> tenants = new ArrayList<>();
            for (int t = 0, n = 1 + random.nextInt(4); t < n; t++) {
                String root = "/tenants/t" + t + "/";
                tenants.add(root);
                for (int f = 0, files = 1 + random.nextInt(300); f < files; f++) {
                    objects.add(root + "d" + random.nextInt(4) + "/" + (random.nextBoolean() ? "e" + random.nextInt(3)
                            + "/" : "") + "f" + f + ".html");
                }
            }
            for (int f = 0, files = random.nextInt(50); f < files; f++) {
                objects.add("/media/m" + random.nextInt(3) + "/v" + random.nextInt(2) + "/r" + f + ".jpg");
            }
            List<String> all = List.copyOf(objects);
            LearnedPopulation population = new LearnedPopulation(PRIOR, 1 + random.nextInt(2_000));
            for (int e = 0, events = 1 + random.nextInt(40); e < events; e++) {
                String tenant = tenants.get(random.nextInt(tenants.size()));
                List<String> own = all.stream().filter(p -> p.startsWith(tenant)).toList();
                if (random.nextInt(4) > 0) {
                    population.declare(tenant, own.size());
                }
                // Changed paths of the event, and sometimes its listed results.
                for (int k = 0, n = 1 + random.nextInt(20); k < n; k++) {
                    population.observe(own.get(random.nextInt(own.size())));
                }
                if (random.nextInt(5) == 0) {
                    own.forEach(population::observe);
                }
                if (random.nextInt(3) == 0) {
                    population.observe(all.get(random.nextInt(all.size())));
                }
            }
            assertNeverBelowTheTruth(population, all, run);
        }
    }

    /** Files seen elsewhere under the declared root cannot be inside a directory: a listed site is estimated exactly. */
    @Test
    void objectsSeenOutsideADirectoryNarrowItsBoundAndDirectoryUrlsAreNoObjects() {
        LearnedPopulation population = new LearnedPopulation(PRIOR, 200_000);
        population.declare("/tenants/t1/", 100);
        IntStream.range(0, 60).forEach(i -> population.observe("/tenants/t1/a/f" + i + ".html"));
        assertThat(population.estimateUnder("/tenants/t1/a/")).isEqualTo(100);
        assertThat(population.estimateUnder("/tenants/t1/b/")).isEqualTo(40);
        IntStream.range(0, 40).forEach(i -> population.observe("/tenants/t1/b/f" + i + ".html"));
        population.observe("/tenants/t1/b/");
        assertThat(population.estimateUnder("/tenants/t1/a/")).isEqualTo(60);
        assertThat(population.estimateUnder("/tenants/t1/b/")).isEqualTo(40);
        assertThat(population.estimateUnder("/tenants/t1/c/")).isZero();
        // A file-name prefix is not narrowed: only directories keep their own count.
        assertThat(population.estimateUnder("/tenants/t1/a/f1")).isEqualTo(100);
    }

    /** A deleted file no longer narrows anything: the files that replaced it are not under-counted. */
    @Test
    void aDeletedFileIsForgottenSoItsReplacementIsNotUnderCounted() {
        LearnedPopulation population = new LearnedPopulation(PRIOR, 200_000);
        population.declare("/tenants/t1/", 100);
        IntStream.range(0, 100).forEach(i -> population.observe("/tenants/t1/a/f" + i + ".html"));
        IntStream.range(0, 30).forEach(i -> population.forget("/tenants/t1/a/f" + i + ".html"));
        assertThat(population.estimateUnder("/tenants/t1/c/")).isEqualTo(30);
        population.forget("/tenants/t1/a/never-seen.html");
        assertThat(population.estimateUnder("/tenants/t1/a/")).isEqualTo(100);
    }

    /**
     * Property with deletions: sites change between events (files added and deleted, the event lists what it
     * deleted and sometimes every file it kept); with true declared totals the estimate is never below the truth.
     */
    @Test
    void forAnyEventSequenceWithDeletionsTheEstimateIsAtLeastTheTruth() {
        Random random = new Random(1515);
        for (int run = 0; run < 300; run++) {
            LearnedPopulation population = new LearnedPopulation(PRIOR, 1 + random.nextInt(2_000));
            List<Set<String>> sites = new ArrayList<>();
            int tenants = 1 + random.nextInt(3);
            for (int t = 0; t < tenants; t++) {
                sites.add(new HashSet<>());
            }
            int next = 0;
            for (int e = 0, events = 1 + random.nextInt(30); e < events; e++) {
                int t = random.nextInt(tenants);
                Set<String> site = sites.get(t);
                String root = "/tenants/t" + t + "/";
                List<String> changed = new ArrayList<>();
                for (int k = 0, n = 1 + random.nextInt(40); k < n; k++) {
                    String path = root + "d" + random.nextInt(4) + "/" + (random.nextBoolean() ? "e" + random.nextInt(3)
                            + "/" : "") + "f" + next++ + ".html";
                    site.add(path);
                    changed.add(path);
                }
                List<String> deleted = new ArrayList<>();
                for (String p : List.copyOf(site)) {
                    if (!changed.contains(p) && random.nextInt(4) == 0) {
                        site.remove(p);
                        deleted.add(p);
                    }
                }
                // Every event declares its site's current total (a stale total would not be true).
                population.declare(root, site.size());
                changed.forEach(population::observe);
                deleted.forEach(population::forget);
                if (random.nextBoolean()) {
                    site.forEach(population::observe);
                }
                if (random.nextBoolean()) {
                    // The event's results: all of the set, or (truncated) part of it.
                    population.list(root, site.stream().filter(p -> random.nextInt(3) > 0 || random.nextBoolean())
                            .toList());
                }
            }
            Set<String> all = new HashSet<>();
            sites.forEach(all::addAll);
            assertNeverBelowTheTruth(population, all, run);
        }
    }

    /** A listing of the owner's set gives every directory its exact count, without remembering a path. */
    @Test
    void aListingOfTheSetEstimatesEveryDirectoryExactlyBeyondTheObservedPathCap() {
        LearnedPopulation population = new LearnedPopulation(PRIOR, 10);
        population.declare("/tenants/t1/", 100);
        List<String> set = new ArrayList<>();
        IntStream.range(0, 70).forEach(i -> set.add("/tenants/t1/a/f" + i + ".html"));
        IntStream.range(0, 30).forEach(i -> set.add("/tenants/t1/b/c/f" + i + ".html"));
        set.forEach(population::observe);
        population.list("/tenants/t1/", set);
        assertThat(population.estimateUnder("/tenants/t1/a/")).isEqualTo(70);
        assertThat(population.estimateUnder("/tenants/t1/b/")).isEqualTo(30);
        assertThat(population.estimateUnder("/tenants/t1/b/c/")).isEqualTo(30);
        assertThat(population.estimateUnder("/tenants/t1/")).isEqualTo(100);
        // A deletion drops the listing (it keeps no paths to adjust): estimates go back up, never down; what is
        // left is the bound of the 10 remembered paths (9 after the deletion, all outside /b/).
        population.forget("/tenants/t1/a/f1.html");
        assertThat(population.estimateUnder("/tenants/t1/b/")).isEqualTo(91);
    }

    /** Under every directory of the objects, the estimate is at least how many objects are there. */
    private static void assertNeverBelowTheTruth(LearnedPopulation population, java.util.Collection<String> objects,
            int run) {
        Set<String> directories = new HashSet<>();
        for (String p : objects) {
            for (int i = p.indexOf('/'); i >= 0 && i < p.length() - 1; i = p.indexOf('/', i + 1)) {
                directories.add(p.substring(0, i + 1));
            }
        }
        for (String directory : directories) {
            long truth = objects.stream().filter(p -> p.startsWith(directory)).count();
            assertThat(population.estimateUnder(directory)).as("run %d, %s", run, directory)
                    .isGreaterThanOrEqualTo(truth);
        }
    }
}
