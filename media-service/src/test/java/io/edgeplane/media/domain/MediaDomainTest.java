package io.edgeplane.media.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.events.MediaKind;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.ContentTypes;
import io.edgeplane.platform.ownership.Ownership;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure decisions of the media-service, table by table. */
class MediaDomainTest {
    private static final Ownership OWNERSHIP = Ownership.DEFAULTS.withUploadsBucket("up");

    @ParameterizedTest(name = "{0}x{1} in a {2} box -> {3}")
    @CsvSource({
            "4000, 3000, 1200, 1200x900",
            "3000, 4000, 1200, 900x1200",
            "4000, 3000, 150, 150x113",
            "1200, 900, 1200, 1200x900",
            "800, 600, 1200, 800x600",      // never upscaled
            "10000, 10, 150, 150x1",        // extreme panorama keeps at least 1 px
            "1201, 1201, 1200, 1200x1200"})
    void fitInsideKeepsAspectAndNeverUpscales(int w, int h, int box, String expected) {
        assertThat(new Dimensions(w, h).fitInside(box).toString()).isEqualTo(expected);
    }

    @Test
    void renditionPlanIsLargestFirstInEveryFormat() {
        List<RenditionPlan.Target> plan = RenditionPlan.plan(new Dimensions(4000, 3000),
                RenditionSpec.parseList("small:400,thumbnail:150,large:1200,medium:800"),
                List.of(ImageFormat.JPEG, ImageFormat.WEBP));

        assertThat(plan).extracting(t -> t.role() + "." + t.format().extension() + "=" + t.size()).containsExactly(
                "large.jpg=1200x900", "large.webp=1200x900", "medium.jpg=800x600", "medium.webp=800x600",
                "small.jpg=400x300", "small.webp=400x300", "thumbnail.jpg=150x113", "thumbnail.webp=150x113");
    }

    @ParameterizedTest(name = "renditions ''{0}'' rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "small                     | role:box",
            "small:big                 | not a number",
            "small:400,small:800       | appears twice",
            "Small:400                 | must match",
            "tiny:8                    | 16..8192"})
    void badRenditionSettingsAreNamed(String value, String message) {
        assertThatThrownBy(() -> RenditionSpec.parseList(value)).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "source {0}x{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "1920 | 1080 | 1080p=1920x1080@5000,720p=1280x720@2800,360p=640x360@800",
            "1280 | 720  | 720p=1280x720@2800,360p=640x360@800",
            "1080 | 1920 | 1080p=608x1080@5000,720p=404x720@2800,360p=202x360@800",
            "426  | 240  | 240p=426x240@356",
            "3840 | 2160 | 1080p=1920x1080@5000,720p=1280x720@2800,360p=640x360@800"})
    void ladderNeverUpscalesAndSmallSourcesGetOneRung(int w, int h, String expected) {
        List<LadderPlan.Rendition> ladder = LadderPlan.plan(new Dimensions(w, h), HlsRung.parseList(HlsRung.DEFAULTS));

        assertThat(String.join(",", ladder.stream()
                .map(r -> r.name() + "=" + r.width() + "x" + r.height() + "@" + r.videoKbps()).toList())).isEqualTo(expected);
    }

    @Test
    void outputKeysFollowTheSharedCacheRules() {
        CachePolicy policy = CachePolicy.defaults();
        String v = OutputLayout.version("ab".repeat(32), ImageSettings.defaults().fingerprint());

        assertThat(v).matches("[0-9a-f]{16}");
        assertThat(policy.cacheControl(OutputLayout.rendition("m1", v, "large", ImageFormat.WEBP)))
                .isEqualTo(CachePolicy.ONE_YEAR_IMMUTABLE);
        assertThat(policy.cacheControl(OutputLayout.poster("m1", v))).isEqualTo(CachePolicy.ONE_YEAR_IMMUTABLE);
        assertThat(policy.cacheControl(OutputLayout.streamPrefix("m1", v) + "720p/seg-00003.m4s"))
                .isEqualTo(CachePolicy.ONE_YEAR_IMMUTABLE);
        assertThat(policy.cacheControl(OutputLayout.streamPrefix("m1", v) + "audio/seg-00003.m4s"))
                .isEqualTo(CachePolicy.ONE_YEAR_IMMUTABLE);
        assertThat(policy.cacheControl(OutputLayout.hlsMaster("m1", v))).isEqualTo("public, max-age=60");
        assertThat(policy.cacheControl(OutputLayout.streamPrefix("m1", v) + "720p/index.m3u8")).isEqualTo("public, max-age=60");
        assertThat(ContentTypes.forKey(OutputLayout.dashManifest("m1", v))).isEqualTo("application/dash+xml");
        assertThat(ContentTypes.forKey(OutputLayout.streamPrefix("m1", v) + "720p/init.mp4")).isEqualTo("video/mp4");
        assertThat(ContentTypes.forKey(OutputLayout.streamPrefix("m1", v) + "720p/seg-00001.m4s")).isEqualTo("video/iso.segment");
        assertThat(policy.cacheControl(OutputLayout.original("m1", v, "mp4"))).isEqualTo("public, max-age=604800");
    }

    @Test
    void versionChangesWithContentAndWithSettings() {
        String a = OutputLayout.version("aa".repeat(32), "s1");
        assertThat(OutputLayout.version("aa".repeat(32), "s1")).isEqualTo(a);
        assertThat(OutputLayout.version("bb".repeat(32), "s1")).isNotEqualTo(a);
        assertThat(OutputLayout.version("aa".repeat(32), "s2")).isNotEqualTo(a);
    }

    @Test
    void purgeNamesFewPathsOneByOneAndCollapsesManyIntoTheOldVersionDirectory() {
        List<String> old = List.of("media/m1/aaaa/renditions/large.jpg", "media/m1/aaaa/renditions/large.webp");
        List<String> current = List.of("media/m1/bbbb/renditions/large.jpg");

        PurgePlan few = PurgePlan.plan(old, current, 50);
        assertThat(few.deleteKeys()).isEqualTo(old);
        assertThat(few.viewerPaths()).containsExactly("/media/m1/aaaa/renditions/large.jpg",
                "/media/m1/aaaa/renditions/large.webp");

        List<String> segments = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> "media/v1/cccc/hls/720p/seg-%05d.ts".formatted(i)).toList();
        PurgePlan many = PurgePlan.plan(segments, List.of(), 50);
        assertThat(many.deleteKeys()).hasSize(300);
        assertThat(many.viewerPaths()).containsExactly("/media/v1/cccc/*");

        assertThat(PurgePlan.plan(old, old, 50).isEmpty()).as("same version: nothing to purge").isTrue();
    }

    @Test
    void signedUrlsOnlyForTheOwnerWithinTheExpiryBounds() {
        MediaManifest item = new MediaManifest("m1", "alice", MediaKind.IMAGE, "0123456789abcdef", "up",
                "uploads/alice/2026/x", "ff", List.of(
                        output("large", "jpeg", "media/m1/0123456789abcdef/renditions/large.jpg", 1200, 900),
                        output("large", "webp", "media/m1/0123456789abcdef/renditions/large.webp", 1200, 900),
                        output("thumbnail", "jpeg", "media/m1/0123456789abcdef/renditions/thumbnail.jpg", 150, 113)),
                List.of(), List.of(), Instant.EPOCH, null, null);
        CdnLocation cdn = new CdnLocation(Optional.of("E1"), "d1.cloudfront.net", Optional.of("media.example.com"), true);
        Instant now = Instant.parse("2026-11-22T10:00:00.500Z");

        SignatureRequest canned = AccessGrant.decide(item, ask("alice", SigningPolicy.CANNED, null), OWNERSHIP, cdn,
                Duration.ofHours(1), Duration.ofDays(7), now);
        assertThat(canned.resourceUrl()).isEqualTo("https://media.example.com/media/m1/0123456789abcdef/renditions/large.jpg");
        assertThat(canned.expiresAt()).isEqualTo(Instant.parse("2026-11-22T11:00:00Z"));
        assertThat(canned.resourcePattern()).isNull();

        SignatureRequest custom = AccessGrant.decide(item, ask("alice", SigningPolicy.CUSTOM, Duration.ofMinutes(5)),
                OWNERSHIP, cdn, Duration.ofHours(1), Duration.ofDays(7), now);
        assertThat(custom.resourcePattern()).isEqualTo("https://media.example.com/media/m1/0123456789abcdef/*");

        assertThatThrownBy(() -> AccessGrant.decide(item, ask("mallory", SigningPolicy.CANNED, null), OWNERSHIP, cdn,
                Duration.ofHours(1), Duration.ofDays(7), now)).isInstanceOf(AccessGrant.NotOwnerException.class);
        assertThatThrownBy(() -> AccessGrant.decide(item, ask("alice", SigningPolicy.CANNED, Duration.ofDays(8)),
                OWNERSHIP, cdn, Duration.ofHours(1), Duration.ofDays(7), now)).hasMessageContaining("expiresInSeconds");
        AccessGrant.Ask missing = new AccessGrant.Ask("alice", Optional.of("poster"), Optional.empty(),
                SigningPolicy.CANNED, Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> AccessGrant.decide(item, missing, OWNERSHIP, cdn, Duration.ofHours(1), Duration.ofDays(7), now))
                .isInstanceOf(AccessGrant.NoSuchOutputException.class);
        AccessGrant.Ask ipOnCanned = new AccessGrant.Ask("alice", Optional.empty(), Optional.empty(),
                SigningPolicy.CANNED, Optional.empty(), Optional.empty(), Optional.of("10.0.0.0/8"));
        assertThatThrownBy(() -> AccessGrant.decide(item, ipOnCanned, OWNERSHIP, cdn, Duration.ofHours(1), Duration.ofDays(7), now))
                .hasMessageContaining("custom policy");
    }

    @Test
    void signedUrlsNeverForAnItemMadeFromAnotherOwnersUpload() {
        MediaProcessed.Output large = output("large", "jpeg", "media/m1/0123456789abcdef/renditions/large.jpg", 1200, 900);
        CdnLocation cdn = new CdnLocation(Optional.of("E1"), "d1.cloudfront.net", Optional.empty(), true);
        for (String[] source : new String[][] {{"up", "uploads/bob/2026/x"}, {"up", "uploads/alice0/x"},
                {"edgeplane-source", "uploads/alice/x"}, {"up", "manifests/media/m2.json"}}) {
            MediaManifest item = new MediaManifest("m1", "alice", MediaKind.IMAGE, "0123456789abcdef", source[0],
                    source[1], "ff", List.of(large), List.of(), List.of(), Instant.EPOCH, null, null);
            assertThatThrownBy(() -> AccessGrant.decide(item, ask("alice", SigningPolicy.CANNED, null), OWNERSHIP, cdn,
                    Duration.ofHours(1), Duration.ofDays(7), Instant.EPOCH))
                    .as("source %s/%s", source[0], source[1]).isInstanceOf(AccessGrant.NotOwnerException.class)
                    .hasFieldOrPropertyWithValue("rule", "foreign-source");
        }
        MediaManifest someoneElses = new MediaManifest("m1", "alice", MediaKind.IMAGE, "0123456789abcdef", "up",
                "uploads/alice/x", "ff", List.of(large), List.of(), List.of(), Instant.EPOCH, null, null);
        assertThatThrownBy(() -> AccessGrant.decide(someoneElses, ask("Alice", SigningPolicy.CANNED, null), OWNERSHIP,
                cdn, Duration.ofHours(1), Duration.ofDays(7), Instant.EPOCH))
                .isInstanceOf(AccessGrant.NotOwnerException.class)
                .hasFieldOrPropertyWithValue("field", "userId").hasFieldOrPropertyWithValue("rule", "owner-mismatch");
    }

    @ParameterizedTest(name = "owner u1, {0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "up               | uploads/u2/2026/11/22/abc       | foreign-source",
            "up               | uploads/u10/2026/11/22/abc      | foreign-source",
            "up               | uploads/u1-x/2026/abc           | foreign-source",
            "up               | uploads/u1/%2e%2e/u2/x          | path-traversal",
            "up               | uploads/u1/%2E%2E/u2/x          | path-traversal",
            "up               | uploads/u1%2f..%2fu2/x          | path-traversal",
            "up               | uploads/u1/../u2/x              | path-traversal",
            "up               | uploads/u1/./x                  | path-traversal",
            "up               | uploads/u1//x                   | path-traversal",
            "up               | Uploads/u1/x                    | foreign-source",
            "up               | UPLOADS/U1/x                    | foreign-source",
            "up               | uploads/U1/x                    | foreign-source",
            "up               | uploads/u1/                     | foreign-source",
            "up               | uploads/u1                      | foreign-source",
            "up               | manifests/media/m2.json         | foreign-source",
            "edgeplane-source | uploads/u1/2026/11/22/abc       | foreign-source",
            "edgeplane-distribution | uploads/u1/2026/11/22/abc | foreign-source",
            "Up               | uploads/u1/2026/11/22/abc       | foreign-source",
            "up               | uploads/u1/2026/11/22/abc       | ok",
            "up               | uploads/u1/x.jpg                | ok"})
    void uploadsOnlyFromTheOwnersUploadRootInTheUploadsBucket(String bucket, String key, String expected) {
        Optional<MediaRejectedException> refusal = UploadSource.refusal(OWNERSHIP, "u1", bucket, key);
        assertThat(refusal.map(r -> r.reason().code()).orElse("ok")).isEqualTo(expected);
        refusal.ifPresent(r -> assertThat(r.getMessage()).contains(key, "[" + expected + "]"));
    }

    @Test
    void uploadKeysAreUnderTheOwnersRootAndDatedAndAreAccepted() {
        UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        String key = UploadSource.keyFor(OWNERSHIP, "u1", Instant.parse("2026-03-04T23:59:59Z"), id);
        assertThat(key).isEqualTo("uploads/u1/2026/03/04/0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(UploadSource.refusal(OWNERSHIP, "u1", "up", key)).isEmpty();
        assertThat(UploadSource.refusal(OWNERSHIP, "u10", "up", key)).isPresent();
        assertThatThrownBy(() -> UploadSource.keyFor(OWNERSHIP, "../u2", Instant.EPOCH, id)).hasMessageContaining("../u2");
        assertThat(UploadSource.refusal(OWNERSHIP, "../u2", "up", "uploads/../u2/x").map(r -> r.reason().code()))
                .contains("foreign-source");
    }

    @Test
    void theUploadsBucketMustBeSetAndBeTheOnePresignedUrlsWriteTo() {
        assertThat(UploadSource.settingProblems(Optional.of("up"), "up", "edgeplane.media.buckets.uploads")).isEmpty();
        assertThat(UploadSource.settingProblems(Optional.empty(), "up", "edgeplane.media.buckets.uploads"))
                .singleElement().asString().contains("edgeplane.ownership.uploads-bucket is not set");
        assertThat(UploadSource.settingProblems(Optional.of(" "), "up", "edgeplane.media.buckets.uploads"))
                .singleElement().asString().contains("is not set");
        assertThat(UploadSource.settingProblems(Optional.of("other"), "up", "edgeplane.media.buckets.uploads"))
                .singleElement().asString().contains("'other' differs from edgeplane.media.buckets.uploads 'up'");
    }

    @Test
    void videoLimitsNameTheRuleThatFailed() {
        VideoLimits limits = new VideoLimits(Duration.ofMinutes(10), 1920L * 1080);
        assertThatThrownBy(() -> limits.check(new VideoProbe("mp3", 30, null, null, 0, true, 128)))
                .hasMessageContaining("no video stream")
                .isInstanceOfSatisfying(MediaRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED_FORMAT));
        assertThatThrownBy(() -> limits.check(new VideoProbe("mp4", 601, "h264", new Dimensions(640, 360), 25, true, 800)))
                .isInstanceOfSatisfying(MediaRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.DURATION_LIMIT));
        assertThatThrownBy(() -> limits.check(new VideoProbe("mp4", 60, "h264", new Dimensions(3840, 2160), 25, true, 800)))
                .isInstanceOfSatisfying(MediaRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.PIXEL_LIMIT));
    }

    private static AccessGrant.Ask ask(String user, SigningPolicy policy, Duration expiry) {
        return new AccessGrant.Ask(user, Optional.empty(), Optional.empty(), policy, Optional.ofNullable(expiry),
                Optional.empty(), Optional.empty());
    }

    private static MediaProcessed.Output output(String role, String format, String key, int w, int h) {
        return new MediaProcessed.Output(role, format, key, null, "image/" + format, CachePolicy.ONE_YEAR_IMMUTABLE, 100L,
                w, h, null);
    }
}
