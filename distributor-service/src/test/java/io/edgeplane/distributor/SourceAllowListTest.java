package io.edgeplane.distributor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EventType;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * An input topic limited to known producers ({@code edgeplane.sources.allowed."<topic>"}): a well-formed
 * event from any other {@code ce_source} is dead-lettered with rule {@code source-not-allowed} and changes
 * nothing, while the allowed producer's next event is processed.
 */
@QuarkusTest
@TestProfile(SourceAllowListTest.OnlyTheCi.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class SourceAllowListTest {
    private static final String CI = "/ci/pipelines";

    public static class OnlyTheCi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgeplane.sources.allowed.\"edgeplane.deployments.completed\"", CI);
        }
    }

    @Test
    void anEventFromAProducerNotAllowedOnTheTopicIsDeadLetteredAndTheAllowedOneIsPromoted() {
        String tenant = "allow-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "tenants/" + tenant + "/builds/b1/";
        try (var s3 = TestEnvironment.s3().client()) {
            s3.putObject(b -> b.bucket("edgeplane-source").key(prefix + "index.html").contentType("text/html"),
                    RequestBody.fromString("<title>" + tenant + "</title>"));
        }
        try (EventsClient upstream = EventsClient.forTestBroker()) {
            // The same valid promotion twice: first as an unknown producer (the test client), then as the CI.
            DeploymentCompleted impostor = deployment("impostor-" + tenant, tenant, prefix);
            upstream.publish(impostor);
            DeploymentCompleted fromCi = deployment("ci-" + tenant, tenant, prefix);
            upstream.publishAs(CI, fromCi);

            var dead = upstream.awaitDeadLetters("distributor-service",
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(impostor.deploymentId()), 1,
                    Duration.ofSeconds(60));
            assertThat(dead).hasSize(1);
            assertThat(EventsClient.header(dead.getFirst(), "dead-letter-reason"))
                    .contains("source", "[source-not-allowed]", EventsClient.SOURCE);
            assertThat(upstream.awaitEvents(EventType.DEPLOYMENT_PROMOTED,
                    (DeploymentPromoted p) -> p.deploymentId().equals(fromCi.deploymentId()), 1, Duration.ofSeconds(60)))
                    .as("the allowed producer's promotion").hasSize(1);
            assertThat(upstream.awaitEvents(EventType.DEPLOYMENT_PROMOTED,
                    (DeploymentPromoted p) -> p.deploymentId().equals(impostor.deploymentId()), 1, Duration.ofSeconds(2)))
                    .as("the impostor's promotion").isEmpty();
        }
    }

    private static DeploymentCompleted deployment(String id, String tenant, String prefix) {
        return new DeploymentCompleted(id, tenant, null, "b1", "edgeplane-source", prefix, "E1EDGEPLANE0001", "1.0.0",
                DeploymentMode.COPY, Instant.now(), List.of());
    }
}
