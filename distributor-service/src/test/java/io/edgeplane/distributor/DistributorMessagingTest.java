package io.edgeplane.distributor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.edgeplane.events.DataFetched;
import io.edgeplane.events.EventType;
import io.edgeplane.events.Topics;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class DistributorMessagingTest {
    private static EventsClient upstream;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    @Test
    void malformedDataFetchedIsDeadLetteredWithReasonAndTheNextEventIsStillConsumed() {
        String badKey = "bad-" + UUID.randomUUID();
        upstream.publishRaw(Topics.DATA_FETCHED, badKey, EventsClient.ceHeaders(EventType.DATA_FETCHED), "{\"datasetId\": ");
        String goodKey = "good-" + UUID.randomUUID().toString().substring(0, 8);
        upstream.publish(dataFetched(goodKey));

        var dead = upstream.awaitDeadLetters("distributor-service", r -> badKey.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(EventsClient.header(dead.getFirst(), "dead-letter-reason")).contains("data", "not valid JSON");
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("{\"datasetId\": ");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("edgeplane_distributor_events_received_total{type=\"io.edgeplane.data.fetched.v1\"}")));
    }

    @Test
    void deploymentWithPathTraversalIsDeadLetteredNamingTheField() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String json = """
                {"deploymentId":"d1","tenantId":"%s","buildId":"b1","sourceBucket":"edgeplane-source",
                 "sourcePrefix":"tenants/../other/","distributionId":"E2ABCDEFGHIJKL","completedAt":"2026-11-22T02:00:00Z"}
                """.formatted(tenant);
        upstream.publishRaw(Topics.DEPLOYMENTS_COMPLETED, tenant, EventsClient.ceHeaders(EventType.DEPLOYMENT_COMPLETED), json);

        var dead = upstream.awaitDeadLetters("distributor-service", r -> tenant.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(EventsClient.header(dead.getFirst(), "dead-letter-reason"))
                .contains("sourcePrefix", "path traversal", "[object-key]");
    }

    private static DataFetched dataFetched(String datasetId) {
        return new DataFetched(datasetId, "run-1", "edgeplane-source", "aws-data/",
                List.of(new DataFetched.FetchedFile("aws-data/regions.json", "a".repeat(64), 10L, "application/json")),
                true, "b".repeat(64), "offline", Instant.now(), List.of());
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
