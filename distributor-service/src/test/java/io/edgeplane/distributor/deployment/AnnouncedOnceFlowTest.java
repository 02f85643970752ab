package io.edgeplane.distributor.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.distributor.messaging.AnnouncementMemory;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentFailed;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.platform.messaging.EventPublisher;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each effect announced once (issue 15 item 3), on the real broker and S3 endpoint: the same input
 * delivered three times (same ce_id) publishes one DeploymentPromoted / DeploymentFailed /
 * FilesDistributed and counts once; after a restart (the memory forgotten and read back from the
 * output topics) a fourth delivery still publishes nothing; a crash between the copies and the
 * announcements still announces exactly once.
 *
 * <p>"Processed" is observed with a sentinel: an event with the same record key (same partition, so
 * consumed after the duplicates) whose own answer is awaited before the duplicates are counted.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class AnnouncedOnceFlowTest {
    static final String SOURCE = DeploymentFlowTest.SOURCE;
    static final Duration WAIT = Duration.ofSeconds(60);
    /** How long to look for an extra event once the sentinel was answered (it would be on the broker already). */
    static final Duration EXTRA = Duration.ofSeconds(2);
    static final Set<String> CHANGED = DeploymentFlowTest.CHANGED;
    static final Set<String> REMOVED = DeploymentFlowTest.REMOVED;

    private static EventsClient upstream;

    @Inject
    S3Client s3;

    @Inject
    AnnouncementMemory memory;

    @Inject
    DeploymentPromoter promoter;

    @Inject
    EventPublisher publisher;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends the very same envelope again (same ce_id), as a redelivery or a producer's retry would. */
    private static void deliver(EventEnvelope<?> envelope) {
        ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(envelope);
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        upstream.publishRaw(record.topic(), record.key(), headers, record.value());
    }

    private static <T extends EdgeplaneEvent> List<T> events(EventType type, Predicate<T> match, int atMost,
            Duration wait) {
        return upstream.<T>awaitEvents(type, match, atMost, wait).stream().map(EventEnvelope::data).toList();
    }

    private static EventEnvelope<DeploymentCompleted> completed(String tenant, String buildId, String prefix) {
        return EventEnvelope.of(EventsClient.SOURCE, new DeploymentCompleted(unique("d"), tenant, null, buildId, SOURCE,
                prefix, DeploymentFlowTest.DISTRIBUTION, "1.0." + buildId, DeploymentMode.COPY, Instant.now(), List.of()));
    }

    /** A refused deployment of the same tenant (another tenant's build): same partition, changes nothing. */
    private static void sentinel(String tenant) {
        var refused = completed(tenant, "sentinel", DeploymentFlowTest.buildRoot("someone-else", null) + "b1/");
        deliver(refused);
        assertThat(events(EventType.DEPLOYMENT_FAILED,
                (DeploymentFailed f) -> f.deploymentId().equals(refused.data().deploymentId()), 1, WAIT))
                .as("sentinel answered").hasSize(1);
    }

    private static double meter(String name, String... tags) {
        String text = given().get("/q/metrics").asString();
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (java.util.Arrays.stream(tags).allMatch(labels::contains)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private String twoBuilds(String tenant) {
        SiteBuild b1 = SiteBuild.twoHundredFiles("1");
        b1.upload(s3, SOURCE, DeploymentFlowTest.buildRoot(tenant, null) + "b1/");
        b1.next(CHANGED, REMOVED).upload(s3, SOURCE, DeploymentFlowTest.buildRoot(tenant, null) + "b2/");
        var first = completed(tenant, "b1", DeploymentFlowTest.buildRoot(tenant, null) + "b1/");
        deliver(first);
        assertThat(events(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> p.deploymentId().equals(first.data().deploymentId()), 1, WAIT)).hasSize(1);
        return DeploymentFlowTest.buildRoot(tenant, null) + "b2/";
    }

    private static void assertAnnouncedOnce(EventEnvelope<DeploymentCompleted> second) {
        List<DeploymentPromoted> promoted = events(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> p.deploymentId().equals(second.data().deploymentId()), 2, EXTRA);
        assertThat(promoted).as("DeploymentPromoted of " + second.data().deploymentId()).hasSize(1);
        assertThat(promoted.getFirst().filesCopied()).isEqualTo(15);
        assertThat(promoted.getFirst().filesDeleted()).isEqualTo(5);
        List<FilesDistributed> distributed = events(EventType.FILES_DISTRIBUTED,
                (FilesDistributed f) -> f.causedBy().contains(second.id()), 2, EXTRA);
        assertThat(distributed).as("FilesDistributed caused by " + second.id()).hasSize(1);
        assertThat(distributed.getFirst().changedPaths()).hasSize(CHANGED.size() + REMOVED.size());
    }

    @Test
    void aDeploymentDeliveredThreeTimesIsPromotedAnnouncedAndCountedOnceAlsoAfterARestart() {
        String tenant = unique("once");
        String b2 = twoBuilds(tenant);
        double promotedBefore = meter("edgeplane_distributor_deployments_promoted_total", "mode=\"copy\"");
        double copiedBefore = meter("edgeplane_distributor_deployment_files_total", "action=\"copied\"");

        var second = completed(tenant, "b2", b2);
        for (int i = 0; i < 3; i++) {
            deliver(second);
        }
        sentinel(tenant);
        assertAnnouncedOnce(second);
        assertThat(meter("edgeplane_distributor_deployments_promoted_total", "mode=\"copy\"") - promotedBefore)
                .isEqualTo(1.0);
        assertThat(meter("edgeplane_distributor_deployment_files_total", "action=\"copied\"") - copiedBefore)
                .isEqualTo(15.0);

        memory.restart(); // a new process: nothing in memory but what the output topics say
        deliver(second);
        sentinel(tenant);
        assertAnnouncedOnce(second);
        assertThat(meter("edgeplane_distributor_deployments_promoted_total", "mode=\"copy\"") - promotedBefore)
                .isEqualTo(1.0);
    }

    @Test
    void aPromotionAnotherReplicaAnnouncedBeforeDyingIsNotAnnouncedAgainWhenItsInputIsReplayedHere() {
        String tenant = unique("replica");
        String b2 = twoBuilds(tenant);
        var second = completed(tenant, "b2", b2);
        // Another replica promoted b2 and announced it, then died before its offset was committed: its
        // announcement is on the log (with this service's source), and the input comes here when its partition does.
        DeploymentPromoted theirs = new DeploymentPromoted(second.data().deploymentId(), tenant, null, "b2", "b1",
                DeploymentMode.COPY, 15, 5, 185, 20, 10L, Instant.now(), List.of(second.id()));
        deliver(EventEnvelope.of("/edgeplane/distributor-service", theirs));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> memory.announcements()
                .promotionAnnounced(second.data().deploymentId()));

        deliver(second);
        sentinel(tenant);
        assertThat(events(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> p.deploymentId().equals(second.data().deploymentId()), 2, EXTRA))
                .as("DeploymentPromoted of the replayed deployment: the other replica's only").containsExactly(theirs);
    }

    @Test
    void aRefusalDeliveredThreeTimesIsAnnouncedAndCountedOnceAlsoAfterARestart() {
        String tenant = unique("refused");
        var hostile = completed(tenant, "b1", DeploymentFlowTest.buildRoot(tenant + "-evil", null) + "b1/");
        double rejectedBefore = meter("edgeplane_distributor_deployments_rejected_total", "reason=\"foreign-source\"");
        for (int i = 0; i < 3; i++) {
            deliver(hostile);
        }
        sentinel(tenant);
        Predicate<DeploymentFailed> ofHostile = f -> f.deploymentId().equals(hostile.data().deploymentId());
        assertThat(events(EventType.DEPLOYMENT_FAILED, ofHostile, 2, EXTRA)).hasSize(1);
        // The hostile event and the sentinel, each once.
        assertThat(meter("edgeplane_distributor_deployments_rejected_total", "reason=\"foreign-source\"")
                - rejectedBefore).isEqualTo(2.0);

        memory.restart();
        deliver(hostile);
        sentinel(tenant);
        assertThat(events(EventType.DEPLOYMENT_FAILED, ofHostile, 2, EXTRA)).hasSize(1);
        assertThat(meter("edgeplane_distributor_deployments_rejected_total", "reason=\"foreign-source\"")
                - rejectedBefore).isEqualTo(3.0);
    }

    /** Where the process dies during a promotion of b2 (the copies are made in every case). */
    enum Crash {
        BEFORE_FILES_DISTRIBUTED, AFTER_FILES_DISTRIBUTED, BEFORE_DEPLOYMENT_PROMOTED
    }

    @ParameterizedTest
    @EnumSource(Crash.class)
    void aCrashBetweenTheCopiesAndTheAnnouncementsStillAnnouncesEachEffectOnce(Crash crash) {
        String tenant = unique("crash");
        String b2 = twoBuilds(tenant);
        var second = completed(tenant, "b2", b2);
        EventSink dying = event -> {
            boolean files = event instanceof FilesDistributed;
            if ((crash == Crash.BEFORE_FILES_DISTRIBUTED && files)
                    || (crash == Crash.BEFORE_DEPLOYMENT_PROMOTED && event instanceof DeploymentPromoted)) {
                throw new IllegalStateException("process killed before publishing " + event.getClass().getSimpleName());
            }
            publisher.publishAndWait(event);
            if (crash == Crash.AFTER_FILES_DISTRIBUTED && files) {
                throw new IllegalStateException("process killed after publishing FilesDistributed");
            }
        };
        assertThatThrownBy(() -> promoter.promote(second.data(), second.id(), dying))
                .hasMessageContaining("process killed");
        assertThat(new String(s3.getObjectAsBytes(r -> r.bucket(DeploymentFlowTest.DIST)
                .key("tenants/" + tenant + "/deployments/current/index.html")).asByteArray(), StandardCharsets.UTF_8))
                .as("the copies were made before the crash").endsWith("(changed)");

        memory.restart(); // the restarted process reads back what was published before the crash
        deliver(second);  // the unacknowledged record comes again ...
        deliver(second);  // ... and once more, for good measure
        sentinel(tenant);
        assertAnnouncedOnce(second);
    }

    @Test
    void aDataFetchedDeliveredThreeTimesIsAnnouncedAndCountedOnceAlsoAfterARestart() {
        String dataset = unique("once-data");
        String prefix = "once/" + dataset + "/";
        List<DataFetched.FetchedFile> files = new ArrayList<>();
        for (String name : List.of("complete-data.json", "regions.json", "services.json")) {
            files.add(putSource(prefix + name, "{\"dataset\":\"" + dataset + "\",\"file\":\"" + name + "\"}\n"));
        }
        double copiedBefore = meter("edgeplane_distributor_files_distributed_total");
        double completeBefore = meter("edgeplane_distributor_distributions_total", "outcome=\"complete\"");
        var fetched = EventEnvelope.of(EventsClient.SOURCE, dataFetched(dataset, "run-1", prefix, files));
        for (int i = 0; i < 3; i++) {
            deliver(fetched);
        }
        dataSentinel(dataset, prefix, files);
        Predicate<FilesDistributed> ofFetched = f -> f.causedBy().contains(fetched.id());
        List<FilesDistributed> once = events(EventType.FILES_DISTRIBUTED, ofFetched, 2, EXTRA);
        assertThat(once).hasSize(1);
        assertThat(once.getFirst().changedPaths()).hasSize(3);
        assertThat(meter("edgeplane_distributor_files_distributed_total") - copiedBefore).isEqualTo(3.0);
        // The event and the sentinel (unchanged data, a new fact), each once.
        assertThat(meter("edgeplane_distributor_distributions_total", "outcome=\"complete\"") - completeBefore)
                .isEqualTo(2.0);

        memory.restart();
        deliver(fetched);
        dataSentinel(dataset, prefix, files);
        assertThat(events(EventType.FILES_DISTRIBUTED, ofFetched, 2, EXTRA)).hasSize(1);
        assertThat(meter("edgeplane_distributor_files_distributed_total") - copiedBefore).isEqualTo(3.0);
    }

    /** A new run of the same dataset (same record key): answered with its own FilesDistributed. */
    private static void dataSentinel(String dataset, String prefix, List<DataFetched.FetchedFile> files) {
        var next = EventEnvelope.of(EventsClient.SOURCE, dataFetched(dataset, unique("run"), prefix, files));
        deliver(next);
        assertThat(events(EventType.FILES_DISTRIBUTED, (FilesDistributed f) -> f.causedBy().contains(next.id()), 1,
                WAIT)).as("sentinel answered").hasSize(1);
    }

    private static DataFetched dataFetched(String dataset, String runId, String prefix,
            List<DataFetched.FetchedFile> files) {
        return new DataFetched(dataset, runId, SOURCE, prefix, files, true, "e".repeat(64), "offline", Instant.now(),
                List.of());
    }

    private DataFetched.FetchedFile putSource(String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(SOURCE).key(key).contentType("application/json"), RequestBody.fromBytes(bytes));
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new DataFetched.FetchedFile(key, sha, (long) bytes.length, "application/json");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
