package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.invalidation.domain.InvalidationScheduler.Settings;
import io.edgeplane.invalidation.simulated.SimulatedClock;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The scheduler against the simulated CloudFront on a simulated clock: quotas, retries, replays. */
class InvalidationSchedulerTest {
    static final String DIST = "E1TESTDIST0001";
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
    /** The window these tests were written for (the production default is shorter). */
    static final CoalescingWindow WINDOW_2S = new CoalescingWindow(Duration.ofSeconds(2), Duration.ofSeconds(10));

    static final class Harness {
        final SimulatedClock clock = new SimulatedClock(T0);
        final SimulatedCloudFront cloudFront;
        final List<InvalidationListener.Submitted> submitted = new ArrayList<>();
        final List<InvalidationListener.Completed> completed = new ArrayList<>();
        final List<InvalidationListener.Failed> failed = new ArrayList<>();
        final List<Duration> fresh = new ArrayList<>();
        InvalidationScheduler scheduler;
        final ObjectPopulation population;
        int events;

        Harness(SimulatedCloudFront.Settings cf, ObjectPopulation population) {
            this.cloudFront = new SimulatedCloudFront(cf, clock);
            this.population = population;
            restart();
        }

        Harness() {
            this(SimulatedCloudFront.Settings.realistic(), ObjectPopulation.constant(1_000_000));
        }

        /** A new scheduler over the same CloudFront, as after a crash. */
        void restart() {
            scheduler = new InvalidationScheduler(cloudFront, new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                    Settings.defaults().withWindow(WINDOW_2S).withPollInterval(Duration.ofSeconds(1)), clock,
                    new InvalidationListener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> submitted(Submitted s) {
                            submitted.add(s);
                            return CompletableFuture.completedFuture(null);
                        }

                        @Override
                        public void completed(Completed c) {
                            completed.add(c);
                        }

                        @Override
                        public void failed(Failed f) {
                            failed.add(f);
                        }

                        @Override
                        public void fresh(ChangeBatch batch, Duration timeToFresh) {
                            fresh.add(timeToFresh);
                        }
                    }, d -> population, d -> false);
        }

        CompletableFuture<Coverage> change(String id, List<String> paths) {
            return change(id, paths, clock.instant());
        }

        CompletableFuture<Coverage> change(String id, List<String> paths, Instant publishedAt) {
            events++;
            return scheduler.submit(new ChangeBatch(id, DIST, paths.stream().map(InvalidationItem::of).toList(), List.of(),
                    clock.instant(), publishedAt, false));
        }

        void run(Duration total) {
            Instant end = clock.instant().plus(total);
            while (clock.instant().isBefore(end)) {
                scheduler.tick();
                clock.advance(Duration.ofMillis(100));
            }
            scheduler.tick();
        }

        List<String> billedItems() {
            return cloudFront.created(DIST).stream().flatMap(c -> c.items().stream()).toList();
        }
    }

    static List<String> paths(String dir, int n) {
        return IntStream.range(0, n).mapToObj(i -> dir + "p" + i + ".html").toList();
    }

    @Test
    void changesInOneWindowBecomeOneInvalidationAndAreCoveredOnlyAfterItWasCreated() {
        Harness h = new Harness();
        var a = h.change("e1", List.of("/tenants/t1/a.html"));
        h.run(Duration.ofMillis(500));
        var b = h.change("e2", List.of("/tenants/t1/b.html", "/tenants/t1/a.html"));
        h.run(Duration.ofMillis(500));
        assertThat(a).as("inside the window nothing is sent or acknowledged").isNotDone();
        h.run(Duration.ofSeconds(3));
        assertThat(h.cloudFront.created(DIST)).hasSize(1);
        assertThat(h.billedItems()).containsExactlyInAnyOrder("/tenants/t1/a.html", "/tenants/t1/b.html");
        assertThat(a).isCompleted();
        assertThat(b.join().invalidationIds()).isEqualTo(a.join().invalidationIds());
        assertThat(h.submitted.getFirst().causedBy()).containsExactly("e1", "e2");
        assertThat(h.submitted.getFirst().firstChangeAt()).isEqualTo(T0);
    }

    @Test
    void aSteadyStreamIsFlushedNoLaterThanTheMaximumWait() {
        Harness h = new Harness();
        for (int i = 0; i < 15; i++) {
            h.change("e" + i, List.of("/tenants/t1/p" + i + ".html"));
            h.run(Duration.ofSeconds(1));
        }
        Instant first = h.cloudFront.created(DIST).getFirst().createTime();
        assertThat(Duration.between(T0, first)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void completionIsTrackedAndTimeToFreshRunsFromTheFirstChange() {
        Harness h = new Harness();
        h.change("e1", List.of("/tenants/t1/a.html"));
        h.run(Duration.ofSeconds(40));
        assertThat(h.completed).hasSize(1);
        InvalidationListener.Completed c = h.completed.getFirst();
        assertThat(c.causedBy()).containsExactly("e1");
        assertThat(Duration.between(c.firstChangeAt(), c.completedAt())).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(34));
        assertThat(h.fresh).hasSize(1);
        assertThat(h.scheduler.queue(DIST).pathsInProgress()).isZero();
    }

    @Test
    void neverMoreThan3000PathsInProgressAndTheRestWaitsForCompletion() {
        Harness h = new Harness();
        List<CompletableFuture<Coverage>> all = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            all.add(h.change("e" + t, paths("/tenants/t" + t + "/", 100)));
        }
        h.run(Duration.ofSeconds(10));
        assertThat(h.cloudFront.created(DIST)).hasSize(1);
        assertThat(h.cloudFront.created(DIST).getFirst().items()).hasSize(3_000);
        assertThat(all.stream().filter(CompletableFuture::isDone).count()).isEqualTo(30);
        h.run(Duration.ofSeconds(60));
        assertThat(all).allMatch(CompletableFuture::isDone);
        assertThat(h.cloudFront.peakPaths()).isEqualTo(3_000);
        assertThat(h.cloudFront.errors()).isEmpty();
        assertThat(h.billedItems()).hasSize(5_000).doesNotHaveDuplicates();
    }

    @Test
    void wildcardSlotsAreNeverExceeded() {
        // Tiny tenants fully changed: every tenant wants its wildcard; only 15 may be in progress.
        Harness h = new Harness(SimulatedCloudFront.Settings.realistic(), prefix -> 5);
        for (int t = 0; t < 40; t++) {
            h.change("e" + t, paths("/tenants/t" + t + "/", 5));
        }
        h.run(Duration.ofSeconds(120));
        assertThat(h.cloudFront.peakWildcards()).isLessThanOrEqualTo(15);
        assertThat(h.cloudFront.errors()).isEmpty();
        assertThat(h.billedItems()).contains("/tenants/t0/*");
        Set<String> billed = Set.copyOf(h.billedItems());
        for (int t = 0; t < 40; t++) {
            String tenant = "/tenants/t" + t + "/";
            assertThat(paths(tenant, 5)).allMatch(p -> billed.contains(p) || billed.contains(tenant + "*"));
        }
    }

    @Test
    void aReplayAfterRestartIsRecognisedFromListInvalidationsAndNotBilledAgain() {
        Harness h = new Harness();
        Instant published = h.clock.instant();
        var first = h.change("e1", List.of("/tenants/t1/a.html", "/tenants/t1/b.html"), published);
        h.run(Duration.ofSeconds(5));
        assertThat(first).isCompleted();
        h.restart();
        var replay = h.change("e1", List.of("/tenants/t1/a.html", "/tenants/t1/b.html"), published);
        h.run(Duration.ofSeconds(5));
        assertThat(replay).isCompleted();
        assertThat(replay.join().invalidationIds()).isEqualTo(first.join().invalidationIds());
        assertThat(h.cloudFront.created(DIST)).hasSize(1);
    }

    @Test
    void theSamePathsChangedAgainLaterAreInvalidatedAgain() {
        Harness h = new Harness();
        h.change("e1", List.of("/tenants/t1/index.html"));
        h.run(Duration.ofSeconds(5));
        h.change("e2", List.of("/tenants/t1/index.html"));
        h.run(Duration.ofSeconds(5));
        assertThat(h.cloudFront.created(DIST)).hasSize(2);
        assertThat(h.cloudFront.created(DIST).get(0).callerReference())
                .isNotEqualTo(h.cloudFront.created(DIST).get(1).callerReference());
    }

    @Test
    void aLostResponseIsRetriedWithTheSameReferenceAndBilledOnce() {
        Harness h = new Harness();
        h.cloudFront.loseNextResponses(1);
        var covered = h.change("e1", List.of("/tenants/t1/a.html"));
        h.run(Duration.ofSeconds(10));
        assertThat(covered).isCompleted();
        assertThat(h.cloudFront.created(DIST)).hasSize(1);
        assertThat(h.cloudFront.requests()).isEqualTo(2);
        assertThat(h.cloudFront.errors()).containsEntry("RequestTimeout", 1L);
    }

    @Test
    void tooManyInProgressKeepsThePathsQueuedAndMergesLaterChanges() {
        Harness h = new Harness();
        h.cloudFront.failNext(CloudFrontFailure.TOO_MANY_IN_PROGRESS, 400, false, 1);
        var a = h.change("e1", List.of("/tenants/t1/a.html"));
        h.run(Duration.ofSeconds(2).plusMillis(100));
        assertThat(a).isNotDone();
        var b = h.change("e2", List.of("/tenants/t1/b.html"));
        h.run(Duration.ofSeconds(10));
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
        assertThat(h.cloudFront.created(DIST)).hasSize(1);
        assertThat(h.billedItems()).containsExactlyInAnyOrder("/tenants/t1/a.html", "/tenants/t1/b.html");
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithBackoff() {
        Harness h = new Harness();
        h.cloudFront.failNext(CloudFrontFailure.THROTTLING, 400, true, 2);
        h.cloudFront.failNext("InternalError", 500, true, 2);
        var a = h.change("e1", List.of("/tenants/t1/a.html"));
        h.run(Duration.ofSeconds(30));
        assertThat(a).isCompleted();
        assertThat(h.cloudFront.created(DIST)).hasSize(1);
        assertThat(h.cloudFront.requests()).isEqualTo(5);
    }

    @Test
    void batchTooLargeIsSplit() {
        Harness h = new Harness();
        h.cloudFront.failNext(CloudFrontFailure.BATCH_TOO_LARGE, 413, false, 1);
        var a = h.change("e1", paths("/tenants/t1/", 10));
        h.run(Duration.ofSeconds(60));
        assertThat(a).isCompleted();
        assertThat(h.cloudFront.created(DIST)).hasSize(2);
        assertThat(h.cloudFront.created(DIST)).allMatch(c -> c.items().size() == 5);
    }

    @Test
    void anInvalidArgumentIsBisectedToTheOffendingPathWhichIsReportedWhileTheRestIsSent() {
        Harness h = new Harness();
        h.cloudFront.rejectPaths(p -> p.contains("p6"));
        var a = h.change("e1", paths("/tenants/t1/", 8));
        h.run(Duration.ofSeconds(60));
        Coverage coverage = a.join();
        assertThat(coverage.failedItems()).containsExactly("/tenants/t1/p6.html");
        assertThat(h.failed).singleElement().satisfies(f -> {
            assertThat(f.items()).containsExactly("/tenants/t1/p6.html");
            assertThat(f.code()).isEqualTo("InvalidArgument");
            assertThat(f.causedBy()).containsExactly("e1");
        });
        assertThat(h.billedItems()).hasSize(7).doesNotContain("/tenants/t1/p6.html");
    }

    @Test
    void invalidationsMadeByOthersCountInTheLedgerFromStartUp() {
        Harness h = new Harness();
        // Someone used 2,990 path slots from the console just before start-up.
        h.cloudFront.create(DIST, "console", paths("/console/", 2_990));
        h.clock.advance(Duration.ofSeconds(3));
        h.restart();
        var a = h.change("e1", paths("/tenants/t1/", 20));
        h.run(Duration.ofSeconds(10));
        assertThat(h.cloudFront.errors()).doesNotContainKey(CloudFrontFailure.TOO_MANY_IN_PROGRESS);
        assertThat(h.cloudFront.created(DIST)).hasSize(2);
        assertThat(h.cloudFront.created(DIST).get(1).items()).hasSize(10);
        h.run(Duration.ofSeconds(60));
        assertThat(a).isCompleted();
        assertThat(h.cloudFront.peakPaths()).isEqualTo(3_000);
    }

    @Test
    void quotaAndRateHoldUnderABurstOfManyTenants() {
        Harness h = new Harness(SimulatedCloudFront.Settings.realistic(), prefix -> 400);
        List<CompletableFuture<Coverage>> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int t = i % 300;
            all.add(h.change("e" + i, List.of("/tenants/t" + t + "/d" + (i % 7) + "/f" + i + ".html")));
        }
        h.run(Duration.ofMinutes(5));
        assertThat(all).allMatch(CompletableFuture::isDone);
        assertThat(h.cloudFront.errors()).as("no throttling, no quota errors").isEmpty();
        assertThat(h.cloudFront.peakPaths()).isLessThanOrEqualTo(3_000);
        assertThat(h.cloudFront.peakWildcards()).isLessThanOrEqualTo(15);
        Map<String, Long> byTenant = h.billedItems().stream().filter(i -> i.endsWith("*"))
                .collect(Collectors.groupingBy(i -> i, Collectors.counting()));
        assertThat(byTenant.keySet()).allMatch(w -> w.matches("/tenants/t\\d+/.*\\*"));
    }

    /** Issue 15: polls from the expected completion with backoff, not every 5 s: fresh within a second of completion. */
    @Test
    void completionIsSeenWithinASecondOnceTheDistributionsCompletionTimeIsLearned() {
        Harness h = new Harness(SimulatedCloudFront.Settings.realistic().withCompletionDelay(Duration.ofSeconds(30)),
                ObjectPopulation.constant(1_000_000));
        h.scheduler = new InvalidationScheduler(h.cloudFront, new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                Settings.defaults().withWindow(WINDOW_2S), h.clock, new InvalidationListener() {
                    @Override
                    public void fresh(ChangeBatch batch, Duration timeToFresh) {
                        h.fresh.add(timeToFresh);
                    }
                }, d -> h.population, d -> false);
        for (int i = 0; i < 6; i++) {
            h.change("e" + i, List.of("/tenants/t1/p" + i + ".html"));
            h.run(Duration.ofSeconds(60));
        }
        assertThat(h.fresh).hasSize(6);
        // Window 2 s + completion 30 s; a fixed 5 s poll would see it up to 5 s late.
        assertThat(h.fresh.getLast()).isBetween(Duration.ofSeconds(32), Duration.ofMillis(33_100));
        long gets = h.cloudFront.getRequests();
        assertThat(gets).as("GetInvalidation calls for 6 invalidations").isLessThanOrEqualTo(6 * 5);
    }
}
