package io.edgeplane.media;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaKind;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.VideoUploaded;
import io.edgeplane.media.aws.CloudFrontUrlSignerTestAccess;
import io.edgeplane.media.domain.AnnouncedInputs;
import io.edgeplane.media.messaging.AnnouncedUploads;
import io.edgeplane.media.video.FfmpegBinaries;
import io.edgeplane.media.video.TestVideos;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.edgeplane.testsupport.TestTokens;
import io.edgeplane.testsupport.media.HlsPlaylist;
import io.edgeplane.testsupport.media.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

/**
 * Uploads through the real broker and the real S3 endpoint, as the upload service would send them,
 * and checks what lands in the distribution bucket and on the status topics.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@WithTestResource(SigningKeyTestResource.class)
class MediaFlowTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String UPLOADS = "edgeplane-uploads";
    private static final String DISTRIBUTION = "edgeplane-distribution";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The one rule engine the service is configured with (the defaults): what every stored object must carry. */
    private static final io.edgeplane.platform.cache.CachePolicy POLICY = io.edgeplane.platform.cache.CachePolicy.defaults();
    private static EventsClient upstream;
    private static S3Client s3;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
        s3 = TestEnvironment.s3().client();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    @Test
    void imageBecomesRenditionsWithHeadersAndItsReplacementIsPurged() throws Exception {
        String mediaId = "img-" + UUID.randomUUID();
        String first = upload("user-7", TestImages.jpegWithOrientation(TestImages.quadrants(1600, 1200), 6, true), ".jpg");
        upstream.publish(imageUploaded(mediaId, "user-7", first));

        MediaProcessed processed = awaitProcessed(mediaId, 1);
        assertThat(processed.kind()).isEqualTo(MediaKind.IMAGE);
        assertThat(processed.replaced()).isFalse();
        assertThat(processed.cdn()).isEqualTo(new MediaProcessed.Cdn("E1EDGEPLANE0001", "d1edgeplane0001.cloudfront.net",
                "https://d1edgeplane0001.cloudfront.net", false));
        assertThat(processed.outputs()).hasSize(8);
        assertThat(processed.outputs()).extracting(o -> o.role() + "." + o.format() + "=" + o.width() + "x" + o.height())
                // Stored 1200x1600 with orientation 6: upright 1600x1200.
                .containsExactlyInAnyOrder("large.jpeg=1200x900", "large.webp=1200x900", "medium.jpeg=800x600",
                        "medium.webp=800x600", "small.jpeg=400x300", "small.webp=400x300", "thumbnail.jpeg=150x113",
                        "thumbnail.webp=150x113");
        for (MediaProcessed.Output output : processed.outputs()) {
            assertThat(output.key()).matches("media/" + mediaId + "/[0-9a-f]{16}/renditions/[a-z]+\\.(jpg|webp)");
            assertThat(output.url()).isEqualTo("https://d1edgeplane0001.cloudfront.net/" + output.key());
            assertThat(output.cacheControl()).isEqualTo(IMMUTABLE);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(DISTRIBUTION).key(output.key()));
            assertThat(head.cacheControl()).isEqualTo(IMMUTABLE);
            assertThat(head.contentType()).isEqualTo(output.contentType())
                    .isEqualTo(output.format().equals("jpeg") ? "image/jpeg" : "image/webp");
            assertThat(head.contentLength()).isEqualTo(output.sizeBytes());
        }

        // The same item again with other content: new keys, the old ones deleted and purged at the edge.
        String second = upload("user-7", TestImages.jpeg(TestImages.photoLike(800, 600, 11), 90), ".jpg");
        EventEnvelope<ImageUploaded> replacement = upstream.publish(imageUploaded(mediaId, "user-7", second));

        MediaProcessed replaced = awaitProcessed(mediaId, 2);
        assertThat(replaced.replaced()).isTrue();
        assertThat(replaced.causedBy()).containsExactly(replacement.id());
        assertThat(replaced.outputs()).extracting(MediaProcessed.Output::key)
                .doesNotContainAnyElementsOf(processed.outputs().stream().map(MediaProcessed.Output::key).toList());
        List<EventEnvelope<FilesDistributed>> purges = upstream.awaitEvents(EventType.FILES_DISTRIBUTED,
                f -> f.causedBy().contains(replacement.id()), 1, TIMEOUT);
        assertThat(purges).hasSize(1);
        FilesDistributed purge = purges.getFirst().data();
        assertThat(purge.distributionId()).isEqualTo("E1EDGEPLANE0001");
        assertThat(purge.origin()).isEqualTo("media");
        assertThat(purge.changedPaths()).containsExactlyInAnyOrderElementsOf(
                processed.outputs().stream().map(o -> "/" + o.key()).toList());
        assertThat(purge.results()).allSatisfy(r -> assertThat(r.status().json()).isEqualTo("deleted"));
        for (MediaProcessed.Output old : processed.outputs()) {
            assertThat(exists(old.key())).as("replaced %s deleted", old.key()).isFalse();
        }
        for (MediaProcessed.Output current : replaced.outputs()) {
            assertThat(exists(current.key())).isTrue();
        }

        // REST: the item as it is now, and a signed URL for its owner only.
        given().get("/media/" + mediaId).then().statusCode(200).body("version", equalTo(
                replaced.outputs().getFirst().key().split("/")[2])).body("ownerId", equalTo("user-7"));
        Instant before = Instant.now();
        JsonPath signed = given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", "user-7", "role", "large", "format", "webp", "expiresInSeconds", 600))
                .post("/media/" + mediaId + "/signed-url").then().statusCode(200).extract().jsonPath();
        String url = signed.getString("url");
        String large = replaced.outputs().stream().filter(o -> o.role().equals("large") && o.format().equals("webp"))
                .findFirst().orElseThrow().url();
        assertThat(url).startsWith(large + "?Expires=");
        long expires = Long.parseLong(CloudFrontUrlSignerTestAccess.query(url).get("Expires"));
        assertThat(expires).isBetween(before.getEpochSecond() + 599, Instant.now().getEpochSecond() + 601);
        assertThat(CloudFrontUrlSignerTestAccess.verifiesCanned(url, large, SigningKeyTestResource.publicKey())).isTrue();

        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", "user-8")).post("/media/" + mediaId + "/signed-url")
                .then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("userId", "user-7")).post("/media/" + mediaId + "/signed-url")
                .then().statusCode(401);

        // Another user cannot take the media id over.
        String intruder = upload("user-8", TestImages.jpeg(TestImages.quadrants(200, 100), 90), ".jpg");
        upstream.publish(imageUploaded(mediaId, "user-8", intruder));
        assertThat(awaitFailed(mediaId).reason()).isEqualTo("owner-mismatch");
    }

    @jakarta.inject.Inject
    io.edgeplane.media.messaging.AnnouncedUploads announcedUploads;

    @Test
    void anOutcomeAnotherReplicaPublishesWhileThisOneRunsIsRememberedAndItsUploadNotAnsweredAgain() {
        String mediaId = "replica-" + UUID.randomUUID();
        String key = upload("user-6", TestImages.jpeg(TestImages.photoLike(320, 240, 6), 85), ".jpg");
        EventEnvelope<ImageUploaded> upload = EventEnvelope.of(EventsClient.SOURCE, imageUploaded(mediaId, "user-6", key));
        // Another replica answered this upload and died before committing its offset; the partition comes here.
        MediaFailed theirs = new MediaFailed(mediaId, "user-6", io.edgeplane.events.MediaKind.IMAGE, key, "decode",
                "answered by another replica", Instant.now(), List.of(upload.id()));
        ProducerRecord<String, byte[]> answer = CloudEventCodec.toRecord(EventEnvelope.of("/edgeplane/media-service", theirs));
        Map<String, String> answerHeaders = new java.util.LinkedHashMap<>();
        answer.headers().forEach(h -> answerHeaders.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        upstream.publishRaw(answer.topic(), answer.key(), answerHeaders, answer.value());
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> announcedUploads.announced(upload.id()));

        ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(upload);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        upstream.publishRaw(record.topic(), record.key(), headers, record.value());
        EventEnvelope<ImageUploaded> later = upstream.publish(imageUploaded(mediaId, "user-6", key));
        assertThat(upstream.awaitEvents(EventType.MEDIA_PROCESSED, (MediaProcessed m) -> m.causedBy().contains(later.id()),
                1, TIMEOUT)).hasSize(1);
        assertThat(upstream.awaitEvents(EventType.MEDIA_PROCESSED, (MediaProcessed m) -> m.causedBy().contains(upload.id()),
                1, Duration.ofSeconds(3))).as("no answer of this replica to the replayed upload").isEmpty();
    }

    @Test
    void anUploadDeliveredThreeTimesIsAnsweredAndCountedOnceAndRememberedFromTheStatusTopic() {
        String mediaId = "thrice-" + UUID.randomUUID();
        String key = upload("user-5", TestImages.jpeg(TestImages.photoLike(640, 480, 4), 85), ".jpg");
        double processedBefore = imagesProcessed();
        EventEnvelope<ImageUploaded> first = upstream.publish(imageUploaded(mediaId, "user-5", key));
        // The same record twice more (same ce_id), as a producer retry or a redelivery after a crash brings it.
        ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(first);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        for (int i = 0; i < 2; i++) {
            upstream.publishRaw(record.topic(), record.key(), headers, record.value());
        }
        // A new event for the same item, on the same partition: once it is answered, the replays before it were read.
        EventEnvelope<ImageUploaded> later = upstream.publish(imageUploaded(mediaId, "user-5", key));
        assertThat(upstream.awaitEvents(EventType.MEDIA_PROCESSED, (MediaProcessed m) -> m.causedBy().contains(later.id()),
                1, TIMEOUT)).hasSize(1);

        List<EventEnvelope<MediaProcessed>> answers = upstream.awaitEvents(EventType.MEDIA_PROCESSED,
                (MediaProcessed m) -> m.mediaId().equals(mediaId), 4, Duration.ofSeconds(5));
        assertThat(answers).extracting(a -> a.data().causedBy()).containsExactlyInAnyOrder(List.of(first.id()),
                List.of(later.id()));
        assertThat(imagesProcessed() - processedBefore).as("images counted as processed").isEqualTo(2.0);

        // What a restarted service reads back at start-up knows both answered events, nothing else.
        AnnouncedInputs afterRestart = new AnnouncedInputs(1_000);
        AnnouncedUploads.read(Map.of("bootstrap.servers", TestEnvironment.kafkaBootstrapServers()), "/edgeplane/media-service",
                Instant.now().minus(Duration.ofMinutes(30)), afterRestart);
        assertThat(afterRestart.contains(first.id())).isTrue();
        assertThat(afterRestart.contains(later.id())).isTrue();
        assertThat(afterRestart.contains(UUID.randomUUID().toString())).isFalse();
        // Outcomes on the topic from another producer are not this service's memory.
        assertThat(AnnouncedUploads.read(Map.of("bootstrap.servers", TestEnvironment.kafkaBootstrapServers()),
                EventsClient.SOURCE, Instant.now().minus(Duration.ofMinutes(30)), new AnnouncedInputs(10))).isZero();
    }

    private static double imagesProcessed() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith("edgeplane_media_items_processed_total{") && l.contains("kind=\"image\"")
                && l.contains("outcome=\"processed\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void brokenImagesAreAnnouncedAsMediaFailedWithTheirReason() {
        byte[] photo = TestImages.jpeg(TestImages.photoLike(640, 480, 2), 90);
        Map<String, byte[]> cases = Map.of("corrupt", TestImages.truncated(photo, 0.5),
                "pixel-limit", TestImages.pngClaiming(100_000, 100_000),
                "unsupported-format", "GIF89a\1\0\1\0\0\0\0;".getBytes(StandardCharsets.ISO_8859_1));
        for (var entry : cases.entrySet()) {
            String mediaId = "bad-" + entry.getKey() + "-" + UUID.randomUUID();
            upstream.publish(imageUploaded(mediaId, "user-1", upload("user-1", entry.getValue(), ".bin")));
            MediaFailed failed = awaitFailed(mediaId);
            assertThat(failed.reason()).isEqualTo(entry.getKey());
            assertThat(failed.kind()).isEqualTo(MediaKind.IMAGE);
            assertThat(failed.message()).isNotBlank();
        }
        String missing = "missing-" + UUID.randomUUID();
        upstream.publish(imageUploaded(missing, "user-1", "uploads/user-1/2026/01/01/" + UUID.randomUUID()));
        assertThat(awaitFailed(missing).reason()).isEqualTo("source-missing");
        assertThat(upstream.awaitDeadLetters("media-service", r -> r.key().startsWith("bad-"), 1, Duration.ofSeconds(2)))
                .as("rejected media is not poison").isEmpty();
    }

    @Test
    void videoBecomesPlayableHlsNextToItsOriginalWithTheSharedCacheRules(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path mp4 = TestVideos.mp4(FfmpegBinaries.bundled(), dir.resolve("clip.mp4"), 9, 426, 240, true);
        String mediaId = "vid-" + UUID.randomUUID();
        String key = upload("user-3", Files.readAllBytes(mp4), ".mp4");
        upstream.publish(new VideoUploaded(mediaId, "user-3", UPLOADS, key, "video/mp4", Files.size(mp4), null,
                Instant.now(), List.of()));

        MediaProcessed processed = awaitProcessed(mediaId, 1);
        assertThat(processed.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(processed.durationMillis()).isBetween(8_800L, 9_200L);
        Map<String, MediaProcessed.Output> byRole = new java.util.HashMap<>();
        processed.outputs().forEach(o -> byRole.put(o.role(), o));
        assertThat(byRole).containsOnlyKeys("original", "poster", "hls-master", "dash-manifest", "hls-240p", "hls-144p");
        String prefix = "media/" + mediaId + "/" + byRole.get("original").key().split("/")[2] + "/";
        assertThat(byRole.get("original").key()).isEqualTo(prefix + "original.mp4");
        assertThat(byRole.get("original").cacheControl()).isEqualTo("public, max-age=604800");
        assertThat(byRole.get("poster").key()).isEqualTo(prefix + "renditions/poster.jpg");
        assertThat(byRole.get("poster").cacheControl()).isEqualTo(IMMUTABLE);
        assertThat(byRole.get("poster").width()).isEqualTo(320);
        assertThat(byRole.get("hls-master").key()).isEqualTo(prefix + "stream/master.m3u8");
        assertThat(byRole.get("hls-master").url())
                .isEqualTo("https://d1edgeplane0001.cloudfront.net/" + prefix + "stream/master.m3u8");
        assertThat(byRole.get("hls-master").cacheControl()).isEqualTo("public, max-age=60");
        assertThat(byRole.get("dash-manifest").key()).isEqualTo(prefix + "stream/manifest.mpd");
        assertThat(byRole.get("dash-manifest").url())
                .isEqualTo("https://d1edgeplane0001.cloudfront.net/" + prefix + "stream/manifest.mpd");
        assertThat(byRole.get("dash-manifest").contentType()).isEqualTo("application/dash+xml");
        assertThat(byRole.get("hls-240p").height()).isEqualTo(240);
        assertThat(byRole.get("hls-240p").bitrateKbps()).isPositive();
        assertHeaders(prefix + "original.mp4", "video/mp4", "public, max-age=604800");

        // Every object the manifests name is in the bucket with the one rule engine's Cache-Control; nothing else is.
        String stream = prefix + "stream/";
        java.util.Set<String> named = new java.util.TreeSet<>(List.of(stream + "master.m3u8", stream + "manifest.mpd"));
        String master = read(stream + "master.m3u8");
        assertHeaders(stream + "master.m3u8", "application/vnd.apple.mpegurl", "public, max-age=60");
        assertHeaders(stream + "manifest.mpd", "application/dash+xml", POLICY.cacheControl(stream + "manifest.mpd"));
        List<HlsPlaylist.Variant> variants = HlsPlaylist.parseMaster(master);
        assertThat(variants).extracting(HlsPlaylist.Variant::height).containsExactly(240, 144);
        java.util.List<String> playlists = new java.util.ArrayList<>(variants.stream().map(HlsPlaylist.Variant::uri).toList());
        playlists.add("audio/index.m3u8");
        Map<String, List<String>> hlsFiles = new java.util.HashMap<>();
        for (String uri : playlists) {
            String playlistKey = stream + uri;
            String text = read(playlistKey);
            assertThat(text).contains("#EXT-X-VERSION:7", "#EXT-X-MAP:URI=\"init.mp4\"");
            HlsPlaylist.Media media = HlsPlaylist.parseMedia(text);
            assertHeaders(playlistKey, "application/vnd.apple.mpegurl", "public, max-age=60");
            assertThat(media.endList()).isTrue();
            assertThat(media.totalSeconds()).isCloseTo(9.0, org.assertj.core.api.Assertions.within(0.25));
            String track = uri.substring(0, uri.indexOf('/'));
            named.add(playlistKey);
            named.add(stream + track + "/init.mp4");
            hlsFiles.put(track, media.segments().stream().map(seg -> track + "/" + seg.uri()).toList());
        }
        Map<String, DashEssentials.Representation> reps = DashEssentials.check(DashEssentials.parse(read(stream + "manifest.mpd")), 9.0);
        assertThat(reps.keySet()).containsExactlyInAnyOrderElementsOf(hlsFiles.keySet());
        for (DashEssentials.Representation rep : reps.values()) {
            assertThat(rep.segmentFiles()).as("HLS and DASH share the segments of " + rep.id()).isEqualTo(hlsFiles.get(rep.id()));
            assertHeaders(stream + rep.initialization(), "video/mp4", POLICY.cacheControl(stream + rep.initialization()));
            for (String segment : rep.segmentFiles()) {
                assertHeaders(stream + segment, "video/iso.segment", IMMUTABLE);
                named.add(stream + segment);
            }
        }
        assertThat(new java.util.TreeSet<>(s3.listObjectsV2Paginator(b -> b.bucket(DISTRIBUTION).prefix(stream)).contents()
                .stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).toList()))
                .as("the stream directory holds exactly what the manifests name").isEqualTo(named);
    }

    @Test
    void uploadUrlIsBoundToTheUsersPrefixAndTheContentType() throws Exception {
        JsonPath upload = given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", "user-5", "contentType", "image/jpeg"))
                .post("/uploads").then().statusCode(200).extract().jsonPath();
        String key = upload.getString("key");
        assertThat(key).matches("uploads/user-5/\\d{4}/\\d{2}/\\d{2}/[0-9a-f-]{36}");
        assertThat(upload.getString("bucket")).isEqualTo(UPLOADS);
        Instant expiresAt = Instant.parse(upload.getString("expiresAt"));
        assertThat(expiresAt).isBetween(Instant.now().plusSeconds(240), Instant.now().plusSeconds(301));

        HttpClient http = HttpClient.newHttpClient();
        byte[] body = TestImages.jpeg(TestImages.quadrants(64, 64), 90);
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create(upload.getString("url")))
                .header("Content-Type", "text/html").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).as("a PUT with another content type breaks the signature").isEqualTo(403);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(upload.getString("url")))
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(s3.headObject(b -> b.bucket(UPLOADS).key(key)).contentType()).isEqualTo("image/jpeg");

        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", "user-5", "contentType", "text/html")).post("/uploads")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", "../etc", "contentType", "image/jpeg")).post("/uploads")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static ImageUploaded imageUploaded(String mediaId, String owner, String key) {
        return FlowEvents.imageUploaded(mediaId, owner, UPLOADS, key);
    }

    private static String upload(String user, byte[] bytes, String extension) {
        String key = "uploads/" + user + "/2026/11/22/" + UUID.randomUUID() + extension;
        s3.putObject(b -> b.bucket(UPLOADS).key(key), RequestBody.fromBytes(bytes));
        return key;
    }

    private static MediaProcessed awaitProcessed(String mediaId, int count) {
        return FlowEvents.awaitProcessed(upstream, mediaId, count);
    }

    private static MediaFailed awaitFailed(String mediaId) {
        return FlowEvents.awaitFailed(upstream, mediaId);
    }

    private static boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(DISTRIBUTION).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(DISTRIBUTION).key(key)).asUtf8String();
    }

    private static void assertHeaders(String key, String contentType, String cacheControl) {
        HeadObjectResponse head = s3.headObject(b -> b.bucket(DISTRIBUTION).key(key));
        assertThat(head.contentType()).as("Content-Type of %s", key).isEqualTo(contentType);
        assertThat(head.cacheControl()).as("Cache-Control of %s", key).isEqualTo(cacheControl);
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
