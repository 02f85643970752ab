package io.edgeplane.invalidation.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile FilesDistributed on the real broker, published as any Kafka client could, next to valid
 * neighbours on the same distribution (one partition, so in order). Judged by what the simulated
 * CloudFront was actually asked to invalidate, not only by the events: every out-of-bounds path or tag
 * is named in ONE InvalidationFailed per event with its rule, and never reaches CloudFront; the in-bounds
 * rest and the neighbours are invalidated.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class TenantIsolationFlowTest {
    /** Set up for cache tags (application.properties), so a foreign tag would be an attractive item. */
    static final String DIST = "E5ISOLATION001";

    private static EventsClient upstream;

    @Inject
    SimulatedCloudFront cloudFront;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    @Test
    void outOfBoundsItemsAreRefusedWithTheirRuleAndNeverReachCloudFrontWhileNeighboursAreInvalidated() {
        double refusedBefore = refused("outside-tenant") + refused("owner-root") + refused("path-traversal")
                + refused("encoding");
        // Only hostile items: a sibling-prefix id, a sibling wildcard, encoded traversal, case tricks, double
        // encoding and the whole distribution.
        var hostile = upstream.publish(event("acme", null, List.of("/tenants/acme-evil/index.html", "/tenants/acme*",
                "/tenants/acme/%2e%2e/other/index.html", "/tenants/acme/%2F..%2Fother%2Findex.html",
                "/Tenants/acme/index.html", "/tenants/ACME/index.html", "/tenants/acme/%252e%252e/other/x", "/*",
                "/tenants/*"), List.of()));
        // In-bounds files with foreign tags: without the check, '#tenant-other' would beat the 20 paths.
        List<String> bulk = files("/tenants/acme/bulk/", 20);
        List<String> mixedPaths = new ArrayList<>(bulk);
        mixedPaths.add("/tenants/other/secret.html");
        var mixed = upstream.publish(event("acme", null, mixedPaths, List.of("tenant-other", "build-b7", "TENANT-ACME")));
        // An event of no owner (data) reaching into owners' roots.
        var data = upstream.publish(event(null, null, List.of("/tenants/*", "/*", "/tenants/acme/index.html",
                "/sites/docs/index.html", "/data/regions.json"), List.of("tenant-acme")));
        // A site reaching beside its root.
        var site = upstream.publish(event(null, "docs", List.of("/sites/docs-old/index.html", "/sites/*",
                "/sites/docs/guide.html"), List.of()));
        // Valid neighbours: the sibling tenant's own file, and acme's own files with its own scoped tag.
        var neighbour = upstream.publish(event("acme-evil", null, List.of("/tenants/acme-evil/own.html"), List.of()));
        List<String> tagged = files("/tenants/acme/tagged/", 20);
        var own = upstream.publish(event("acme", null, tagged, List.of("tenant-acme:build-b1")));

        Map<String, InvalidationFailed> failures = failures(List.of(hostile, mixed, data, site));
        assertThat(failures.get(hostile.id()).paths()).containsExactlyElementsOf(hostile.data().changedPaths());
        assertThat(failures.get(hostile.id()).errorCode()).isEqualTo("outside-tenant,path-traversal,encoding");
        assertThat(failures.get(hostile.id()).message()).contains(
                "'/tenants/acme-evil/index.html' is outside tenant acme's viewer root /tenants/acme/ [outside-tenant]",
                "/tenants/acme/%2e%2e/other/index.html' has a '..' segment [path-traversal]",
                "'/tenants/acme/%252e%252e/other/x' is percent-encoded twice",
                "'/*' is outside tenant acme's viewer root");
        assertThat(failures.get(mixed.id()).paths()).containsExactly("/tenants/other/secret.html", "#tenant-other",
                "#build-b7", "#TENANT-ACME");
        assertThat(failures.get(mixed.id()).errorCode()).isEqualTo("outside-tenant");
        assertThat(failures.get(data.id()).paths()).containsExactly("/tenants/*", "/*", "/tenants/acme/index.html",
                "/sites/docs/index.html", "#tenant-acme");
        assertThat(failures.get(data.id()).errorCode()).isEqualTo("owner-root");
        assertThat(failures.get(site.id()).paths()).containsExactly("/sites/docs-old/index.html", "/sites/*");
        assertThat(failures.get(site.id()).errorCode()).isEqualTo("outside-tenant");
        assertThat(failures).doesNotContainKeys(neighbour.id(), own.id());

        // The in-bounds rest and the neighbours are invalidated.
        List<String> expected = new ArrayList<>(bulk);
        expected.addAll(List.of("/data/regions.json", "/sites/docs/guide.html", "/tenants/acme-evil/own.html"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<InvalidationItem> items = createdItems();
            for (String path : expected) {
                assertThat(items).as(path).anyMatch(i -> i.covers(path));
            }
            assertThat(items).as("acme's own tag").contains(new InvalidationItem("#tenant-acme:build-b1", ItemKind.TAG));
        });
        // Let any later window go out, then judge everything CloudFront was ever asked for on this distribution.
        sleep(Duration.ofSeconds(3));
        for (InvalidationItem item : createdItems()) {
            if (item.kind() == ItemKind.TAG) {
                assertThat(item.value()).isEqualTo("#tenant-acme:build-b1");
                continue;
            }
            assertThat(item.prefix()).as(item.value()).satisfiesAnyOf(
                    p -> assertThat(p).startsWith("/tenants/acme/"),
                    p -> assertThat(p).isIn("/tenants/acme-evil/own.html", "/data/regions.json", "/sites/docs/guide.html"));
            for (String foreign : List.of("/tenants/acme-evil/index.html", "/tenants/other/secret.html",
                    "/tenants/other/index.html", "/sites/docs-old/index.html", "/sites/docs/index.html",
                    "/tenants/ACME/index.html", "/Tenants/acme/index.html")) {
                assertThat(item.covers(foreign)).as("%s covers %s", item, foreign).isFalse();
            }
        }
        double refusedAfter = refused("outside-tenant") + refused("owner-root") + refused("path-traversal")
                + refused("encoding");
        int refusedItems = failures.values().stream().mapToInt(f -> f.paths().size()).sum();
        assertThat(refusedAfter - refusedBefore).isEqualTo(refusedItems);
    }

    private Map<String, InvalidationFailed> failures(List<EventEnvelope<FilesDistributed>> events) {
        List<String> ids = events.stream().map(EventEnvelope::id).toList();
        List<EventEnvelope<InvalidationFailed>> found = upstream.awaitEvents(EventType.INVALIDATION_FAILED,
                (InvalidationFailed f) -> f.distributionId().equals(DIST) && f.causedBy().stream().anyMatch(ids::contains),
                events.size() + 1, Duration.ofSeconds(15));
        // ONE failure per event: a second would show as a duplicate key.
        Map<String, InvalidationFailed> byEvent = new java.util.HashMap<>();
        for (EventEnvelope<InvalidationFailed> f : found) {
            String cause = f.data().causedBy().getFirst();
            assertThat(byEvent.put(cause, f.data())).as("a second InvalidationFailed for %s", cause).isNull();
        }
        assertThat(byEvent.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        return byEvent;
    }

    private List<InvalidationItem> createdItems() {
        return cloudFront.created(DIST).stream().flatMap(c -> c.items().stream()).map(InvalidationItem::of).toList();
    }

    private double refused(String rule) {
        var counter = registry.find("edgeplane.invalidation.items.refused").tag("rule", rule).counter();
        return counter == null ? 0 : counter.count();
    }

    static FilesDistributed event(String tenantId, String siteId, List<String> paths, List<String> tags) {
        return new FilesDistributed(DIST, "edgeplane-distribution", tenantId == null && siteId == null ? "data"
                : "deployment", tenantId, paths, tags, List.of(), paths.size(), 0, 40, false, null, Instant.now(),
                List.of(), siteId);
    }

    static List<String> files(String directory, int n) {
        return IntStream.range(0, n).mapToObj(i -> directory + "f" + i + ".html").toList();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
