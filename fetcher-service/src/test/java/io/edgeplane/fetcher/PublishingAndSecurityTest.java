package io.edgeplane.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.EventType;
import io.edgeplane.platform.messaging.EventPublisher;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;
import org.junit.jupiter.api.AfterAll;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PublishingAndSecurityTest {

    @Inject
    EventPublisher publisher;

    /** A resource that exists only in tests, to pin the platform's guard on mutations. */
    @Path("/test-probe")
    public static class ProbeResource {
        @POST
        public String mutate() {
            return "mutated";
        }

        @GET
        public String read() {
            return "read";
        }

        @POST
        @Path("/body")
        @jakarta.ws.rs.Consumes("application/json")
        public String withBody(@jakarta.validation.Valid ProbeBody body) {
            return body.name() + ":" + body.count();
        }
    }

    public record ProbeBody(@jakarta.validation.constraints.NotBlank String name, Integer count) {
    }

    @Test
    void publishedEventIsABinaryModeCloudEventThatAPlainConsumerDecodes() {
        DataFetched data = new DataFetched("publish-test", "run-7", "edgeplane-source", "aws-data/",
                List.of(new DataFetched.FetchedFile("aws-data/regions.json", "c".repeat(64), 42L, "application/json")),
                false, "d".repeat(64), "offline", Instant.parse("2026-11-22T02:00:00Z"), List.of("cause-1"));
        var sent = publisher.publishAndWait(data);

        try (EventsClient client = EventsClient.forTestBroker()) {
            var records = client.await(EventType.DATA_FETCHED.topic(), r -> "publish-test".equals(r.key()), 1,
                    Duration.ofSeconds(20));
            assertThat(records).hasSize(1);
            var record = records.getFirst();
            assertThat(EventsClient.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(EventsClient.header(record, "ce_type")).isEqualTo("io.edgeplane.data.fetched.v1");
            assertThat(EventsClient.header(record, "ce_source")).isEqualTo("/edgeplane/fetcher-service");
            assertThat(EventsClient.header(record, "ce_id")).isEqualTo(sent.id());
            assertThat(EventsClient.header(record, "content-type")).isEqualTo("application/json");
            var decoded = CloudEventCodec.decode(record.headers(), record.value(), java.util.EnumSet.of(EventType.DATA_FETCHED));
            assertThat(decoded.data()).isEqualTo(data);
        }
    }

    @Test
    void publishingAnEventThatBreaksItsContractFailsInsteadOfSending() {
        DataFetched broken = new DataFetched("bad id!", "run", "edgeplane-source", "aws-data/", List.of(), true, null,
                "offline", Instant.now(), List.of());
        assertThat(publisher.publish(broken).toCompletableFuture()).failsWithin(Duration.ofSeconds(1))
                .withThrowableThat().withMessageContaining("datasetId").withMessageContaining("files");
    }

    @Test
    void mutationWithoutTokenIsRefusedAsProblemJson() {
        given().post("/test-probe").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401));
    }

    @Test
    void mutationWithUnknownTokenIsRefused() {
        given().header("Authorization", "Bearer not-the-token").post("/test-probe").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void mutationWithConfiguredTokenIsAllowedAndReadsNeedNoToken() {
        given().header("Authorization", TestTokens.AUTHORIZATION).post("/test-probe").then().statusCode(200)
                .body(equalTo("mutated"));
        given().get("/test-probe").then().statusCode(200).body(equalTo("read"));
    }

    @Test
    void wrongTypedBodyIsAProblemSayingWhatWasExpected() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body("{\"name\":\"a\",\"count\":\"many\"}").post("/test-probe/body").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("Integer"))
                .body("violations[0].field", equalTo("count")).body("violations[0].rule", equalTo("json"));
    }

    @Test
    void unparsableBodyIsAProblem() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body("{\"name\": ").post("/test-probe/body").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400))
                .body("violations[0].field", equalTo("body")).body("violations[0].rule", equalTo("json"));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body("{name: [").post("/test-probe/body").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("body")).body("violations[0].rule", equalTo("json"));
    }

    @Test
    void invalidBodyIsAProblemNamingFieldAndRule() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body("{\"name\":\"\",\"count\":1}").post("/test-probe/body").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("name"))
                .body("violations[0].rule", equalTo("NotBlank"));
    }

    @Test
    void healthMetricsAndOpenApiAreExposed() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200);
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
