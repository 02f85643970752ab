package io.edgeplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.DataFetched;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.Topics;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.events.VideoUploaded;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.TopicRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The whole pipeline on the five packaged services: a fetch travels fetch -> distribute ->
 * invalidate with a traceable causedBy chain; tenants are provisioned and deployed (copy and
 * pointer mode); images and a video are uploaded. Every status event arrives and every effect is
 * where it must be (objects with their headers, invalidations covering every changed path).
 */
@Order(1)
@ExtendWith(E2eStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineTest {
    static final int TENANTS = E2eStack.FULL ? 1_000 : 40;
    private static final Duration TIMEOUT = Duration.ofSeconds(E2eStack.FULL ? 900 : 240);
    private static TopicRecorder recorder;

    @BeforeAll
    static void record() {
        recorder = CorpusTest.recorder(E2eStack.get().stack());
    }

    @AfterAll
    static void stopRecording() {
        recorder.close();
    }

    @Test
    @Order(1)
    void aFetchIsDistributedAndInvalidatedWithACausedByChainFromDataFetchedToInvalidationCompleted() throws Exception {
        E2eStack.Shared shared = E2eStack.get();
        EdgeplaneStack stack = shared.stack();
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.service("fetcher-service").url() + "/fetches"))
                .header("Authorization", EdgeplaneStack.AUTHORIZATION).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = Corpus.JSON.readTree(started.body()).get("runId").asText();

        try (TopicRecorder fetched = new TopicRecorder(stack.bootstrapServers(), List.of(Topics.DATA_FETCHED))) {
            List<EventEnvelope<DataFetched>> data = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                data.clear();
                data.addAll(fetched.events(EventType.DATA_FETCHED, (DataFetched d) -> runId.equals(d.runId())));
                return !data.isEmpty();
            });
            EventEnvelope<DataFetched> dataFetched = data.getFirst();
            assertThat(dataFetched.data().changed()).as("first fetch on a fresh stack").isTrue();

            EventEnvelope<FilesDistributed> distributed = awaitEvent(EventType.FILES_DISTRIBUTED,
                    (FilesDistributed f) -> f.causedBy().contains(dataFetched.id()));
            assertThat(distributed.data().failureCount()).isZero();
            assertThat(distributed.data().changedPaths()).contains("/data/regions.json", "/data/services.json",
                    "/data/complete-data.json");

            EventEnvelope<InvalidationCompleted> completed = awaitEvent(EventType.INVALIDATION_COMPLETED,
                    (InvalidationCompleted c) -> c.causedBy().contains(distributed.id()));
            assertThat(completed.data().timeToFreshMillis()).isNotNegative();
            assertThat(Effects.uncovered(shared.cloudFront().simulator(), E2eStack.DISTRIBUTION_ID,
                    distributed.data().changedPaths())).isEmpty();

            try (S3Client s3 = stack.s3().client()) {
                for (DataFetched.FetchedFile file : dataFetched.data().files()) {
                    String name = file.key().substring(file.key().lastIndexOf('/') + 1);
                    HeadObjectResponse head = Effects.head(s3, "edgeplane-distribution", "data/" + name).orElseThrow(
                            () -> new AssertionError("data/" + name + " not in the distribution bucket"));
                    assertThat(head.contentType()).startsWith("application/json");
                    assertThat(head.cacheControl()).isEqualTo("public, max-age=300");
                    assertThat(head.metadata()).containsKeys("source-bucket", "source-key", "distributed-at");
                }
            }
        }
    }

    @Test
    @Order(2)
    void tenantsAreProvisionedAndDeployedAndEveryHostnameBuildAndInvalidationIsThere() {
        E2eStack.Shared shared = E2eStack.get();
        EdgeplaneStack stack = shared.stack();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> tenants = IntStream.range(0, TENANTS).mapToObj(i -> "t" + run + "-" + i).toList();
        Set<String> copyMode = new HashSet<>();
        try (S3Client s3 = stack.s3().client()) {
            AtomicInteger i = new AtomicInteger();
            tenants.forEach(t -> putBuild(s3, t));
            for (String t : tenants) {
                if (i.getAndIncrement() % 2 == 0) {
                    copyMode.add(t);
                }
            }
        }
        EventsClient events = shared.events();
        Instant now = Instant.now();
        for (String t : tenants) {
            events.publish(new TenantProvisioned(t, t, E2eStack.BASE_DOMAIN, SubscriptionTier.STANDARD,
                    TrafficTier.NORMAL, 10_000L, List.of(), null, null, now, List.of()));
            events.publish(new DeploymentCompleted("dep-" + t, t, null, "b1", "edgeplane-source", buildPrefix(t),
                    E2eStack.DISTRIBUTION_ID, "1.0.0", copyMode.contains(t) ? DeploymentMode.COPY : DeploymentMode.POINTER,
                    now, List.of()));
        }

        Set<String> tenantSet = Set.copyOf(tenants);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> ready = new HashSet<>();
            recorder.events(EventType.TENANT_DNS_READY, (TenantDnsReady r) -> tenantSet.contains(r.tenantId()))
                    .forEach(e -> ready.add(e.data().tenantId()));
            Set<String> promoted = new HashSet<>();
            recorder.events(EventType.DEPLOYMENT_PROMOTED, (DeploymentPromoted p) -> tenantSet.contains(p.tenantId()))
                    .forEach(e -> promoted.add(e.data().tenantId()));
            assertThat(ready).as("tenants with TenantDnsReady").hasSameSizeAs(tenants);
            assertThat(promoted).as("tenants with DeploymentPromoted").hasSameSizeAs(tenants);
        });
        System.out.printf("pipeline: %d tenants (%d copy mode, %d pointer mode) provisioned and deployed: every"
                + " TenantDnsReady and DeploymentPromoted within %.1f s of the first publish%n", tenants.size(),
                copyMode.size(), tenants.size() - copyMode.size(), Duration.between(now, Instant.now()).toMillis() / 1000.0);
        assertThat(recorder.events(EventType.TENANT_DNS_FAILED, (io.edgeplane.events.TenantDnsFailed f) ->
                tenantSet.contains(f.tenantId()))).isEmpty();
        for (EventEnvelope<TenantDnsReady> ready : recorder.events(EventType.TENANT_DNS_READY,
                (TenantDnsReady r) -> tenantSet.contains(r.tenantId()))) {
            assertThat(ready.data().hostname()).isEqualTo(ready.data().tenantId() + "." + E2eStack.BASE_DOMAIN);
            assertThat(ready.data().records()).isNotEmpty();
        }
        List<EventEnvelope<DeploymentPromoted>> promotions = recorder.events(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> tenantSet.contains(p.tenantId()));
        for (EventEnvelope<DeploymentPromoted> p : promotions) {
            assertThat(p.data().mode()).as(p.data().tenantId())
                    .isEqualTo(copyMode.contains(p.data().tenantId()) ? DeploymentMode.COPY : DeploymentMode.POINTER);
        }

        // Copy mode: the build is what viewers get under current/, with the cache policy's headers, and every
        // path the distributor reported changed is inside a created invalidation.
        try (S3Client s3 = stack.s3().client()) {
            for (String t : copyMode) {
                String prefix = "tenants/" + t + "/deployments/current/";
                HeadObjectResponse html = Effects.head(s3, "edgeplane-distribution", prefix + "index.html")
                        .orElseThrow(() -> new AssertionError(prefix + "index.html missing"));
                assertThat(html.cacheControl()).as(prefix + "index.html").contains("max-age=3600");
                HeadObjectResponse asset = Effects.head(s3, "edgeplane-distribution", prefix + "assets/app.3f2a9c1b.js")
                        .orElseThrow(() -> new AssertionError(prefix + "assets/app.3f2a9c1b.js missing"));
                assertThat(asset.cacheControl()).as("content-hashed asset").contains("immutable");
            }
        }
        List<String> changed = new ArrayList<>();
        recorder.events(EventType.FILES_DISTRIBUTED, (FilesDistributed f) -> f.tenantId() != null
                && tenantSet.contains(f.tenantId())).forEach(e -> changed.addAll(e.data().changedPaths()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Effects.uncovered(shared.cloudFront().simulator(),
                E2eStack.DISTRIBUTION_ID, changed)).as("changed tenant paths not invalidated").isEmpty());
        assertThat(Effects.billedTwice(shared.cloudFront().simulator())).isEmpty();
    }

    @Test
    @Order(3)
    void imagesAndAVideoBecomeRenditionsAndHlsWithTheirHeaders() {
        E2eStack.Shared shared = E2eStack.get();
        EdgeplaneStack stack = shared.stack();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> media = new ArrayList<>();
        try (S3Client s3 = stack.s3().client()) {
            for (int i = 0; i < 2; i++) {
                String id = "img-" + run + "-" + i;
                String key = "uploads/u-e2e/2026/11/22/" + id;
                byte[] jpeg = TestMedia.generate("photo-jpeg", i);
                s3.putObject(b -> b.bucket("edgeplane-uploads").key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg));
                shared.events().publish(new ImageUploaded(id, "u-e2e", "edgeplane-uploads", key, "image/jpeg",
                        (long) jpeg.length, null, Instant.now(), List.of()));
                media.add(id);
            }
            String id = "vid-" + run;
            String key = "uploads/u-e2e/2026/11/22/" + id;
            byte[] mp4 = TestMedia.shortVideo();
            s3.putObject(b -> b.bucket("edgeplane-uploads").key(key).contentType("video/mp4"), RequestBody.fromBytes(mp4));
            shared.events().publish(new VideoUploaded(id, "u-e2e", "edgeplane-uploads", key, "video/mp4",
                    (long) mp4.length, null, Instant.now(), List.of()));
            media.add(id);

            List<EventEnvelope<MediaProcessed>> processed = new ArrayList<>();
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                processed.clear();
                processed.addAll(recorder.events(EventType.MEDIA_PROCESSED, (MediaProcessed m) -> media.contains(m.mediaId())));
                return processed.stream().map(e -> e.data().mediaId()).distinct().count() == media.size();
            });
            for (EventEnvelope<MediaProcessed> e : processed) {
                MediaProcessed m = e.data();
                Set<String> roles = new HashSet<>();
                for (MediaProcessed.Output out : m.outputs()) {
                    roles.add(out.role());
                    HeadObjectResponse head = Effects.head(s3, "edgeplane-distribution", out.key())
                            .orElseThrow(() -> new AssertionError(m.mediaId() + " output " + out.key() + " missing"));
                    assertThat(head.cacheControl()).as(out.key()).isEqualTo(out.cacheControl());
                    assertThat(head.contentType()).as(out.key()).startsWith(out.contentType());
                    assertThat(head.contentLength()).as(out.key()).isEqualTo(out.sizeBytes());
                }
                if (m.mediaId().startsWith("img-")) {
                    assertThat(roles).as(m.mediaId()).contains("thumbnail", "small", "medium", "large");
                } else {
                    assertThat(roles).as(m.mediaId()).contains("poster", "hls-master");
                }
            }
        }
        assertThat(recorder.matching(Topics.MEDIA_STATUS, r -> EventType.MEDIA_FAILED.ceType().equals(r.ceType())
                && media.contains(r.key()))).isEmpty();
    }

    @Test
    @Order(4)
    void nothingOfThePipelineWasDeadLettered() {
        for (String service : EdgeplaneStack.SERVICES) {
            List<TopicRecorder.Received> dead = recorder.matching(Topics.deadLetter(service),
                    r -> r.key() != null && (r.key().startsWith("t") || r.key().startsWith("img-") || r.key().startsWith("vid-")
                            || r.key().equals(E2eStack.DISTRIBUTION_ID) || r.key().equals("aws-infrastructure"))
                            && !r.key().startsWith("bad-"));
            assertThat(dead).as("dead letters of %s: %s", service, dead.stream()
                    .map(d -> d.key() + ": " + d.header("dead-letter-reason")).toList()).isEmpty();
        }
    }

    private static <T extends io.edgeplane.events.EdgeplaneEvent> EventEnvelope<T> awaitEvent(EventType type,
            java.util.function.Predicate<T> match) {
        List<EventEnvelope<T>> found = new ArrayList<>();
        await().alias(type.name()).atMost(TIMEOUT).until(() -> {
            found.clear();
            found.addAll(recorder.events(type, match));
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    /** Where CI puts a tenant's build: its own build root in the builds bucket (the distributor refuses any other). */
    static String buildPrefix(String tenant) {
        return "tenants/" + tenant + "/builds/b1/";
    }

    static void putBuild(S3Client s3, String tenant) {
        String prefix = buildPrefix(tenant);
        put(s3, "edgeplane-source", prefix + "index.html", "text/html",
                "<!doctype html><title>" + tenant + "</title><script src=assets/app.3f2a9c1b.js></script>");
        put(s3, "edgeplane-source", prefix + "assets/app.3f2a9c1b.js", "text/javascript", "console.log('" + tenant + "')");
        put(s3, "edgeplane-source", prefix + "about/index.html", "text/html", "<!doctype html><title>about " + tenant + "</title>");
    }

    /** A put that survives the S3 endpoint dropping a kept-alive connection now and then (test set-up, not under test). */
    static void put(S3Client s3, String bucket, String key, String contentType, String body) {
        for (int attempt = 1;; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(body));
                return;
            } catch (RuntimeException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
