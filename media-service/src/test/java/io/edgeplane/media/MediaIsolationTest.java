package io.edgeplane.media;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import io.edgeplane.events.EventJson;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaKind;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.VideoUploaded;
import io.edgeplane.media.domain.MediaManifest;
import io.edgeplane.media.video.FfmpegBinaries;
import io.edgeplane.media.video.TestVideos;
import io.edgeplane.testsupport.ConsumerContract;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.edgeplane.testsupport.TestTokens;
import io.edgeplane.testsupport.media.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 13, media boundary: an upload event may only turn its owner's own upload into media, under a
 * media id that is free or already the owner's; signed URLs only for the owner. Hostile events go
 * through the real broker, the stores are the real S3 endpoint, listed before and after.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@WithTestResource(SigningKeyTestResource.class)
class MediaIsolationTest {
    private static final String UPLOADS = "edgeplane-uploads";
    private static final String SOURCE = "edgeplane-source";
    private static final String DISTRIBUTION = "edgeplane-distribution";
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

    /** One hostile upload event of owner u1 and the rule it must be refused with. */
    private record Case(String name, String bucket, String key, String rule) {
    }

    @Test
    void uploadsOutsideTheOwnersUploadRootAreRefusedUnreadAndTheNeighbourIsProcessed() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String u1 = "u1-" + run;
        String u2 = "u2-" + run;
        // The victim's item, processed legitimately: its private upload, outputs and manifest are the targets.
        String victimId = "victim-" + run;
        String victimKey = put(UPLOADS, "uploads/" + u2 + "/2026/11/22/secret.jpg", image(7));
        upstream.publish(imageUploaded(victimId, u2, UPLOADS, victimKey));
        MediaProcessed victim = awaitProcessed(victimId);
        String victimOutput = victim.outputs().getFirst().key();

        List<Case> cases = List.of(
                new Case("other-owner", UPLOADS, victimKey, "foreign-source"),
                new Case("sibling-u10", UPLOADS, put(UPLOADS, "uploads/" + u1 + "0/2026/11/22/a.jpg", image(8)),
                        "foreign-source"),
                new Case("sibling-dash", UPLOADS, put(UPLOADS, "uploads/" + u1 + "-x/2026/11/22/a.jpg", image(9)),
                        "foreign-source"),
                new Case("encoded-dotdot", UPLOADS, put(UPLOADS, "uploads/" + u1 + "/%2e%2e/" + u2 + "/a.jpg", image(10)),
                        "path-traversal"),
                new Case("encoded-slash", UPLOADS, put(UPLOADS, "uploads/" + u1 + "%2f..%2f" + u2 + "/a.jpg", image(11)),
                        "path-traversal"),
                new Case("case", UPLOADS, put(UPLOADS, "Uploads/" + u1 + "/2026/11/22/a.jpg", image(12)), "foreign-source"),
                new Case("root-itself", UPLOADS, "uploads/" + u1 + "/", "foreign-source"),
                new Case("source-bucket", SOURCE, put(SOURCE, "uploads/" + u1 + "/2026/11/22/a.jpg", image(13)),
                        "foreign-source"),
                new Case("distribution-bucket", DISTRIBUTION, victimOutput, "foreign-source"),
                new Case("manifests-prefix", UPLOADS, "manifests/media/" + victimId + ".json", "foreign-source"));
        Map<String, String> distributionBefore = listing(DISTRIBUTION, "");
        Map<String, String> manifestsBefore = listing(UPLOADS, "manifests/");
        RecordingMediaStore.SOURCES_READ.clear();

        Map<String, Case> byMediaId = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String mediaId = "iso-" + run + "-" + c.name();
            byMediaId.put(mediaId, c);
            upstream.publish(imageUploaded(mediaId, u1, c.bucket(), c.key()));
        }
        // '..' never reaches the ownership check: the event contract refuses it (dead letter naming key and rule).
        String dotdotId = "iso-" + run + "-dotdot";
        upstream.publish(imageUploaded(dotdotId, u1, UPLOADS, "uploads/" + u1 + "/../" + u2 + "/2026/11/22/secret.jpg"));
        // The valid neighbour, on the same topic after the hostile ones.
        String neighbourId = "iso-" + run + "-neighbour";
        String neighbourKey = put(UPLOADS, "uploads/" + u1 + "/2026/11/22/mine.jpg", image(14));
        upstream.publish(imageUploaded(neighbourId, u1, UPLOADS, neighbourKey));

        MediaProcessed neighbour = awaitProcessed(neighbourId);
        assertThat(neighbour.ownerId()).isEqualTo(u1);
        for (var entry : byMediaId.entrySet()) {
            MediaFailed failed = awaitFailed(entry.getKey());
            assertThat(failed.reason()).as("case %s", entry.getValue().name()).isEqualTo(entry.getValue().rule());
            assertThat(failed.message()).as("case %s names the rule", entry.getValue().name())
                    .contains("[" + entry.getValue().rule() + "]");
        }
        assertThat(EventsClient.header(ConsumerContract.awaitDeadLetter(upstream, "media-service", dotdotId),
                "dead-letter-reason")).contains("key", "[object-key]");

        // Nothing foreign was read; the only source read is the neighbour's own upload.
        assertThat(RecordingMediaStore.SOURCES_READ).containsExactly(UPLOADS + "/" + neighbourKey);
        // Nothing written but the neighbour's outputs and manifest; the victim's objects are untouched.
        Map<String, String> distributionAfter = listing(DISTRIBUTION, "");
        Map<String, String> added = new TreeMap<>(distributionAfter);
        distributionBefore.keySet().forEach(added::remove);
        assertThat(added.keySet()).isNotEmpty().allMatch(k -> k.startsWith("media/" + neighbourId + "/"));
        assertThat(distributionAfter).containsAllEntriesOf(distributionBefore);
        Map<String, String> manifestsAfter = listing(UPLOADS, "manifests/");
        assertThat(manifestsAfter).containsAllEntriesOf(manifestsBefore);
        assertThat(manifestsAfter.keySet()).filteredOn(k -> !manifestsBefore.containsKey(k))
                .containsExactly("manifests/media/" + neighbourId + ".json");
        // The victim's bytes (ETag = MD5 of a single-part upload) appear nowhere among the outputs.
        String victimEtag = s3.headObject(b -> b.bucket(UPLOADS).key(victimKey)).eTag();
        assertThat(distributionAfter.values()).doesNotContain(victimEtag);
    }

    @Test
    void aMediaIdOwnedByAnotherOwnerIsNeverTakenOverEvenInARace(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "own-" + run;
        String intruder = "int-" + run;
        String mediaId = "taken-" + run;
        upstream.publish(imageUploaded(mediaId, owner, UPLOADS, put(UPLOADS, "uploads/" + owner + "/2026/a.jpg", image(3))));
        MediaProcessed first = awaitProcessed(mediaId);
        Map<String, String> itemBefore = listing(DISTRIBUTION, "media/" + mediaId + "/");
        Map<String, String> manifestBefore = listing(UPLOADS, "manifests/media/" + mediaId + ".json");

        // A valid upload of the intruder's own, aimed at the owner's media id.
        upstream.publish(imageUploaded(mediaId, intruder, UPLOADS, put(UPLOADS, "uploads/" + intruder + "/2026/b.jpg",
                image(4))));
        MediaFailed refused = awaitFailed(mediaId);
        assertThat(refused.reason()).isEqualTo("owner-mismatch");
        assertThat(refused.ownerId()).isEqualTo(intruder);
        assertThat(listing(DISTRIBUTION, "media/" + mediaId + "/")).isEqualTo(itemBefore);
        assertThat(listing(UPLOADS, "manifests/media/" + mediaId + ".json")).isEqualTo(manifestBefore);
        assertThat(first.ownerId()).isEqualTo(owner);

        // A fresh id claimed by two owners at once on two topics (image and video consumers run in parallel):
        // exactly one wins, the other is refused and wrote nothing.
        String raced = "race-" + run;
        Path mp4 = TestVideos.mp4(FfmpegBinaries.bundled(), dir.resolve("clip.mp4"), 2, 160, 120, false);
        String videoKey = put(UPLOADS, "uploads/" + intruder + "/2026/c.mp4", Files.readAllBytes(mp4));
        String imageKey = put(UPLOADS, "uploads/" + owner + "/2026/d.jpg", image(5));
        upstream.publish(new VideoUploaded(raced, intruder, UPLOADS, videoKey, "video/mp4", Files.size(mp4), null,
                Instant.now(), List.of()));
        upstream.publish(imageUploaded(raced, owner, UPLOADS, imageKey));
        MediaProcessed winner = awaitProcessed(raced);
        MediaFailed loser = awaitFailed(raced);
        assertThat(loser.reason()).isEqualTo("owner-mismatch");
        assertThat(loser.ownerId()).isNotEqualTo(winner.ownerId());
        MediaManifest manifest = EventJson.mapper().readValue(s3.getObjectAsBytes(b -> b.bucket(UPLOADS)
                .key("manifests/media/" + raced + ".json")).asByteArray(), MediaManifest.class);
        assertThat(manifest.ownerId()).isEqualTo(winner.ownerId());
        List<String> winnerKeys = new ArrayList<>(manifest.objectKeys());
        assertThat(listing(DISTRIBUTION, "media/" + raced + "/").keySet())
                .as("only the winner's outputs exist").containsExactlyInAnyOrderElementsOf(winnerKeys);
        MediaKind winnerKind = winner.ownerId().equals(owner) ? MediaKind.IMAGE : MediaKind.VIDEO;
        assertThat(winner.kind()).isEqualTo(winnerKind);
    }

    @Test
    void signedUrlsOnlyForTheOwnerOfAnItemMadeFromTheirOwnUpload() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "so-" + run;
        String mediaId = "signed-" + run;
        upstream.publish(imageUploaded(mediaId, owner, UPLOADS, put(UPLOADS, "uploads/" + owner + "/2026/a.jpg", image(6))));
        awaitProcessed(mediaId);

        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", owner + "0")).post("/media/" + mediaId + "/signed-url")
                .then().statusCode(403).contentType("application/problem+json")
                .body("violations[0].field", equalTo("userId")).body("violations[0].rule", equalTo("owner-mismatch"))
                .body("$", not(hasKey("url")));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", owner.toUpperCase())).post("/media/" + mediaId + "/signed-url")
                .then().statusCode(403).body("violations[0].rule", equalTo("owner-mismatch"));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", owner)).post("/media/" + mediaId + "/signed-url")
                .then().statusCode(200).body("url", org.hamcrest.Matchers.startsWith("https://"));

        // An item recorded (before sources were checked) as made from another owner's upload is never signed.
        String legacyId = "legacy-" + run;
        MediaManifest processed = EventJson.mapper().readValue(s3.getObjectAsBytes(b -> b.bucket(UPLOADS)
                .key("manifests/media/" + mediaId + ".json")).asByteArray(), MediaManifest.class);
        MediaManifest legacy = new MediaManifest(legacyId, owner, MediaKind.IMAGE, processed.version(), UPLOADS,
                "uploads/victim-" + run + "/2026/secret.jpg", processed.sourceSha256(), processed.outputs(),
                processed.objectKeys(), List.of(), Instant.now(), null, null);
        s3.putObject(b -> b.bucket(UPLOADS).key("manifests/media/" + legacyId + ".json"),
                RequestBody.fromBytes(EventJson.mapper().writeValueAsBytes(legacy)));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", owner)).post("/media/" + legacyId + "/signed-url")
                .then().statusCode(403).contentType("application/problem+json")
                .body("violations[0].rule", equalTo("foreign-source")).body("$", not(hasKey("url")));

        // A claimed item with nothing published yet is not an item.
        String claimedId = "claimed-" + run;
        s3.putObject(b -> b.bucket(UPLOADS).key("manifests/media/" + claimedId + ".json"), RequestBody.fromBytes(
                EventJson.mapper().writeValueAsBytes(MediaManifest.claim(claimedId, owner, MediaKind.IMAGE, UPLOADS,
                        "uploads/" + owner + "/2026/x.jpg", Instant.now()))));
        given().get("/media/" + claimedId).then().statusCode(404);
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body(Map.of("userId", owner)).post("/media/" + claimedId + "/signed-url").then().statusCode(404);
    }

    @Test
    void theUploadsBucketSettingIsPartOfReadiness() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'media-uploads-bucket' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'media-uploads-bucket' }.data.setting",
                        equalTo("edgeplane.ownership.uploads-bucket"));
    }

    private static ImageUploaded imageUploaded(String mediaId, String owner, String bucket, String key) {
        return FlowEvents.imageUploaded(mediaId, owner, bucket, key);
    }

    private static byte[] image(int seed) {
        return TestImages.jpeg(TestImages.photoLike(320, 240, seed), 90);
    }

    private static String put(String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        return key;
    }

    /** Key → ETag of every object under {@code prefix}. */
    private static Map<String, String> listing(String bucket, String prefix) {
        Map<String, String> objects = new TreeMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .forEach((S3Object o) -> objects.put(o.key(), o.eTag()));
        return objects;
    }

    private static MediaProcessed awaitProcessed(String mediaId) {
        return FlowEvents.awaitProcessed(upstream, mediaId, 1);
    }

    private static MediaFailed awaitFailed(String mediaId) {
        return FlowEvents.awaitFailed(upstream, mediaId);
    }
}
