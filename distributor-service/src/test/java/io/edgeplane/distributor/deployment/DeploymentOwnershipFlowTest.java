package io.edgeplane.distributor.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentFailed;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 13: a DeploymentCompleted promotes only the target's own build, from a configured builds
 * bucket under {@code tenants/{id}/builds/} or {@code sites/{id}/builds/}. Every hostile variant exists
 * for real in S3 (so a refusal cannot be a missing build in disguise), is answered by exactly one
 * DeploymentFailed with rule {@code foreign-source}, and changes nothing: the distribution bucket and the
 * distributor's state prefix are listed before and after. Valid neighbours, published before and after on
 * the same partitions, are promoted.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class DeploymentOwnershipFlowTest {
    static final String SOURCE = DeploymentFlowTest.SOURCE;
    static final String DIST = DeploymentFlowTest.DIST;
    static final String UPLOADS = "edgeplane-uploads";
    static final Duration WAIT = DeploymentFlowTest.WAIT;

    private static EventsClient upstream;

    @Inject
    S3Client s3;

    @ConfigProperty(name = "edgeplane.distributor.state.prefix")
    String statePrefix;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    /** One hostile deployment: who it claims to be for and where it points. */
    record Hostile(String name, String tenant, String site, String bucket, String prefix, DeploymentMode mode) {
    }

    @Test
    void aBuildOutsideTheTargetsOwnBuildRootIsRefusedWithDeploymentFailedAndChangesNothing() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String acme = "acme" + run;
        String evil = acme + "-evil"; // a sibling whose id starts with acme's
        String site = "site" + run;
        SiteBuild build = SiteBuild.of(Map.of("index.html", "<h1>" + run + "</h1>", "assets/app.1a2b3c4d.js", "js"));
        SiteBuild secret = SiteBuild.of(Map.of("index.html", "<h1>not acme's</h1>"));
        build.upload(s3, SOURCE, "tenants/" + acme + "/builds/b1/");
        build.upload(s3, SOURCE, "tenants/" + acme + "/builds/b2/");
        secret.upload(s3, SOURCE, "tenants/" + evil + "/builds/b1/");
        build.upload(s3, SOURCE, "sites/" + site + "/builds/b1/");
        // Case tricks and another bucket hold real builds too: only the ownership rule can refuse them.
        secret.upload(s3, SOURCE, "tenants/" + acme.toUpperCase() + "/builds/b1/");
        secret.upload(s3, SOURCE, "Tenants/" + acme + "/builds/b1/");
        secret.upload(s3, UPLOADS, "tenants/" + acme + "/builds/b1/");

        // Valid neighbours first: each owner's own build goes live.
        promoted(deploy(new Hostile("acme b1", acme, null, SOURCE, "tenants/" + acme + "/builds/b1/", DeploymentMode.COPY)));
        promoted(deploy(new Hostile("evil b1", evil, null, SOURCE, "tenants/" + evil + "/builds/b1/", DeploymentMode.POINTER)));
        promoted(deploy(new Hostile("site b1", null, site, SOURCE, "sites/" + site + "/builds/b1/", null)));

        SortedMap<String, String> distributionBefore = listing(DIST, "");
        SortedMap<String, String> stateBefore = listing(SOURCE, statePrefix);
        assertThat(distributionBefore).containsKey("tenants/" + evil + "/deployments/b1/index.html");
        assertThat(stateBefore).containsKey(statePrefix + "deployments/tenants/" + acme + "/deployments/history.json");

        List<Hostile> hostile = List.of(
                new Hostile("another tenant's build root", acme, null, SOURCE, "tenants/" + evil + "/builds/b1/",
                        DeploymentMode.COPY),
                new Hostile("sibling id the other way", evil, null, SOURCE, "tenants/" + acme + "/builds/b1/",
                        DeploymentMode.POINTER),
                new Hostile("pointer mode copies a foreign build", acme, null, SOURCE, "tenants/" + evil + "/builds/b1/",
                        DeploymentMode.POINTER),
                new Hostile("served deployments prefix", acme, null, DIST, "tenants/" + evil + "/deployments/b1/",
                        DeploymentMode.COPY),
                new Hostile("own served prefix", acme, null, DIST, "tenants/" + acme + "/deployments/current/",
                        DeploymentMode.POINTER),
                new Hostile("distributor state prefix", acme, null, SOURCE, statePrefix + "deployments/tenants/" + acme
                        + "/deployments/", DeploymentMode.COPY),
                new Hostile("another bucket, own root", acme, null, UPLOADS, "tenants/" + acme + "/builds/b1/",
                        DeploymentMode.COPY),
                new Hostile("encoded traversal", acme, null, SOURCE, "tenants/" + acme + "/builds/%2e%2e/%2e%2e/" + evil
                        + "/builds/b1/", DeploymentMode.COPY),
                new Hostile("encoded separator", acme, null, SOURCE, "tenants/" + acme + "/builds/..%2f..%2f" + evil
                        + "/builds/b1/", DeploymentMode.COPY),
                new Hostile("upper-case id", acme, null, SOURCE, "tenants/" + acme.toUpperCase() + "/builds/b1/",
                        DeploymentMode.COPY),
                new Hostile("upper-case root", acme, null, SOURCE, "Tenants/" + acme + "/builds/b1/", DeploymentMode.COPY),
                new Hostile("the build root itself", acme, null, SOURCE, "tenants/" + acme + "/builds/", DeploymentMode.COPY),
                new Hostile("a site promoting a tenant's build", null, site, SOURCE, "tenants/" + acme + "/builds/b1/",
                        null),
                new Hostile("a tenant promoting a site's build", acme, null, SOURCE, "sites/" + site + "/builds/b1/",
                        DeploymentMode.COPY));
        Map<String, Hostile> byDeployment = new TreeMap<>();
        for (Hostile h : hostile) {
            byDeployment.put(deploy(h).data().deploymentId(), h);
        }
        // A valid deployment behind them on acme's partition: the refusals do not block it.
        var acmeB2 = deploy(new Hostile("acme b2", acme, null, SOURCE, "tenants/" + acme + "/builds/b2", DeploymentMode.COPY));
        var siteB1Again = deploy(new Hostile("site b1 again", null, site, SOURCE, "sites/" + site + "/builds/b1/", null));

        List<EventEnvelope<DeploymentFailed>> failed = upstream.awaitEvents(EventType.DEPLOYMENT_FAILED,
                (DeploymentFailed f) -> byDeployment.containsKey(f.deploymentId()), byDeployment.size(), WAIT);
        DeploymentPromoted b2 = promoted(acmeB2);
        assertThat(b2.previousBuildId()).isEqualTo("b1");
        promoted(siteB1Again);
        // Every refusal was announced once (b2 came after them all on acme's partition: nothing is still coming).
        failed = upstream.awaitEvents(EventType.DEPLOYMENT_FAILED,
                (DeploymentFailed f) -> byDeployment.containsKey(f.deploymentId()), byDeployment.size() + 1,
                Duration.ofSeconds(3));
        Map<String, Long> perDeployment = failed.stream()
                .collect(Collectors.groupingBy(f -> f.data().deploymentId(), TreeMap::new, Collectors.counting()));
        assertThat(perDeployment).as("one DeploymentFailed per hostile deployment")
                .isEqualTo(byDeployment.keySet().stream().collect(Collectors.toMap(Function.identity(), d -> 1L,
                        (a, b) -> a, TreeMap::new)));
        List<String> wrong = new ArrayList<>();
        for (EventEnvelope<DeploymentFailed> f : failed) {
            Hostile h = byDeployment.get(f.data().deploymentId());
            String owner = h.tenant() != null ? h.tenant() : h.site();
            if (!f.data().rule().equals("foreign-source") || !f.key().equals(owner)
                    || !f.data().message().contains(h.prefix()) || !f.data().message().contains("nothing was changed")) {
                wrong.add(h.name() + ": key " + f.key() + ", rule " + f.data().rule() + ", " + f.data().message());
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(upstream.awaitEvents(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> byDeployment.containsKey(p.deploymentId()), 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(upstream.awaitDeadLetters("distributor-service", r -> byDeployment.keySet().stream()
                .anyMatch(d -> new String(r.value()).contains(d)), 1, Duration.ofSeconds(2)))
                .as("a foreign source is answered by DeploymentFailed alone: replaying it can never succeed").isEmpty();

        // Nothing was copied, pointed or recorded by a refusal: only acme's b2 (and the site's replay) changed anything.
        SortedMap<String, String> distributionAfter = listing(DIST, "");
        SortedMap<String, String> stateAfter = listing(SOURCE, statePrefix);
        String acmeLive = "tenants/" + acme + "/deployments/current/";
        assertThat(without(distributionAfter, acmeLive)).isEqualTo(without(distributionBefore, acmeLive));
        // acme's b2 and the site's repeat add history lines of their own; everything else is byte-for-byte as before.
        String acmeState = statePrefix + "deployments/tenants/" + acme + "/";
        String siteState = statePrefix + "deployments/sites/" + site + "/";
        assertThat(without(without(stateAfter, acmeState), siteState))
                .isEqualTo(without(without(stateBefore, acmeState), siteState));
        assertThat(distributionAfter.keySet()).noneMatch(k -> k.startsWith("tenants/" + acme + "/deployments/b1/"));
        given().get("/tenants/{id}/deployments", evil).then().statusCode(200)
                .body("liveBuildId", equalTo("b1")).body("pointer", equalTo("b1")).body("deployments.size()", equalTo(1));
        given().get("/tenants/{id}/deployments", acme).then().statusCode(200)
                .body("deployments.size()", equalTo(2)).body("deployments[0].buildId", equalTo("b2"));
        assertThat((Object) given().get("/tenants/{id}/deployments", acme).then().extract().path("pointer"))
                .as("no pointer was written for acme").isNull();
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then().body(containsString(
                "edgeplane_distributor_deployments_rejected_total{mode=\"copy\",reason=\"foreign-source\"}")));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void copiedObjectsCarryTagsScopedToTheirOwner() {
        String tenant = "tags" + UUID.randomUUID().toString().substring(0, 6);
        SiteBuild.of(Map.of("index.html", "<p>tags</p>")).upload(s3, SOURCE, "tenants/" + tenant + "/builds/B7/");
        promoted(deploy(new Hostile("tags", tenant, null, SOURCE, "tenants/" + tenant + "/builds/B7/", DeploymentMode.COPY)));
        assertThat(s3.headObject(r -> r.bucket(DIST).key("tenants/" + tenant + "/deployments/current/index.html"))
                .metadata()).containsEntry("cache-tag", "tenant-" + tenant + ",tenant-" + tenant + ":build-B7");
    }

    private static EventEnvelope<DeploymentCompleted> deploy(Hostile h) {
        // The build id is the prefix's last segment (b1, b2; whatever a hostile prefix ends in, if it is an id).
        String[] segments = h.prefix().split("/");
        String last = segments[segments.length - 1];
        String buildId = last.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") ? last : "b9";
        return upstream.publish(new DeploymentCompleted("d-" + UUID.randomUUID().toString().substring(0, 8), h.tenant(),
                h.site(), buildId, h.bucket(), h.prefix(), DeploymentFlowTest.DISTRIBUTION, "1.0.0", h.mode(),
                Instant.now(), List.of()));
    }

    private static DeploymentPromoted promoted(EventEnvelope<DeploymentCompleted> deployment) {
        List<EventEnvelope<DeploymentPromoted>> promoted = upstream.awaitEvents(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> p.deploymentId().equals(deployment.data().deploymentId()), 1, WAIT);
        assertThat(promoted).as("DeploymentPromoted for %s", deployment.data().sourcePrefix()).hasSize(1);
        return promoted.getFirst().data();
    }

    /** Key → ETag and last-modified time: a rewrite with the same bytes shows too. */
    private SortedMap<String, String> listing(String bucket, String prefix) {
        SortedMap<String, String> objects = new TreeMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            objects.put(o.key(), o.eTag() + " " + o.lastModified());
        }
        return objects;
    }

    private static SortedMap<String, String> without(SortedMap<String, String> listing, String prefix) {
        SortedMap<String, String> rest = new TreeMap<>(listing);
        rest.keySet().removeIf(k -> k.startsWith(prefix));
        return rest;
    }
}
