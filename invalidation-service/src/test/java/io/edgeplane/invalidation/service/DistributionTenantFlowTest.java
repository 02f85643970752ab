package io.edgeplane.invalidation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two tenants served by distribution tenants of one multi-tenant distribution, on the real broker with the
 * simulated CloudFront: what the dns-service announces (and only that) decides where a tenant's changes are
 * invalidated; one tenant's {@code /*} reaches its own distribution tenant and nothing else. Judged by what the
 * simulated CloudFront was asked, per distribution tenant and per distribution.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DistributionTenantFlowTest {
    static final String MULTI = "E7MULTITENANT1";
    static final String SHARED = "E7SHAREDDIST01";
    static final String DNS = "/edgeplane/dns-service";

    private static EventsClient upstream;

    @Inject
    SimulatedCloudFront cloudFront;

    @Inject
    InvalidationService service;

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
    void oneTenantsWholeCacheIsInvalidatedOnItsDistributionTenantAloneAndForgedAnnouncementsTeachNothing() {
        String acme = "acme-" + suffix();
        String globex = "globex-" + suffix();
        String mallory = "mallory-" + suffix();
        String initech = "initech-" + suffix();
        String dtAcme = "dt_acme" + suffix();
        String dtGlobex = "dt_globex" + suffix();
        double billedBefore = billed("distribution-tenant");

        // Hostile first: another producer claims globex's distribution tenant for mallory, and for acme.
        upstream.publishAs("/edgeplane/tenant-admin", ready(mallory, DistributionStrategy.DISTRIBUTION_TENANT, MULTI, dtGlobex));
        upstream.publishAs(EventsClient.SOURCE, ready(acme, DistributionStrategy.DISTRIBUTION_TENANT, MULTI, dtGlobex));
        // The dns-service's own announcements.
        upstream.publishAs(DNS, ready(acme, DistributionStrategy.DISTRIBUTION_TENANT, MULTI, dtAcme));
        upstream.publishAs(DNS, ready(globex, DistributionStrategy.DISTRIBUTION_TENANT, MULTI, dtGlobex));
        // A forged one after the real one must not override it either.
        upstream.publishAs("/edgeplane/evil", ready(acme, DistributionStrategy.DISTRIBUTION_TENANT, MULTI, dtGlobex));
        await().atMost(Duration.ofSeconds(30)).until(() -> service.distributionTenants().of(globex).isPresent()
                && service.distributionTenants().of(acme).isPresent());
        sleep(Duration.ofSeconds(1));
        assertThat(service.distributionTenants().of(acme).orElseThrow().distributionTenantId()).isEqualTo(dtAcme);
        assertThat(service.distributionTenants().of(mallory)).isEmpty();

        // acme changes everything; globex one page, named on the shared distribution as the distributor names it;
        // mallory (forged) and initech (unknown) their own files.
        var acmeAll = upstream.publish(event(MULTI, acme, List.of("/tenants/" + acme + "/*")));
        var globexPage = upstream.publish(event(SHARED, globex, List.of("/tenants/" + globex + "/pricing.html")));
        var malloryPage = upstream.publish(event(MULTI, mallory, List.of("/tenants/" + mallory + "/x.html")));
        var initechPage = upstream.publish(event(MULTI, initech, List.of("/tenants/" + initech + "/y.html")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(items(cloudFront.createdOnDistributionTenant(dtAcme))).contains("/*");
            assertThat(items(cloudFront.createdOnDistributionTenant(dtGlobex))).contains("/pricing.html");
            assertThat(items(cloudFront.created(MULTI))).contains("/tenants/" + mallory + "/x.html",
                    "/tenants/" + initech + "/y.html");
        });
        sleep(Duration.ofSeconds(2));
        assertThat(items(cloudFront.created(SHARED))).as("the shared distribution named by globex's change")
                .noneMatch(i -> i.contains(globex));
        assertThat(items(cloudFront.createdOnDistributionTenant(dtGlobex))).as("globex's distribution tenant")
                .allMatch(i -> !i.equals("/*") && !i.startsWith("/tenants/")).doesNotContain("/x.html", "/y.html");
        assertThat(items(cloudFront.createdOnDistributionTenant(dtAcme))).as("acme's distribution tenant")
                .containsOnly("/*");
        assertThat(cloudFront.createdOnDistributionTenants().keySet()).as("no other distribution tenant")
                .filteredOn(id -> id.endsWith(suffix())).containsExactlyInAnyOrder(dtAcme, dtGlobex);
        assertThat(items(cloudFront.created(MULTI))).as("the multi-tenant distribution itself")
                .noneMatch(i -> i.equals("/*") || i.startsWith("/tenants/" + acme) || i.startsWith("/tenants/" + globex))
                .allMatch(i -> InvalidationItem.of(i).prefix().startsWith("/tenants/" + mallory + "/")
                        || InvalidationItem.of(i).prefix().startsWith("/tenants/" + initech + "/"));

        // The announcements name the distribution tenant and the bucket's paths.
        var submitted = upstream.awaitEvents(EventType.INVALIDATION_SUBMITTED,
                (InvalidationSubmitted s) -> s.causedBy().contains(acmeAll.id()), 1, Duration.ofSeconds(15));
        assertThat(submitted.getFirst().data().distributionId()).isEqualTo(MULTI);
        assertThat(submitted.getFirst().data().distributionTenantId()).isEqualTo(dtAcme);
        assertThat(submitted.getFirst().data().paths()).containsExactly("/tenants/" + acme + "/*");
        var completed = upstream.awaitEvents(EventType.INVALIDATION_COMPLETED,
                (InvalidationCompleted c) -> c.causedBy().contains(globexPage.id()), 1, Duration.ofSeconds(30));
        assertThat(completed.getFirst().data().distributionTenantId()).isEqualTo(dtGlobex);
        assertThat(billed("distribution-tenant") - billedBefore).isGreaterThanOrEqualTo(2);
        assertThat(malloryPage.id()).isNotEqualTo(initechPage.id());

        // acme migrates to the shared distribution: its changes on the multi-tenant one go the distribution path.
        upstream.publishAs(DNS, ready(acme, DistributionStrategy.SHARED, SHARED, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> service.distributionTenants().of(acme).isEmpty());
        int acmeBefore = cloudFront.createdOnDistributionTenant(dtAcme).size();
        upstream.publish(event(MULTI, acme, List.of("/tenants/" + acme + "/after.html")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(items(cloudFront.created(MULTI)))
                .contains("/tenants/" + acme + "/after.html"));
        assertThat(cloudFront.createdOnDistributionTenant(dtAcme)).hasSize(acmeBefore);
    }

    private static String suffixValue;

    private static String suffix() {
        if (suffixValue == null) {
            suffixValue = UUID.randomUUID().toString().substring(0, 6);
        }
        return suffixValue;
    }

    static TenantDnsReady ready(String tenantId, DistributionStrategy strategy, String distributionId,
            String distributionTenantId) {
        return new TenantDnsReady(tenantId, tenantId + ".example.com", "d111111abcdef8.cloudfront.net", strategy,
                distributionId, List.of(), 1_000L, Instant.now(), List.of(UUID.randomUUID().toString()),
                distributionTenantId);
    }

    static FilesDistributed event(String distributionId, String tenantId, List<String> paths) {
        return new FilesDistributed(distributionId, "edgeplane-distribution", "deployment", tenantId, paths, List.of(),
                List.of(), paths.size(), 0, 10, false, null, Instant.now(), List.of());
    }

    static List<String> items(List<SimulatedCloudFront.Created> created) {
        return created.stream().flatMap(c -> c.items().stream()).toList();
    }

    private double billed(String target) {
        return registry.find("edgeplane.invalidation.items.billed").tag("target", target).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
