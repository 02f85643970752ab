package io.edgeplane.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.fetcher.domain.DatasetBuilder;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.edgeplane.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

/** The fetcher app on the real broker and the real S3 endpoint, offline source. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class FetchFlowTest {
    private static final String BUCKET = "edgeplane-source";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static S3Client s3;
    private static EventsClient events;

    @BeforeAll
    static void connect() {
        s3 = TestEnvironment.s3().client();
        events = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        s3.close();
        events.close();
    }

    @Test
    void fetchWritesFilesAndHistoryThenAnnouncesThemAndAnIdenticalFetchChangesNothing() throws Exception {
        // S3 is the fetcher's memory: without the latest files, the next fetch must count as changed.
        for (String name : DatasetBuilder.FILE_NAMES) {
            s3.deleteObject(b -> b.bucket(BUCKET).key("aws-data/" + name));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        put("aws-data/history/2020-01-01/20200101T020000Z-000001/regions.json");
        put("aws-data/history/" + today.minusDays(3) + "/recent-run/regions.json");

        JsonPath first = fetchAndAwait();
        String runId = first.getString("runId");
        assertThat(first.getBoolean("changed")).isTrue();
        assertThat(first.getString("source")).isEqualTo("offline");
        assertThat(first.getInt("regionCount")).isGreaterThanOrEqualTo(35);
        assertThat(first.getInt("serviceCount")).isGreaterThanOrEqualTo(100);

        // The three files, with their checksums as metadata.
        for (String name : DatasetBuilder.FILE_NAMES) {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("aws-data/" + name));
            byte[] body = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("aws-data/" + name)).asByteArray();
            assertThat(head.contentType()).isEqualTo("application/json");
            assertThat(head.metadata()).containsEntry("content-sha256", DatasetBuilder.sha256Hex(body))
                    .containsEntry("run-id", runId);
            JsonNode json = new ObjectMapper().readTree(body);
            assertThat(json.path("metadata").path("runId").asText()).isEqualTo(runId);
        }
        // History snapshot of this run; the expired folder is gone, the recent one kept.
        assertThat(keys("aws-data/history/" + today + "/" + runId + "/")).containsExactly(
                "aws-data/history/" + today + "/" + runId + "/complete-data.json",
                "aws-data/history/" + today + "/" + runId + "/regions.json",
                "aws-data/history/" + today + "/" + runId + "/services.json");
        assertThat(keys("aws-data/history/2020-01-01/")).isEmpty();
        assertThat(keys("aws-data/history/" + today.minusDays(3) + "/")).hasSize(1);

        // DataFetched on the broker, as any consumer reads it.
        EventEnvelope<DataFetched> announced = awaitDataFetched(runId);
        assertThat(announced.id()).isEqualTo(first.getString("eventId"));
        DataFetched data = announced.data();
        assertThat(data.datasetId()).isEqualTo("aws-infrastructure");
        assertThat(data.bucket()).isEqualTo(BUCKET);
        assertThat(data.prefix()).isEqualTo("aws-data/");
        assertThat(data.changed()).isTrue();
        assertThat(data.source()).isEqualTo("offline");
        assertThat(data.contentHash()).isEqualTo(first.getString("contentHash"));
        assertThat(data.files()).extracting(DataFetched.FetchedFile::key).containsExactly(
                "aws-data/complete-data.json", "aws-data/regions.json", "aws-data/services.json");
        for (DataFetched.FetchedFile file : data.files()) {
            byte[] body = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(file.key())).asByteArray();
            assertThat(file.sha256()).isEqualTo(DatasetBuilder.sha256Hex(body));
            assertThat(file.size()).isEqualTo(body.length);
            assertThat(file.contentType()).isEqualTo("application/json");
        }

        // Same data again: not changed, the latest files are not rewritten, the event repeats their checksums.
        JsonPath second = fetchAndAwait();
        String secondRun = second.getString("runId");
        assertThat(secondRun).isNotEqualTo(runId);
        assertThat(second.getBoolean("changed")).isFalse();
        assertThat(second.getString("contentHash")).isEqualTo(first.getString("contentHash"));
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("aws-data/regions.json")).metadata())
                .containsEntry("run-id", runId);
        DataFetched again = awaitDataFetched(secondRun).data();
        assertThat(again.changed()).isFalse();
        assertThat(again.files()).isEqualTo(data.files());
        assertThat(keys("aws-data/history/" + today + "/" + secondRun + "/")).hasSize(3);

        given().get("/fetches/latest").then().statusCode(200).body("runId", equalTo(secondRun));
    }

    @Test
    void aTriggerWhileAFetchRunsIsRefusedWithAProblem() {
        GatedInfrastructureSource.close();
        String runId;
        try {
            runId = given().header("Authorization", TestTokens.AUTHORIZATION).post("/fetches").then()
                    .statusCode(202).body("status", equalTo("RUNNING")).extract().path("runId");
            given().header("Authorization", TestTokens.AUTHORIZATION).post("/fetches").then()
                    .statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
            given().get("/fetches/latest").then().statusCode(200).body("runId", equalTo(runId))
                    .body("status", equalTo("RUNNING"));
        } finally {
            GatedInfrastructureSource.open();
        }
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/fetches/" + runId).then()
                .body("status", equalTo("SUCCEEDED")));
    }

    @Test
    void triggeringWithoutTheTokenIsRefusedAndUnknownRunsAre404() {
        given().post("/fetches").then().statusCode(401).contentType("application/problem+json");
        given().get("/fetches/no-such-run").then().statusCode(404).contentType("application/problem+json");
    }

    private JsonPath fetchAndAwait() {
        String runId = given().header("Authorization", TestTokens.AUTHORIZATION).post("/fetches").then()
                .statusCode(202).body("status", equalTo("RUNNING"))
                .header("Location", endsWith("/fetches/" + given().get("/fetches/latest").path("runId")))
                .extract().path("runId");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> !"RUNNING".equals(
                given().get("/fetches/" + runId).path("status")));
        JsonPath run = given().get("/fetches/" + runId).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("status")).as("run %s: %s", runId, run.getString("error")).isEqualTo("SUCCEEDED");
        return run;
    }

    private static EventEnvelope<DataFetched> awaitDataFetched(String runId) {
        List<EventEnvelope<DataFetched>> found = events.awaitEvents(EventType.DATA_FETCHED,
                (DataFetched d) -> runId.equals(d.runId()), 1, TIMEOUT);
        assertThat(found).as("DataFetched of run %s", runId).hasSize(1);
        return found.getFirst();
    }

    private static void put(String key) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("{}"));
    }

    private static List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
