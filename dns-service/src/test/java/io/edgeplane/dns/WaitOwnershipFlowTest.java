package io.edgeplane.dns;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantDeprovisioned;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.Topics;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A distribution tenant's wait belongs to the replica holding the tenant's partition of the lifecycle topic. On the
 * real broker, a second member of the lifecycle consumer group (a plain consumer standing in for another replica)
 * takes one of the two partitions: the tenant waiting in that partition is no longer looked at by this replica
 * (its pollAttempts stay as they were), the tenant of the partition it kept still is; when the other member leaves,
 * the partition comes back and its tenant's wait resumes without a restart.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = DnsTopics.INTERNAL))
class WaitOwnershipFlowTest {
    private static final String GROUP = "dns-service.tenant-lifecycle";
    private static final Duration LONG = Duration.ofSeconds(90);
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
    void aWaitingTenantWhosePartitionAnotherReplicaTookIsNotPolledHereAndResumesWhenItComesBack() throws Exception {
        // One waiting tenant in each of the topic's two partitions (the partition is the broker's, not computed).
        Map<Integer, String> byPartition = new LinkedHashMap<>();
        for (int i = 0; byPartition.size() < 2 && i < 50; i++) {
            String id = "owned-" + i;
            int partition = deliver(new TenantProvisioned(id, id, "edgeplane.test", SubscriptionTier.STANDARD,
                    TrafficTier.NORMAL, 10_000L, List.of(), "www.owned" + i + ".example", null, Instant.now(),
                    List.of()));
            byPartition.putIfAbsent(partition, id);
        }
        assertThat(byPartition).as("a tenant in each partition").hasSize(2);
        for (String id : byPartition.values()) {
            await().atMost(LONG).untilAsserted(() -> given().get("/tenants/" + id + "/dns").then().statusCode(200)
                    .body("waitingFor", equalTo("customer-dns")));
            await().atMost(LONG).until(() -> pollAttempts(id) >= 2);
        }
        assertThat(readShare()).as("this replica's share of the CloudFront read budget, alone").isEqualTo(1.0);

        String away;
        String kept;
        try (KafkaConsumer<String, byte[]> otherReplica = joinGroup()) {
            Set<TopicPartition> taken = otherReplica.assignment();
            assertThat(taken).as("the other replica's share of two partitions").hasSize(1);
            int takenPartition = taken.iterator().next().partition();
            away = byPartition.get(takenPartition);
            kept = byPartition.get(1 - takenPartition);
            Thread.sleep(1_000); // a look already under way when the partition left may still land
            int awayBefore = pollAttempts(away);
            int keptBefore = pollAttempts(kept);
            Thread.sleep(7_000); // test: the customer-DNS look backs off to a 3 s cap
            assertThat(pollAttempts(away)).as("looks at %s, whose partition the other replica holds", away)
                    .isEqualTo(awayBefore);
            assertThat(pollAttempts(kept)).as("looks at %s, whose partition this replica kept", kept)
                    .isGreaterThan(keptBefore);
            // The account's read budget is split by partitions: two replicas together never exceed saas.read-rate.
            assertThat(readShare()).as("read budget share with one of two partitions").isEqualTo(0.5);
        }
        // The other replica left: its partition is assigned here again, and the wait resumes without a restart.
        int awayParked = pollAttempts(away);
        await().atMost(Duration.ofSeconds(60)).until(() -> pollAttempts(away) > awayParked);
        assertThat(readShare()).isEqualTo(1.0);

        for (String id : byPartition.values()) {
            upstream.publish(new TenantDeprovisioned(id, "test done", Instant.now(), List.of()));
        }
        for (String id : byPartition.values()) {
            await().atMost(LONG).untilAsserted(() -> given().get("/tenants/" + id + "/dns").then().statusCode(404));
        }
    }

    /** A plain member of the service's consumer group: it takes partitions and commits nothing. */
    private static KafkaConsumer<String, byte[]> joinGroup() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestEnvironment.kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.TENANTS_LIFECYCLE));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
        return consumer;
    }

    /** edgeplane_dns_budget_share_ratio{budget="cloudfront-saas-reads"} from the service's metrics. */
    private static double readShare() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^edgeplane_dns_budget_share_ratio\\{[^}]*budget=\"cloudfront-saas-reads\"[^}]*} "
                + "([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as("the read budget's share meter in %n%s", metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static int pollAttempts(String tenantId) {
        Integer attempts = given().get("/tenants/" + tenantId + "/dns").then().statusCode(200).extract()
                .path("pollAttempts");
        return attempts == null ? 0 : attempts;
    }

    private static int deliver(TenantProvisioned data) {
        EventEnvelope<TenantProvisioned> event = EventEnvelope.of(EventsClient.SOURCE, data);
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventCodec.headers(event).forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return upstream.publishRaw(event.type().topic(), event.key(), headers, CloudEventCodec.encodeData(event.data()))
                .partition();
    }
}
