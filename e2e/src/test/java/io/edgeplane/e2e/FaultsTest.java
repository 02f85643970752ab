package io.edgeplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantDnsFailed;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.Topics;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import io.edgeplane.testsupport.e2e.TopicRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * AWS faults at a set rate: CloudFront answers Throttling, 503 and drops responses after creating
 * the invalidation (timeouts); Route 53 throttles. All work completes, retries stay bounded, and
 * nothing transient reaches a dead-letter topic or a failure event.
 */
@Order(3)
@ExtendWith(E2eStack.class)
class FaultsTest {
    static final double THROTTLE = 0.2;
    static final double SERVER_ERROR = 0.1;
    static final double TIMEOUT_RATE = 0.1;
    private static final Duration TIMEOUT = Duration.ofSeconds(E2eStack.FULL ? 900 : 240);
    private static TopicRecorder recorder;

    @BeforeAll
    static void record() {
        recorder = CorpusTest.recorder(E2eStack.get().stack());
    }

    @AfterAll
    static void stopRecording() {
        E2eStack.get().cloudFront().faults(0, 0, 0);
        recorder.close();
    }

    @Test
    void cloudFrontThrottling5xxAndLostResponsesDelayButNeverLoseOrDoubleBillAnInvalidation() {
        E2eStack.Shared shared = E2eStack.get();
        CloudFrontEndpoint cloudFront = shared.cloudFront();
        int perWave = E2eStack.FULL ? 50 : 5;
        String run = UUID.randomUUID().toString().substring(0, 6);
        cloudFront.faults(THROTTLE, SERVER_ERROR, TIMEOUT_RATE);
        List<String> paths = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        // Waves further apart than the coalescing window, so that there are many CreateInvalidation calls; until
        // every kind of fault has hit at least once (bounded).
        for (int wave = 0; wave < 80 && (wave < 20 || cloudFront.injected().size() < 3); wave++) {
            for (int i = 0; i < perWave; i++) {
                List<String> changed = List.of("/faults/" + run + "/w" + wave + "/" + i + ".json",
                        "/faults/" + run + "/w" + wave + "/" + i + ".html");
                paths.addAll(changed);
                ids.add(shared.events().publish(new FilesDistributed(E2eStack.DISTRIBUTION_ID, "edgeplane-distribution",
                        "data", null, changed, List.of(), List.of(), 2, 0, 2, false, null, Instant.now(), List.of())).id());
            }
            sleep(900);
        }
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                Effects.uncovered(cloudFront.simulator(), E2eStack.DISTRIBUTION_ID, paths)).isEmpty());
        cloudFront.faults(0, 0, 0);

        Map<String, Long> injected = cloudFront.injected();
        System.out.println("CloudFront faults injected: " + injected + ", create calls " + cloudFront.createCalls()
                + ", max attempts per CallerReference " + cloudFront.maxAttemptsPerReference());
        assertThat(injected).as("faults were really injected").containsKeys("throttling", "5xx", "timeout");
        assertThat(Effects.billedTwice(cloudFront.simulator())).isEmpty();
        assertThat(Effects.sameChangeBilledTwice(cloudFront.simulator(), E2eStack.get().events())).isEmpty();
        assertThat(cloudFront.maxAttemptsPerReference()).as("retries of one batch are bounded").isLessThanOrEqualTo(12);
        Set<String> idSet = Set.copyOf(ids);
        assertThat(recorder.events(EventType.INVALIDATION_FAILED, (InvalidationFailed f) ->
                f.causedBy().stream().anyMatch(idSet::contains))).as("InvalidationFailed for transient faults").isEmpty();
        assertThat(recorder.matching(Topics.deadLetter("invalidation-service"),
                r -> r.header("ce_id") != null && idSet.contains(r.header("ce_id")))).isEmpty();
        assertThat(recorder.all(Topics.deadLetter("invalidation-service")).stream()
                .filter(r -> E2eStack.DISTRIBUTION_ID.equals(r.key())).map(r -> r.header("dead-letter-reason"))
                .filter(reason -> reason != null && (reason.contains("Throttling") || reason.contains("503")
                        || reason.contains("ServiceUnavailable") || reason.toLowerCase().contains("timeout"))).toList())
                .as("transient CloudFront errors in the dead-letter topic").isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void route53ThrottlingDelaysButNeverFailsATenant() {
        E2eStack.Shared shared = E2eStack.get();
        ServiceProcess dns = shared.stack().service("dns-service");
        dns.property("edgeplane.dns.simulated.throttle-rate", String.valueOf(THROTTLE));
        dns.stop(Duration.ofSeconds(20));
        dns.start();
        dns.awaitReady(EdgeplaneStack.READY_TIMEOUT);
        try {
            int n = E2eStack.FULL ? 1_000 : 120;
            String run = UUID.randomUUID().toString().substring(0, 6);
            List<String> tenants = IntStream.range(0, n).mapToObj(i -> "f" + run + "-" + i).toList();
            for (String t : tenants) {
                shared.events().publish(new TenantProvisioned(t, t, E2eStack.BASE_DOMAIN, SubscriptionTier.STANDARD,
                        TrafficTier.NORMAL, 1_000L, List.of(), null, null, Instant.now(), List.of()));
            }
            Set<String> set = Set.copyOf(tenants);
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> recorder.events(EventType.TENANT_DNS_READY,
                    (TenantDnsReady r) -> set.contains(r.tenantId())).stream().map(e -> e.data().tenantId()).distinct()
                    .count() == n);
            assertThat(recorder.events(EventType.TENANT_DNS_FAILED, (TenantDnsFailed f) -> set.contains(f.tenantId())))
                    .isEmpty();
            assertThat(recorder.matching(Topics.deadLetter("dns-service"), r -> set.contains(r.key()))).isEmpty();
            assertThat(dns.logText()).as("throttling was really injected").containsIgnoringCase("throttl");
        } finally {
            dns.property("edgeplane.dns.simulated.throttle-rate", null);
            dns.stop(Duration.ofSeconds(20));
            dns.start();
            dns.awaitReady(EdgeplaneStack.READY_TIMEOUT);
        }
    }
}
