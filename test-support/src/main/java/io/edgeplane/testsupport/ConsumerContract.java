package io.edgeplane.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What every incoming channel promises, checked on the real broker from outside the service: a
 * malformed record lands in the service's dead-letter topic with its reason, and the consumer goes
 * on to the next record.
 */
public final class ConsumerContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    private ConsumerContract() {
    }

    /**
     * Publishes a record of {@code type} whose body is not JSON, then {@code valid}; asserts the
     * first is dead-lettered byte for byte with a reason and the second is received (counted in
     * {@code edgeplane_<service>_events_received_total}).
     */
    public static void malformedIsDeadLetteredAndNextIsConsumed(EventsClient upstream, String service, EventType type,
            EdgeplaneEvent valid) {
        String badKey = "bad-" + UUID.randomUUID();
        String garbage = "{\"oops\": ";
        upstream.publishRaw(type.topic(), badKey, EventsClient.ceHeaders(type), garbage);
        upstream.publish(valid);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(upstream, service, badKey);
        assertThat(EventsClient.header(dead, "dead-letter-reason")).contains("is not valid JSON");
        assertThat(EventsClient.header(dead, "dead-letter-topic")).isEqualTo(type.topic());
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(garbage);

        String metric = "edgeplane_" + service.replace("-service", "").replace('-', '_')
                + "_events_received_total{type=\"" + type.ceType() + "\"}";
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/metrics").then().body(containsString(metric)));
    }

    /** The dead-lettered record with this key; fails after a timeout. */
    public static ConsumerRecord<String, byte[]> awaitDeadLetter(EventsClient upstream, String service, String key) {
        var dead = upstream.awaitDeadLetters(service, r -> key.equals(r.key()), 1, TIMEOUT);
        assertThat(dead).as("dead letter with key %s in %s", key, service).hasSize(1);
        return dead.getFirst();
    }
}
