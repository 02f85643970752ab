package io.edgeplane.distributor.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.distributor.deployment.domain.BuildFile;
import io.edgeplane.distributor.deployment.domain.BuildListing;
import io.edgeplane.distributor.deployment.domain.BuildSource;
import io.edgeplane.distributor.deployment.domain.DeleteGuard;
import io.edgeplane.distributor.deployment.domain.DeploymentHistory;
import io.edgeplane.distributor.deployment.domain.DeploymentLayout;
import io.edgeplane.distributor.deployment.domain.DeploymentStateStore;
import io.edgeplane.distributor.deployment.domain.DeploymentTarget;
import io.edgeplane.distributor.deployment.domain.EntryPoints;
import io.edgeplane.distributor.deployment.domain.KeyOrder;
import io.edgeplane.distributor.deployment.domain.LiveFile;
import io.edgeplane.distributor.deployment.domain.LiveState;
import io.edgeplane.distributor.deployment.domain.ObjectTransfer;
import io.edgeplane.distributor.deployment.domain.PointerStore;
import io.edgeplane.distributor.deployment.domain.PromotionRejected;
import io.edgeplane.distributor.deployment.domain.SortedEntries;
import io.edgeplane.distributor.deployment.domain.SyncPlanner;
import io.edgeplane.distributor.domain.Announcements;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.cache.CachePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The promoter's streamed sync through its ports, held in memory here so the orders, batches and failures
 * are exact (the flow tests run the same code on the real broker and S3 endpoint): hostile key orders, a
 * 12,000-file build in batches and parts, the delete guard deciding before anything changes, and a failed
 * copy recorded as unknown content.
 */
class DeploymentPromoterStreamingTest {
    static final String SOURCE = "edgeplane-source";
    static final String DIST = "edgeplane-distribution";
    static final String TENANT = "t1";
    static final String LIVE = "tenants/t1/deployments/current/";
    static final String PRIVATE = "p/\uE000.html";
    static final String EMOJI = "p/\uD83D\uDE00.html";

    /** Builds by prefix, listed in the order given (an endpoint listing in UTF-16 order included). */
    final Map<String, List<BuildFile>> builds = new HashMap<>();
    /** Served objects: key -> content hash. */
    final Map<String, String> served = new HashMap<>();
    final Map<String, List<LiveFile>> manifests = new HashMap<>();
    final Map<DeploymentTarget, DeploymentHistory> histories = new HashMap<>();
    final Set<String> failing = new HashSet<>();
    final List<Integer> copyBatches = new ArrayList<>();
    final List<EdgeplaneEvent> published = new ArrayList<>();
    final Announcements announcements = new Announcements(1000, 1_000_000);

    final BuildSource source = (bucket, prefix) -> {
        FileSpool.Writer<BuildFile> spool = FileSpool.writer(FileSpool.BUILD_FILES, prefix);
        builds.getOrDefault(prefix, List.of()).forEach(spool::add);
        return new BuildListing(bucket, prefix, spool.finish());
    };

    final ObjectTransfer transfer = new ObjectTransfer() {
        @Override
        public List<Result> copy(List<CopyOrder> orders) {
            copyBatches.add(orders.size());
            return orders.stream().map(o -> {
                if (failing.contains(o.key())) {
                    return new Result(o.key(), false, "denied", "AccessDenied", false);
                }
                served.put(o.key(), o.metadata().get("content-hash"));
                return Result.success(o.key());
            }).toList();
        }

        @Override
        public List<Result> delete(String bucket, List<String> keys) {
            assertThat(keys.size()).isLessThanOrEqualTo(1000);
            keys.forEach(served::remove);
            return keys.stream().map(Result::success).toList();
        }
    };

    final DeploymentStateStore state = new DeploymentStateStore() {
        @Override
        public LiveState live(String prefix) {
            List<LiveFile> files = manifests.get(prefix);
            return new LiveState(files == null ? null : buildIdOf.get(prefix), false,
                    SortedEntries.of(files == null ? List.of() : files, LiveFile::path));
        }

        @Override
        public void saveLive(String prefix, String buildId, boolean dirty, Iterator<LiveFile> files) {
            List<LiveFile> written = new ArrayList<>();
            files.forEachRemaining(written::add);
            assertThat(written).extracting(LiveFile::path).as("written in S3 key order")
                    .isSortedAccordingTo(KeyOrder.UTF8);
            manifests.put(prefix, written);
            buildIdOf.put(prefix, buildId);
        }

        @Override
        public DeploymentHistory history(DeploymentTarget target) {
            return histories.getOrDefault(target, DeploymentHistory.empty());
        }

        @Override
        public void saveHistory(DeploymentTarget target, DeploymentHistory history) {
            histories.put(target, history);
        }
    };
    final Map<String, String> buildIdOf = new HashMap<>();

    DeploymentPromoter promoter(DeleteGuard guard) {
        DeploymentLayout layout = DeploymentLayout.DEFAULT.withBuildsBuckets(Set.of(SOURCE));
        return new DeploymentPromoter(new DeploymentPromoter.Settings(DIST, DeploymentMode.COPY, layout, guard, 10),
                new SyncPlanner(CachePolicy.defaults(), EntryPoints.defaults()), source, transfer, state,
                new PointerSwitch(PointerStore.NONE, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1)),
                DeploymentObserver.NONE, Clock.systemUTC(), announcements);
    }

    static String prefix(String build) {
        return "tenants/t1/builds/" + build + "/";
    }

    /** {@code files} as "path=hash", listed in the order given. */
    void build(String build, List<String> files) {
        builds.put(prefix(build), files.stream().map(f -> f.split("=", 2)).map(p -> new BuildFile(p[0], p[1], 1)).toList());
    }

    DeploymentPromoted promote(DeploymentPromoter promoter, String build, String eventId) {
        DeploymentCompleted completed = new DeploymentCompleted("d-" + build + "-" + eventId, TENANT, null, build, SOURCE,
                prefix(build), "E1EDGEPLANE0001", build, DeploymentMode.COPY, Instant.now(), List.of());
        return promoter.promote(completed, eventId, published::add).promoted().orElseThrow();
    }

    List<FilesDistributed> distributed(String eventId) {
        return published.stream().filter(e -> e instanceof FilesDistributed f && f.causedBy().contains(eventId))
                .map(FilesDistributed.class::cast).toList();
    }

    @Test
    void keysWhoseS3OrderDiffersFromStringOrderSyncByKeyFromAListingInEitherOrder() {
        List<String> b1 = new ArrayList<>(List.of("index.html=1", PRIVATE + "=2", EMOJI + "=3", "p/\uFFFD.css=4",
                "p/\uD800\uDC00.css=5"));
        b1.sort(String::compareTo); // an endpoint that lists in UTF-16 order (the tests' S3Proxy does)
        build("b1", b1);
        build("b2", List.of("index.html=1", "p/\uFFFD.css=4", "p/\uD800\uDC00.css=5", EMOJI + "=3x")); // S3 order
        build("b3", builds.get(prefix("b2")).stream().map(f -> f.path() + "=" + f.contentHash()).toList());
        DeploymentPromoter promoter = promoter(DeleteGuard.DEFAULT);

        assertThat(promote(promoter, "b1", "e1").filesCopied()).isEqualTo(5);
        assertThat(manifests.get(LIVE)).extracting(LiveFile::path).containsExactly("index.html", PRIVATE,
                "p/\uFFFD.css", "p/\uD800\uDC00.css", EMOJI);

        DeploymentPromoted p2 = promote(promoter, "b2", "e2");
        assertThat(List.of(p2.filesCopied(), p2.filesDeleted(), p2.filesUnchanged(), p2.pathsChanged()))
                .containsExactly(1, 1, 3, 2);
        assertThat(distributed("e2")).singleElement().satisfies(f -> assertThat(f.changedPaths())
                .containsExactlyInAnyOrder("/" + LIVE + EMOJI, "/" + LIVE + PRIVATE));
        assertThat(served).containsEntry(LIVE + EMOJI, "3x").doesNotContainKey(LIVE + PRIVATE);

        DeploymentPromoted p3 = promote(promoter, "b3", "e3");
        assertThat(List.of(p3.filesCopied(), p3.filesDeleted(), p3.filesUnchanged())).containsExactly(0, 0, 4);
        assertThat(distributed("e3")).isEmpty();
        assertThat(buildIdOf.get(LIVE)).isEqualTo("b3");
    }

    @Test
    void aLargeBuildIsCopiedInBatchesAndReportedInPartsAndADuplicateAnnouncesNothing() {
        int files = 12_000;
        build("b1", IntStream.range(0, files).mapToObj(i -> "p/%05d.html=h%d".formatted(i, i)).toList());
        // b2: every fourth file changed (2,975 of the 11,900 kept), the last 100 gone
        build("b2", IntStream.range(0, files - 100).mapToObj(i -> "p/%05d.html=h%d%s".formatted(i, i, i % 4 == 0 ? "x" : ""))
                .toList());
        DeploymentPromoter promoter = promoter(DeleteGuard.DEFAULT);

        DeploymentPromoted p1 = promote(promoter, "b1", "e1");
        assertThat(p1.filesCopied()).isEqualTo(files);
        assertThat(distributed("e1")).as("a first deployment replaces nothing cached").isEmpty();
        assertThat(copyBatches).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(DeploymentPromoter.COPY_BATCH));

        DeploymentPromoted p2 = promote(promoter, "b2", "e2");
        assertThat(List.of(p2.filesCopied(), p2.filesDeleted(), p2.pathsChanged())).containsExactly(2975, 100, 3075);
        List<FilesDistributed> parts = distributed("e2");
        assertThat(parts.stream().mapToInt(f -> f.changedPaths().size()).sum()).isEqualTo(3075);
        assertThat(parts.stream().flatMap(f -> f.changedPaths().stream()).distinct().count()).isEqualTo(3075);
        assertThat(parts.stream().mapToInt(f -> f.results().size()).sum()).isEqualTo(3075);
        assertThat(parts).allSatisfy(f -> assertThat(f.totalFiles()).isEqualTo(files - 100));
        assertThat(manifests.get(LIVE)).hasSize(files - 100);

        int before = published.size();
        promote(promoter, "b2", "e2"); // the same event again
        assertThat(published).hasSize(before);
    }

    @Test
    void theDeleteGuardDecidesFromTheCountsBeforeAnythingIsCopiedOrTheManifestTouched() {
        build("b1", IntStream.range(0, 100).mapToObj(i -> "p/%03d.html=h".formatted(i)).toList());
        build("b2", IntStream.range(0, 60).mapToObj(i -> "p/%03d.html=%s".formatted(i, i == 0 ? "new" : "h")).toList());
        DeploymentPromoter promoter = promoter(DeleteGuard.DEFAULT);
        promote(promoter, "b1", "e1");
        List<LiveFile> manifest = manifests.get(LIVE);
        int batches = copyBatches.size();

        assertThatThrownBy(() -> promote(promoter, "b2", "e2")).isInstanceOf(PromotionRejected.class)
                .hasMessageContaining("max-deletes").hasMessageContaining("would delete 40 of 100")
                .hasMessageContaining("nothing was changed");
        assertThat(copyBatches).hasSize(batches);
        assertThat(manifests.get(LIVE)).isSameAs(manifest);
        assertThat(served).hasSize(100);
    }

    @Test
    void aFailedCopyIsRecordedAsUnknownAndItsEntryPointsWaitThenAReplayFinishes() {
        build("b1", List.of("index.html=1", "app.css=1", "logo.png=1"));
        build("b2", List.of("index.html=2", "app.css=2", "logo.png=2"));
        DeploymentPromoter promoter = promoter(DeleteGuard.DEFAULT);
        promote(promoter, "b1", "e1");
        failing.add(LIVE + "app.css");

        assertThatThrownBy(() -> promote(promoter, "b2", "e2")).isInstanceOf(PromotionRejected.class)
                .hasMessageContaining("copy-failed").hasMessageContaining("1 of 2 operations");
        Map<String, String> hashes = new LinkedHashMap<>();
        manifests.get(LIVE).forEach(f -> hashes.put(f.path(), f.contentHash()));
        assertThat(hashes).containsExactly(Map.entry("app.css", LiveFile.UNKNOWN), Map.entry("index.html", "1"),
                Map.entry("logo.png", "2"));
        assertThat(buildIdOf.get(LIVE)).isEqualTo("b1");
        assertThat(served).containsEntry(LIVE + "index.html", "1");

        failing.clear();
        DeploymentPromoted replay = promote(promoter, "b2", "e2");
        assertThat(List.of(replay.filesCopied(), replay.filesUnchanged())).containsExactly(2, 1);
        assertThat(served).containsEntry(LIVE + "index.html", "2").containsEntry(LIVE + "app.css", "2");
    }
}
