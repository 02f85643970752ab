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
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.edgeplane.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

/**
 * DeploymentCompleted → promotion on the real broker and the real S3 endpoint, as CI would drive
 * it: two successive builds of a 200-file site with 15 files changed and 5 removed.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class DeploymentFlowTest {
    static final String SOURCE = "edgeplane-source";
    static final String DIST = "edgeplane-distribution";
    static final String DISTRIBUTION = "E1EDGEPLANE0001";
    static final Duration WAIT = Duration.ofSeconds(60);

    /** 5 pages, 5 images, 5 JSON files change; 3 images and 2 pages go. None is content-hashed. */
    static final Set<String> CHANGED = new LinkedHashSet<>(List.of("index.html", "pages/p01.html", "pages/p02.html",
            "pages/p03.html", "pages/p04.html", "img/photo-00.png", "img/photo-01.png", "img/photo-02.png",
            "img/photo-03.png", "img/photo-04.png", "data/d00.json", "data/d01.json", "data/d02.json", "data/d03.json",
            "data/d04.json"));
    static final Set<String> REMOVED = Set.of("img/photo-50.png", "img/photo-51.png", "img/photo-52.png",
            "pages/p18.html", "pages/p19.html");

    private static EventsClient upstream;

    /** The service's own client for the test S3 endpoint (the test only reads and seeds through it). */
    @Inject
    S3Client s3;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Where CI puts a build: under the owner's build root in the builds bucket (edgeplane.ownership.*). */
    static String buildRoot(String tenant, String site) {
        return tenant != null ? "tenants/" + tenant + "/builds/" : "sites/" + site + "/builds/";
    }

    private static String tenantBuild(String tenant, String buildId) {
        return buildRoot(tenant, null) + buildId + "/";
    }

    private static String siteBuild(String site, String buildId) {
        return buildRoot(null, site) + buildId + "/";
    }

    private static EventEnvelope<DeploymentCompleted> deploy(String tenant, String site, String buildId,
            DeploymentMode mode) {
        return upstream.publish(new DeploymentCompleted(unique("d"), tenant, site, buildId, SOURCE,
                buildRoot(tenant, site) + buildId + "/", DISTRIBUTION, "1.0." + buildId, mode, Instant.now(),
                List.of()));
    }

    private static DeploymentPromoted awaitPromoted(String deploymentId) {
        List<EventEnvelope<DeploymentPromoted>> promoted = upstream.awaitEvents(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> p.deploymentId().equals(deploymentId), 1, WAIT);
        assertThat(promoted).as("DeploymentPromoted for " + deploymentId).hasSize(1);
        return promoted.getFirst().data();
    }

    private static DeploymentPromoted awaitRollback(String owner, String buildId) {
        List<EventEnvelope<DeploymentPromoted>> promoted = upstream.awaitEvents(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> owner.equals(p.key()) && p.deploymentId().startsWith("rollback-")
                        && p.buildId().equals(buildId), 1, WAIT);
        assertThat(promoted).hasSize(1);
        return promoted.getFirst().data();
    }

    private static List<FilesDistributed> distributedFor(String causeId, Duration wait) {
        return upstream.awaitEvents(EventType.FILES_DISTRIBUTED,
                (FilesDistributed f) -> f.causedBy().contains(causeId), 1, wait).stream().map(EventEnvelope::data).toList();
    }

    private static Set<String> viewerPaths(String prefix, Set<String> paths) {
        return paths.stream().map(p -> "/" + prefix + p).collect(Collectors.toSet());
    }

    private HeadObjectResponse head(String key) {
        return s3.headObject(r -> r.bucket(DIST).key(key));
    }

    private String body(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(DIST).key(key)).asString(StandardCharsets.UTF_8);
    }

    private boolean exists(String key) {
        try {
            head(key);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void copyModeSyncsByContentHashReportsExactlyTheChangedAndRemovedPathsSetsHeadersAndRollsBack() {
        String tenant = unique("copy");
        SiteBuild b1 = SiteBuild.twoHundredFiles("1");
        SiteBuild b2 = b1.next(CHANGED, REMOVED);
        b1.upload(s3, SOURCE, tenantBuild(tenant, "b1"));
        b2.upload(s3, SOURCE, tenantBuild(tenant, "b2"));
        String live = "tenants/" + tenant + "/deployments/current/";

        var first = deploy(tenant, null, "b1", DeploymentMode.COPY);
        DeploymentPromoted p1 = awaitPromoted(first.data().deploymentId());
        assertThat(p1.filesCopied()).isEqualTo(200);
        assertThat(p1.pathsChanged()).as("a first deployment replaces nothing cached").isZero();

        var second = deploy(tenant, null, "b2", DeploymentMode.COPY);
        DeploymentPromoted p2 = awaitPromoted(second.data().deploymentId());
        assertThat(p2.mode()).isEqualTo(DeploymentMode.COPY);
        assertThat(p2.previousBuildId()).isEqualTo("b1");
        assertThat(p2.filesCopied()).isEqualTo(15);
        assertThat(p2.filesDeleted()).isEqualTo(5);
        assertThat(p2.filesUnchanged()).isEqualTo(180);
        assertThat(p2.pathsChanged()).isEqualTo(20);
        assertThat(p2.durationMillis()).isNotNegative();
        assertThat(p2.causedBy()).containsExactly(second.id());

        List<FilesDistributed> distributed = distributedFor(second.id(), WAIT);
        assertThat(distributed).hasSize(1);
        FilesDistributed fd = distributed.getFirst();
        Set<String> expected = viewerPaths(live, CHANGED);
        expected.addAll(viewerPaths(live, REMOVED));
        assertThat(fd.changedPaths()).hasSize(20).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fd.tenantId()).isEqualTo(tenant);
        assertThat(fd.origin()).isEqualTo("deployment");
        assertThat(fd.distributionId()).isEqualTo(DISTRIBUTION);
        // Tags are scoped to their owner (Ownership.scopedTag): no other tenant can invalidate them.
        assertThat(fd.cacheTags()).containsExactlyInAnyOrder("tenant-" + tenant, "tenant-" + tenant + ":build-b1");
        assertThat(fd.results()).hasSize(20);

        // Headers per cache rule; changed objects carry the new build's tag, unchanged ones keep theirs.
        HeadObjectResponse html = head(live + "index.html");
        assertThat(html.cacheControl()).isEqualTo("public, max-age=3600");
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.metadata()).containsEntry("cache-tag", "tenant-" + tenant + ",tenant-" + tenant + ":build-b2")
                .containsEntry("build-id", "b2");
        assertThat(body(live + "index.html")).isEqualTo(b2.files.get("index.html"));
        String hashed = b1.paths().stream().filter(p -> p.startsWith("assets/") && p.endsWith(".js")).findFirst().orElseThrow();
        HeadObjectResponse asset = head(live + hashed);
        assertThat(asset.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(asset.contentType()).startsWith("text/javascript");
        assertThat(asset.metadata()).containsEntry("cache-tag", "tenant-" + tenant + ",tenant-" + tenant + ":build-b1");
        assertThat(head(live + "data/d00.json").cacheControl()).isEqualTo("public, max-age=300");
        assertThat(head(live + "img/photo-00.png").cacheControl()).isEqualTo("public, max-age=86400");
        assertThat(head(live + "img/photo-00.png").contentType()).isEqualTo("image/png");
        REMOVED.forEach(p -> assertThat(exists(live + p)).as(p + " deleted").isFalse());

        // Rollback: b1's bytes come back; the 15 replaced paths are reported, the 5 re-added are new to the edge.
        String answer = given().header("Authorization", TestTokens.AUTHORIZATION)
                .post("/tenants/{id}/rollback", tenant).then().statusCode(200)
                .body("buildId", equalTo("b1")).body("previousBuildId", equalTo("b2")).extract().asString();
        assertThat(answer).contains("\"mode\":\"copy\"");
        DeploymentPromoted back = awaitRollback(tenant, "b1");
        assertThat(back.filesCopied()).isEqualTo(20);
        assertThat(back.filesDeleted()).isZero();
        assertThat(body(live + "index.html")).isEqualTo(b1.files.get("index.html"));
        REMOVED.forEach(p -> assertThat(exists(live + p)).as(p + " restored").isTrue());
        List<FilesDistributed> rolledBack = upstream.awaitEvents(EventType.FILES_DISTRIBUTED,
                (FilesDistributed f) -> tenant.equals(f.tenantId()) && f.cacheTags().contains("tenant-" + tenant + ":build-b2"), 1,
                        WAIT)
                .stream().map(EventEnvelope::data).toList();
        assertThat(rolledBack).singleElement().satisfies(f ->
                assertThat(f.changedPaths()).containsExactlyInAnyOrderElementsOf(viewerPaths(live, CHANGED)));

        given().get("/tenants/{id}/deployments", tenant).then().statusCode(200)
                .body("liveBuildId", equalTo("b1")).body("mode", equalTo("copy"))
                .body("deployments.size()", equalTo(3))
                .body("deployments[0].action", equalTo("ROLLBACK"));
    }

    @Test
    void pointerModeKeepsBuildsImmutableSwitchesThePointerReportsNothingAndRollsBackByOneWrite() {
        String tenant = unique("ptr");
        SiteBuild b1 = SiteBuild.twoHundredFiles("1");
        SiteBuild b2 = b1.next(CHANGED, REMOVED);
        b1.upload(s3, SOURCE, tenantBuild(tenant, "b1"));
        b2.upload(s3, SOURCE, tenantBuild(tenant, "b2"));
        String root = "tenants/" + tenant + "/deployments/";

        DeploymentPromoted p1 = awaitPromoted(deploy(tenant, null, "b1", DeploymentMode.POINTER).data().deploymentId());
        assertThat(p1.mode()).isEqualTo(DeploymentMode.POINTER);
        var second = deploy(tenant, null, "b2", DeploymentMode.POINTER);
        DeploymentPromoted p2 = awaitPromoted(second.data().deploymentId());
        assertThat(p2.previousBuildId()).isEqualTo("b1");
        assertThat(p2.pathsChanged()).isZero();
        assertThat(p2.filesCopied()).as("the new build is copied to its own immutable prefix").isEqualTo(195);
        assertThat(p2.filesDeleted()).isZero();
        // FilesDistributed would precede DeploymentPromoted: having the latter, there is none.
        assertThat(distributedFor(second.id(), Duration.ofSeconds(3))).isEmpty();

        given().get("/tenants/{id}/deployments", tenant).then().statusCode(200)
                .body("pointer", equalTo("b2")).body("liveBuildId", equalTo("b2")).body("rollbackBuildId", equalTo("b1"));
        // Both builds stay whole, side by side: b1 still has the files b2 dropped.
        assertThat(body(root + "b1/index.html")).isEqualTo(b1.files.get("index.html"));
        assertThat(body(root + "b2/index.html")).isEqualTo(b2.files.get("index.html"));
        assertThat(exists(root + "b1/pages/p19.html")).isTrue();
        assertThat(exists(root + "b2/pages/p19.html")).isFalse();
        assertThat(head(root + "b2/index.html").cacheControl()).isEqualTo("public, max-age=3600");
        assertThat(head(root + "b2/index.html").metadata()).containsEntry("cache-tag",
                "tenant-" + tenant + ",tenant-" + tenant + ":build-b2");

        given().post("/tenants/{id}/rollback", tenant).then().statusCode(401);
        given().get("/tenants/{id}/deployments", tenant).then().body("pointer", equalTo("b2"));
        given().header("Authorization", TestTokens.AUTHORIZATION).queryParam("buildId", "b1")
                .post("/tenants/{id}/rollback", tenant)
                .then().statusCode(200).body("buildId", equalTo("b1")).body("filesCopied", equalTo(0));
        DeploymentPromoted back = awaitRollback(tenant, "b1");
        assertThat(back.pathsChanged()).isZero();
        given().get("/tenants/{id}/deployments", tenant).then().body("pointer", equalTo("b1"));
        // Nothing further to go back to: a clear 409, not a silent no-op.
        given().header("Authorization", TestTokens.AUTHORIZATION).post("/tenants/{id}/rollback", tenant)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("no earlier build"));
    }

    /**
     * The streamed sync on the real endpoint: a key only in the manifest is deleted and reported, a changed
     * one copied and reported, and an identical rebuild copies nothing. (Keys whose UTF-8 and UTF-16 orders
     * differ are pinned in SyncMergeTest, FileSpoolTest and DeploymentPromoterStreamingTest: the test endpoint
     * lists non-ASCII keys but answers CopyObject of any of them with SignatureDoesNotMatch.)
     */
    @Test
    void aStreamedSyncDeletesWhatOnlyTheManifestHasAndAnIdenticalRebuildCopiesNothing() {
        String tenant = unique("stream");
        String changed = "p/summer page.html";
        String removed = "p/old page.html";
        Map<String, String> files = new java.util.TreeMap<>();
        files.put("index.html", "<html>home</html>");
        files.put(removed, "<html>old</html>");
        files.put(changed, "<html>summer</html>");
        files.put("p/a b.css", "a b");
        files.put("p/a%20b.css", "percent");
        files.put("p/z.css", "z");
        SiteBuild b1 = SiteBuild.of(files);
        SiteBuild b2 = b1.next(Set.of(changed), Set.of(removed));
        b1.upload(s3, SOURCE, tenantBuild(tenant, "b1"));
        b2.upload(s3, SOURCE, tenantBuild(tenant, "b2"));
        b2.upload(s3, SOURCE, tenantBuild(tenant, "b3"));
        String live = "tenants/" + tenant + "/deployments/current/";

        assertThat(awaitPromoted(deploy(tenant, null, "b1", DeploymentMode.COPY).data().deploymentId()).filesCopied())
                .isEqualTo(6);
        var second = deploy(tenant, null, "b2", DeploymentMode.COPY);
        DeploymentPromoted p2 = awaitPromoted(second.data().deploymentId());
        assertThat(p2.filesCopied()).isEqualTo(1);
        assertThat(p2.filesDeleted()).isEqualTo(1);
        assertThat(p2.filesUnchanged()).isEqualTo(4);
        assertThat(distributedFor(second.id(), WAIT)).singleElement().satisfies(fd -> assertThat(fd.changedPaths())
                .containsExactlyInAnyOrderElementsOf(viewerPaths(live, Set.of(changed, removed))));
        assertThat(body(live + changed)).isEqualTo(b2.files.get(changed));
        assertThat(exists(live + removed)).isFalse();

        var rebuild = deploy(tenant, null, "b3", DeploymentMode.COPY);
        DeploymentPromoted p3 = awaitPromoted(rebuild.data().deploymentId());
        assertThat(p3.filesCopied()).isZero();
        assertThat(p3.filesDeleted()).isZero();
        assertThat(p3.filesUnchanged()).isEqualTo(5);
        assertThat(distributedFor(rebuild.id(), Duration.ofSeconds(2))).as("nothing to forget").isEmpty();
    }

    @Test
    void theDeleteGuardStopsAPromotionThatWouldDeleteTooMuchAndSaysSoLoudly() {
        String tenant = unique("guard");
        SiteBuild b1 = SiteBuild.twoHundredFiles("1");
        Set<String> half = b1.paths().stream().filter(p -> p.startsWith("img/") || p.startsWith("data/"))
                .collect(Collectors.toSet());
        SiteBuild b2 = b1.next(Set.of("index.html"), half);
        b1.upload(s3, SOURCE, tenantBuild(tenant, "b1"));
        b2.upload(s3, SOURCE, tenantBuild(tenant, "b2"));
        String live = "tenants/" + tenant + "/deployments/current/";
        awaitPromoted(deploy(tenant, null, "b1", DeploymentMode.COPY).data().deploymentId());

        var risky = deploy(tenant, null, "b2", DeploymentMode.COPY);
        var dead = upstream.awaitDeadLetters("distributor-service", r -> tenant.equals(r.key()), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(EventsClient.header(dead.getFirst(), "dead-letter-reason"))
                .contains("max-deletes", "would delete 100 of 200", "nothing was changed");
        // The CI learns it from the status topic: one DeploymentFailed with the rule, before the dead letter.
        List<EventEnvelope<DeploymentFailed>> failed = upstream.awaitEvents(EventType.DEPLOYMENT_FAILED,
                (DeploymentFailed f) -> f.deploymentId().equals(risky.data().deploymentId()), 2, Duration.ofSeconds(3));
        assertThat(failed).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo(tenant);
            assertThat(f.data().rule()).isEqualTo("max-deletes");
            assertThat(f.data().buildId()).isEqualTo("b2");
            assertThat(f.data().message()).contains("would delete 100 of 200");
            assertThat(f.data().causedBy()).containsExactly(risky.id());
        });
        // DeploymentPromoted would have been published before the record was dead-lettered.
        assertThat(upstream.awaitEvents(EventType.DEPLOYMENT_PROMOTED,
                (DeploymentPromoted p) -> p.deploymentId().equals(risky.data().deploymentId()), 1, Duration.ofSeconds(3)))
                .isEmpty();
        assertThat(body(live + "index.html")).isEqualTo(b1.files.get("index.html"));
        assertThat(exists(live + "img/photo-00.png")).isTrue();
        given().get("/tenants/{id}/deployments", tenant).then().statusCode(200)
                .body("liveBuildId", equalTo("b1"))
                .body("deployments[0].status", equalTo("REJECTED"))
                .body("deployments[0].reason", containsString("max-deletes"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then().body(containsString(
                "edgeplane_distributor_deployments_rejected_total{mode=\"copy\",reason=\"max-deletes\"}")));
    }

    @Test
    void siteDeploymentsReportHtmlButNotContentHashedAssets() {
        String site = unique("site");
        Map<String, String> v1 = Map.of("index.html", "<h1>v1</h1>", "about.html", "<p>about</p>",
                "assets/app.0b1c2d3e.js", "old js", "assets/style.11aa22bb.css", "css", "img/logo.png", "logo");
        Map<String, String> v2 = Map.of("index.html", "<h1>v2</h1>", "about.html", "<p>about</p>",
                "assets/app.3f9a1c2e.js", "new js", "assets/style.11aa22bb.css", "css", "img/logo.png", "logo");
        SiteBuild.of(v1).upload(s3, SOURCE, siteBuild(site, "b1"));
        SiteBuild.of(v2).upload(s3, SOURCE, siteBuild(site, "b2"));
        awaitPromoted(deploy(null, site, "b1", null).data().deploymentId());

        var second = deploy(null, site, "b2", null);
        DeploymentPromoted p2 = awaitPromoted(second.data().deploymentId());
        assertThat(p2.mode()).as("sites are always promoted by copy").isEqualTo(DeploymentMode.COPY);
        assertThat(p2.siteId()).isEqualTo(site);
        assertThat(p2.filesCopied()).isEqualTo(2);
        assertThat(p2.filesDeleted()).isEqualTo(1);
        FilesDistributed fd = distributedFor(second.id(), WAIT).getFirst();
        assertThat(fd.changedPaths()).containsExactly("/sites/" + site + "/index.html");
        assertThat(fd.tenantId()).isNull();
        assertThat(exists("sites/" + site + "/assets/app.0b1c2d3e.js")).isFalse();
        assertThat(head("sites/" + site + "/assets/app.3f9a1c2e.js").cacheControl())
                .isEqualTo("public, max-age=31536000, immutable");
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
