package io.edgeplane.distributor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.DeploymentFailed;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.FilesDistributed.FileResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnouncementsTest {
    private final Announcements memory = new Announcements(100, 1_000);

    private static FileResult result(String key, FileStatus status) {
        return new FileResult("src/" + key, key, status, status == FileStatus.FAILED ? "gone" : null,
                status == FileStatus.FAILED ? "NoSuchKey" : null);
    }

    private static FilesDistributed distributed(String cause, List<String> paths, FileResult... results) {
        int failed = (int) List.of(results).stream().filter(r -> r.status() == FileStatus.FAILED).count();
        return new FilesDistributed("E1", "dist", "data", null, paths, List.of(), List.of(results),
                results.length - failed, failed, results.length, false, null, Instant.EPOCH, List.of(cause));
    }

    private static DeploymentPromoted promoted(String deploymentId) {
        return new DeploymentPromoted(deploymentId, "t1", null, "b2", "b1", DeploymentMode.COPY, 1, 0, 0, 1, 5L,
                Instant.EPOCH, List.of("ce-1"));
    }

    private Optional<FilesDistributed> announce(FilesDistributed event) {
        Optional<FilesDistributed> news = memory.unannounced(event).map(FilesDistributed.class::cast);
        news.ifPresent(memory::remember);
        return news;
    }

    @Test
    void aPromotionIsAnnouncedOncePerDeploymentWhateverItsCause() {
        assertThat(memory.unannounced(promoted("d1"))).isPresent();
        memory.remember(promoted("d1"));
        assertThat(memory.unannounced(promoted("d1"))).isEmpty();
        assertThat(memory.promotionAnnounced("d1")).isTrue();
        assertThat(memory.unannounced(promoted("d2"))).isPresent();
    }

    @Test
    void aRefusalIsAnnouncedOncePerDeploymentAndRule() {
        var failed = new DeploymentFailed("d1", "t1", null, "b1", "foreign-source", "no", Instant.EPOCH, List.of("c"));
        memory.remember(failed);
        assertThat(memory.unannounced(failed)).isEmpty();
        var other = new DeploymentFailed("d1", "t1", null, "b1", "s3-failure", "no", Instant.EPOCH, List.of("c"));
        assertThat(memory.unannounced(other)).as("another rule is another fact").isPresent();
    }

    @Test
    void theSameFilesForTheSameCauseAreNotAnnouncedAgainEvenAsUnchanged() {
        assertThat(announce(distributed("c1", List.of("/data/a.json"), result("data/a.json", FileStatus.COPIED))))
                .isPresent();
        assertThat(announce(distributed("c1", List.of("/data/a.json"), result("data/a.json", FileStatus.COPIED))))
                .as("a replay after a crash copies again").isEmpty();
        assertThat(announce(distributed("c1", List.of(), result("data/a.json", FileStatus.UNCHANGED))))
                .as("a duplicate finds it in place").isEmpty();
        assertThat(announce(distributed("c2", List.of(), result("data/a.json", FileStatus.UNCHANGED))))
                .as("another cause is another fact").isPresent();
    }

    @Test
    void aReplayIsNarrowedToWhatIsNewAFailedFileNowCopiedIsNewTheSameFailureIsNot() {
        announce(distributed("c1", List.of("/data/a.json"), result("data/a.json", FileStatus.COPIED),
                result("data/b.json", FileStatus.FAILED)));
        assertThat(announce(distributed("c1", List.of(), result("data/a.json", FileStatus.UNCHANGED),
                result("data/b.json", FileStatus.FAILED)))).isEmpty();
        FilesDistributed retried = announce(distributed("c1", List.of("/data/a.json", "/data/b.json"),
                result("data/a.json", FileStatus.COPIED), result("data/b.json", FileStatus.COPIED))).orElseThrow();
        assertThat(retried.changedPaths()).containsExactly("/data/b.json");
        assertThat(retried.results()).extracting(FileResult::targetKey).containsExactly("data/b.json");
        assertThat(List.of(retried.successCount(), retried.failureCount(), retried.totalFiles()))
                .containsExactly(1, 0, 2);
    }

    @Test
    void aSkippedDistributionNamesItsFilesBySourceAndIsAnnouncedOnce() {
        var skipped = new FilesDistributed(null, null, "data", null, List.of(), List.of(),
                List.of(new FileResult("aws-data/a.json", null, FileStatus.SKIPPED, null, null)), 0, 0, 1, true,
                "Distribution bucket not configured", Instant.EPOCH, List.of("c1"));
        assertThat(announce(skipped)).isPresent();
        assertThat(announce(skipped)).isEmpty();
    }

    @Test
    void aFirstEventWithNothingInItIsStillAnnouncedOnce() {
        assertThat(announce(distributed("c1", List.of()))).isPresent();
        assertThat(announce(distributed("c1", List.of()))).isEmpty();
    }

    @Test
    void anEventWithoutACauseCannotBeRecognisedAndIsAlwaysAnnounced() {
        var anonymous = new FilesDistributed("E1", "dist", "data", null, List.of("/a"), List.of(),
                List.of(result("a", FileStatus.COPIED)), 1, 0, 1, false, null, Instant.EPOCH, List.of());
        assertThat(announce(anonymous)).isPresent();
        assertThat(announce(anonymous)).isPresent();
    }

    @Test
    void theOldestEntriesAreForgottenFirst() {
        Announcements small = new Announcements(2, 10);
        small.remember(promoted("d1"));
        small.remember(promoted("d2"));
        small.remember(promoted("d3"));
        assertThat(small.promotionAnnounced("d1")).isFalse();
        assertThat(small.promotionAnnounced("d3")).isTrue();
        assertThat(small.size()).isEqualTo(2);
    }
}
