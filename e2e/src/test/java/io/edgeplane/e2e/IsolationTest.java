package io.edgeplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentFailed;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantDnsFailed;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Tenant isolation at every boundary, against the running stack: a hostile event published by a plain
 * client for one owner names another owner's build, served prefix, state, viewer paths, tags, uploads
 * or a look-alike hostname. Each yields its specific failure event with the rule, and the stores are
 * listed before and after: the victim's objects, the media outputs, the created invalidations and the
 * DNS records are unchanged, while a valid neighbour in the same run is processed.
 */
@Order(2)
@ExtendWith(E2eStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationTest {
    private static final Duration OUTCOME = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DIST = E2eStack.DISTRIBUTION_ID;
    private static final String SOURCE = "edgeplane-source";
    private static final String DISTRIBUTION_BUCKET = "edgeplane-distribution";
    private static final String UPLOADS = "edgeplane-uploads";

    private static String run;
    private static String attacker;
    private static String victim;

    @BeforeAll
    static void builds() {
        run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        attacker = "iso" + run;
        // A sibling whose id merely starts with the attacker's: a prefix comparison would let one reach the other.
        victim = attacker + "-victim";
        try (S3Client s3 = E2eStack.get().stack().s3().client()) {
            for (String tenant : List.of(attacker, victim)) {
                put(s3, SOURCE, "tenants/" + tenant + "/builds/b1/index.html", "text/html", "<title>" + tenant + "</title>");
                put(s3, SOURCE, "tenants/" + tenant + "/builds/b1/app.js", "text/javascript", "//" + tenant);
            }
        }
    }

    @Test
    @Order(1)
    void aPromotionFromAnotherOwnersBuildServedPrefixOrStateIsRefusedAndCopiesNothing() {
        EventsClient events = E2eStack.get().events();
        // The victim's site is live first: its served files are what a hostile promotion must not touch.
        String victimDeployment = "iso-" + run + "-victim";
        events.publish(deployment(victimDeployment, victim, SOURCE, "tenants/" + victim + "/builds/b1/", DeploymentMode.COPY));
        events.awaitEvents(EventType.DEPLOYMENT_PROMOTED, (DeploymentPromoted p) -> victimDeployment.equals(p.deploymentId()),
                1, OUTCOME);
        Map<String, String> before = listing();

        Map<String, String> hostile = new TreeMap<>();
        hostile.put("sibling", "tenants/" + victim + "/builds/b1/");
        hostile.put("served", "tenants/" + victim + "/deployments/current/");
        hostile.put("state", "distributor-state/");
        hostile.put("traversal", "tenants/" + attacker + "/builds/%2e%2e/%2e%2e/" + victim + "/builds/b1/");
        hostile.put("case", "Tenants/" + attacker + "/builds/b1/");
        hostile.put("pointer", "tenants/" + victim + "/builds/b1/");
        List<String> ids = new ArrayList<>();
        hostile.forEach((name, prefix) -> {
            String id = "iso-" + run + "-" + name;
            String bucket = name.equals("served") ? DISTRIBUTION_BUCKET : SOURCE;
            events.publish(deployment(id, attacker, bucket, prefix,
                    name.equals("pointer") ? DeploymentMode.POINTER : DeploymentMode.COPY));
            ids.add(id);
        });
        String otherBucket = "iso-" + run + "-bucket";
        events.publish(deployment(otherBucket, attacker, UPLOADS, "tenants/" + attacker + "/builds/b1/", DeploymentMode.COPY));
        ids.add(otherBucket);
        String valid = "iso-" + run + "-valid";
        events.publish(deployment(valid, attacker, SOURCE, "tenants/" + attacker + "/builds/b1/", DeploymentMode.COPY));

        List<DeploymentFailed> failed = data(events.awaitEvents(EventType.DEPLOYMENT_FAILED,
                (DeploymentFailed f) -> ids.contains(f.deploymentId()), ids.size(), OUTCOME));
        assertThat(failed).extracting(DeploymentFailed::deploymentId).containsExactlyInAnyOrderElementsOf(ids);
        for (DeploymentFailed f : failed) {
            assertThat(f.rule()).as("rule of %s (%s)", f.deploymentId(), f.message())
                    .isIn("foreign-source", "path-traversal");
        }
        events.awaitEvents(EventType.DEPLOYMENT_PROMOTED, (DeploymentPromoted p) -> valid.equals(p.deploymentId()), 1,
                OUTCOME);

        Map<String, String> after = listing();
        // Of everything the attacker's or the victim's ids name, the only change is the valid neighbour's own
        // site (and the distributor's state for it); the victim's build, site and state are untouched.
        assertThat(changed(before, after)).filteredOn(key -> key.contains(attacker)).allSatisfy(key -> assertThat(key).matches(
                DISTRIBUTION_BUCKET + "/tenants/" + attacker + "/.*|" + SOURCE + "/distributor-state/.*" + attacker + "/.*"));
        assertThat(changed(before, after)).as("the valid promotion copied its own build")
                .contains(DISTRIBUTION_BUCKET + "/tenants/" + attacker + "/deployments/current/index.html");
        assertThat(after.get(DISTRIBUTION_BUCKET + "/tenants/" + attacker + "/deployments/current/index.html"))
                .isEqualTo(after.get(SOURCE + "/tenants/" + attacker + "/builds/b1/index.html"));
        assertThat(E2eStack.get().stack().allReady()).isTrue();
    }

    @Test
    @Order(2)
    void anInvalidationOutsideTheEventsTenantIsRefusedAndNeverBilled() {
        EventsClient events = E2eStack.get().events();
        int createdBefore = E2eStack.get().cloudFront().simulator().created().size();
        String own = "/tenants/" + attacker + "/deployments/current/iso.html";
        FilesDistributed hostile = new FilesDistributed(DIST, DISTRIBUTION_BUCKET, "deployment", attacker,
                List.of(own, "/tenants/" + victim + "/deployments/current/index.html", "/tenants/" + attacker + "*",
                        "/tenants/" + attacker + "/%2e%2e/" + victim + "/index.html", "/Tenants/" + victim + "/x.html"),
                List.of("tenant-" + victim), List.of(), 5, 0, 5, false, null, Instant.now(), List.of(), null);
        FilesDistributed data = new FilesDistributed(DIST, DISTRIBUTION_BUCKET, "data", null,
                List.of("/tenants/*", "/iso/" + run + "/regions.json"), List.of(), List.of(), 2, 0, 2, false, null,
                Instant.now(), List.of(), null);
        String hostileId = events.publish(hostile).id();
        String dataId = events.publish(data).id();

        List<InvalidationFailed> refused = data(events.awaitEvents(EventType.INVALIDATION_FAILED,
                (InvalidationFailed f) -> f.causedBy().contains(hostileId) || f.causedBy().contains(dataId), 2, OUTCOME));
        List<String> refusedPaths = refused.stream().flatMap(f -> f.paths().stream()).toList();
        assertThat(refusedPaths).contains("/tenants/" + victim + "/deployments/current/index.html",
                "/tenants/" + attacker + "*", "/tenants/*");
        // One InvalidationFailed per event; its errorCode lists the rules of its refused items.
        assertThat(refused).flatExtracting(f -> List.of(f.errorCode().split(",")))
                .allSatisfy(code -> assertThat(code).isIn("outside-tenant", "owner-root", "path-traversal", "encoding"))
                .contains("outside-tenant", "owner-root");
        // The in-bounds rest is still invalidated: the attacker's own page and the data file.
        events.awaitEvents(EventType.INVALIDATION_SUBMITTED,
                (InvalidationSubmitted s) -> s.causedBy().contains(hostileId) && s.paths().contains(own), 1, OUTCOME);

        List<String> billed = new ArrayList<>();
        var created = E2eStack.get().cloudFront().simulator().created();
        created.subList(createdBefore, created.size()).forEach(c -> billed.addAll(c.items()));
        assertThat(billed).as("items billed since the hostile events").noneMatch(item -> item.contains(victim)
                || item.equals("/tenants/*") || item.equals("/tenants/" + attacker + "*") || item.equals("/*")
                || item.equals("#tenant-" + victim) || item.toLowerCase().contains("%2e"));
    }

    @Test
    @Order(3)
    void anUploadOfAnotherOwnerIsNeverRenderedOrPublished() {
        EventsClient events = E2eStack.get().events();
        String owner = "u" + run;
        String other = owner + "0";
        byte[] jpeg = TestMedia.generate("tiny-jpeg", 1);
        String secret = "uploads/" + other + "/2026/12/06/secret";
        String mine = "uploads/" + owner + "/2026/12/06/mine";
        try (S3Client s3 = E2eStack.get().stack().s3().client()) {
            s3.putObject(b -> b.bucket(UPLOADS).key(secret).contentType("image/jpeg"), RequestBody.fromBytes(jpeg));
            s3.putObject(b -> b.bucket(UPLOADS).key(mine).contentType("image/jpeg"), RequestBody.fromBytes(jpeg));
            s3.putObject(b -> b.bucket(SOURCE).key(mine).contentType("image/jpeg"), RequestBody.fromBytes(jpeg));
        }
        Map<String, String> before = listing();
        Map<String, String[]> hostile = new TreeMap<>();
        hostile.put("other-owner", new String[] {UPLOADS, secret});
        hostile.put("traversal", new String[] {UPLOADS, "uploads/" + owner + "/%2e%2e/" + other + "/2026/12/06/secret"});
        hostile.put("other-bucket", new String[] {SOURCE, mine});
        hostile.put("case", new String[] {UPLOADS, "Uploads/" + owner + "/x"});
        List<String> ids = new ArrayList<>();
        hostile.forEach((name, where) -> {
            String mediaId = "iso-" + run + "-" + name;
            ids.add(mediaId);
            events.publish(new ImageUploaded(mediaId, owner, where[0], where[1], "image/jpeg", (long) jpeg.length, null,
                    Instant.now(), List.of()));
        });
        String valid = "iso-" + run + "-mine";
        events.publish(new ImageUploaded(valid, owner, UPLOADS, mine, "image/jpeg", (long) jpeg.length, null,
                Instant.now(), List.of()));

        List<MediaFailed> failed = data(events.awaitEvents(EventType.MEDIA_FAILED,
                (MediaFailed f) -> ids.contains(f.mediaId()), ids.size(), OUTCOME));
        assertThat(failed).extracting(MediaFailed::reason)
                .allSatisfy(r -> assertThat(r).isIn("foreign-source", "path-traversal", "encoding"));
        events.awaitEvents(EventType.MEDIA_PROCESSED, (MediaProcessed p) -> valid.equals(p.mediaId()), 1, OUTCOME);

        Map<String, String> after = listing();
        for (String id : ids) {
            assertThat(changed(before, after)).as("objects written for %s", id).noneMatch(k -> k.contains(id));
        }
        assertThat(changed(before, after)).as("the valid neighbour was rendered").anyMatch(k -> k.contains(valid));
    }

    @Test
    @Order(4)
    void aLookAlikeOrInvalidPunycodeHostnameGetsNoRecord() throws Exception {
        EventsClient events = E2eStack.get().events();
        String label = "acme" + run;
        String original = "iso-" + run + "-acme";
        events.publish(tenant(original, label));
        events.awaitEvents(EventType.TENANT_DNS_READY, (TenantDnsReady r) -> original.equals(r.tenantId()), 1, OUTCOME);

        Map<String, String> hostile = new TreeMap<>();
        // Cyrillic а (U+0430) and с (U+0441) in place of Latin a and c: looks exactly like the original.
        hostile.put("iso-" + run + "-homograph", "\u0430\u0441me" + run);
        hostile.put("iso-" + run + "-punycode", "xn--" + run + "-bad");
        hostile.forEach((id, l) -> events.publish(tenant(id, l)));
        List<TenantDnsFailed> failed = data(events.awaitEvents(EventType.TENANT_DNS_FAILED,
                (TenantDnsFailed f) -> hostile.containsKey(f.tenantId()), hostile.size(), OUTCOME));
        assertThat(failed).filteredOn(f -> f.tenantId().endsWith("homograph")).extracting(TenantDnsFailed::rule)
                .containsExactly("confusable");
        assertThat(failed).filteredOn(f -> f.tenantId().endsWith("punycode")).extracting(TenantDnsFailed::rule)
                .allSatisfy(rule -> assertThat(rule).isNotBlank());
        ServiceProcess dns = E2eStack.get().stack().service("dns-service");
        for (String id : hostile.keySet()) {
            HttpResponse<String> state = HTTP.send(HttpRequest.newBuilder(URI.create(dns.url() + "/tenants/" + id + "/dns"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(state.body()).as("dns state of %s", id).doesNotContain("INSYNC").doesNotContain("\"records\":[\"");
        }
        assertThat(E2eStack.get().stack().allReady()).isTrue();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static <T extends io.edgeplane.events.EdgeplaneEvent> List<T> data(
            List<io.edgeplane.events.EventEnvelope<T>> events) {
        return events.stream().map(io.edgeplane.events.EventEnvelope::data).toList();
    }

    private static DeploymentCompleted deployment(String id, String tenant, String bucket, String prefix,
            DeploymentMode mode) {
        return new DeploymentCompleted(id, tenant, null, "b1", bucket, prefix, DIST, "1.0.0", mode, Instant.now(),
                List.of());
    }

    private static TenantProvisioned tenant(String id, String label) {
        return new TenantProvisioned(id, label, E2eStack.BASE_DOMAIN, SubscriptionTier.STANDARD, TrafficTier.NORMAL,
                null, List.of(), null, null, Instant.now(), List.of());
    }

    private static void put(S3Client s3, String bucket, String key, String type, String body) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(type), RequestBody.fromString(body));
    }

    /** Every object of the three buckets, {@code bucket/key -> ETag}. */
    private static Map<String, String> listing() {
        Map<String, String> objects = new TreeMap<>();
        try (S3Client s3 = E2eStack.get().stack().s3().client()) {
            for (String bucket : EdgeplaneStack.BUCKETS) {
                s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                        .forEach(o -> objects.put(bucket + "/" + o.key(), o.eTag()));
            }
        }
        return objects;
    }

    /** Keys added, removed or rewritten with other bytes. */
    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
        Predicate<String> differs = k -> !java.util.Objects.equals(before.get(k), after.get(k));
        List<String> keys = new ArrayList<>();
        before.keySet().stream().filter(differs).forEach(keys::add);
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(keys::add);
        return keys;
    }
}
