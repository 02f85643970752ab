package io.edgeplane.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.Topics;
import io.edgeplane.testsupport.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The memory of what a service announced, on a real broker: read back at start, then followed, so what another
 * replica announces later is known too; other producers' records do not count.
 */
class OwnOutputsTest {
    private static final String OURS = "/edgeplane/distributor-service";
    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.DEPLOYMENTS_PROMOTED, 3, (short) 1))).all().get();
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        broker.close();
    }

    private static void announce(String source, String deploymentId) throws Exception {
        producer.send(CloudEventCodec.toRecord(EventEnvelope.of(source, new DeploymentPromoted(deploymentId, "acme",
                null, "b1", null, DeploymentMode.COPY, 1, 0, 0, 1, 10L, Instant.now(), List.of())))).get();
    }

    @Test
    void whatAnyReplicaAnnouncedIsRememberedBeforeAndAfterTheReadBackButNotOtherProducersRecords() throws Exception {
        announce(OURS, "before-1");
        announce(OURS, "before-2");
        announce("/upstream/hostile", "forged-1"); // same type on the same topic, another source
        List<String> remembered = new CopyOnWriteArrayList<>();
        try (OwnOutputs outputs = OwnOutputs.follow("test", Map.of("bootstrap.servers", broker.bootstrapServers()),
                List.of(Topics.DEPLOYMENTS_PROMOTED), OURS, Instant.now().minus(Duration.ofHours(1)),
                Set.of(EventType.DEPLOYMENT_PROMOTED), Duration.ofSeconds(30),
                (EdgeplaneEvent e) -> remembered.add(((DeploymentPromoted) e).deploymentId()))) {
            assertThat(outputs.awaitCaughtUp(Duration.ofSeconds(30))).as("caught up").isTrue();
            assertThat(remembered).containsExactlyInAnyOrder("before-1", "before-2");

            // Another replica announces while this one runs.
            announce(OURS, "later-1");
            announce("/upstream/hostile", "forged-2");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(remembered).contains("later-1"));
            assertThat(remembered).doesNotContain("forged-1", "forged-2");
            assertThat(outputs.remembered()).isEqualTo(3);
        }
    }
}
