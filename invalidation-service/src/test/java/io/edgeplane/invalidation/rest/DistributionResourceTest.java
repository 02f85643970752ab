package io.edgeplane.invalidation.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;
import org.junit.jupiter.api.AfterAll;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DistributionResourceTest {
    static final String DIST = "E1RESTTEST0001";

    @Inject
    SimulatedCloudFront cloudFront;

    @Test
    void mutationsNeedTheApiToken() {
        given().contentType(ContentType.JSON).body("{\"paths\":[\"/a.html\"]}")
                .post("/distributions/{id}/invalidations", DIST)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void badPathsAreRejectedNamingTheFieldAndTheRule() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"paths\":[\"/ok.html\",\"no-slash.html\",\"/a*/b\",\"/tenants/*\"]}")
                .post("/distributions/{id}/invalidations", DIST)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("paths[1]", "paths[2]", "paths[3]")))
                .body("violations.rule", equalTo(List.of("leading-slash", "wildcard-last", "outside-boundary")));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"paths\":[\"\"]}").post("/distributions/{id}/invalidations", DIST)
                .then().statusCode(400).body("violations[0].field", containsString("paths"));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"paths\":[\"/a\"]}").post("/distributions/{id}/invalidations", "not-a-distribution")
                .then().statusCode(400);
    }

    @Test
    void anImmediateInvalidationIsCreatedEncodedAndItsStatusCanBeRead() {
        // A distribution of its own: an immediate request also takes what is queued for its distribution
        // (requests are packed as full as the quotas allow), and other tests queue paths on DIST.
        String dist = "E2IMMEDIATE0001";
        String id = given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"paths\":[\"/tenants/t9/a b.html\",\"/tenants/t9/docs/\"],\"mode\":\"immediate\"}")
                .post("/distributions/{id}/invalidations", dist)
                .then().statusCode(201).body("status", equalTo("created")).body("invalidationIds", hasSize(1))
                .extract().path("invalidationIds[0]");
        var created = cloudFront.created(dist).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        assertThat(created.items()).containsExactlyInAnyOrder("/tenants/t9/a%20b.html", "/tenants/t9/docs/",
                "/tenants/t9/docs/index.html");
        given().get("/distributions/{id}/invalidations/{inv}", dist, id).then().statusCode(200)
                .body("invalidationId", equalTo(id)).body("items", hasItem("/tenants/t9/a%20b.html"))
                .body("status", notNullValue());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get("/distributions/{id}/invalidations/{inv}", dist, id).then().body("status", equalTo("Completed")));
        given().get("/distributions/{id}/invalidations/{inv}", dist, "I999999").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void queuedRequestsAreAnsweredAtOnceAndShowInTheQueue() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"paths\":[\"/tenants/t8/x.html\"]}").post("/distributions/{id}/invalidations", DIST)
                .then().statusCode(202).body("status", equalTo("queued"));
        given().get("/distributions/{id}/queue", DIST).then().statusCode(200).body("distributionId", equalTo(DIST))
                .body("maxPaths", equalTo(3000)).body("maxWildcards", equalTo(15));
        given().get("/distributions").then().statusCode(200);
    }

    @Test
    void invalidateAllIsRefusedWithoutAValidTokenAndInvalidatesNothing() {
        String dist = "E1RESTALLAUTH1";
        given().contentType(ContentType.JSON).body("{\"confirm\":\"/*\"}")
                .post("/distributions/{id}/invalidations/all", dist)
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer not-the-token").contentType(ContentType.JSON).body("{\"confirm\":\"/*\"}")
                .post("/distributions/{id}/invalidations/all", dist)
                .then().statusCode(401);
        assertThat(cloudFront.created(dist)).isEmpty();
    }

    @Test
    void invalidateAllNeedsAnExplicitConfirmation() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON).body("{\"confirm\":\"yes\"}")
                .post("/distributions/{id}/invalidations/all", "E1RESTALL00001")
                .then().statusCode(400).body("violations[0].field", equalTo("confirm"));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON).body("{\"confirm\":\"/*\"}")
                .post("/distributions/{id}/invalidations/all", "E1RESTALL00001")
                .then().statusCode(201).body("items", equalTo(List.of("/*")));
        assertThat(cloudFront.created("E1RESTALL00001")).singleElement()
                .satisfies(c -> assertThat(c.items()).containsExactly("/*"));
    }

    @Test
    void staticAssetsAreTheSeedsCssJsImagesAndFontsWildcards() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON).body("{\"tenantId\":\"acme\"}")
                .post("/distributions/{id}/invalidations/static-assets", "E1RESTSTATIC01").then().statusCode(201);
        assertThat(cloudFront.created("E1RESTSTATIC01")).singleElement().satisfies(c -> assertThat(c.items())
                .containsExactlyInAnyOrder("/tenants/acme/static/css/*", "/tenants/acme/static/js/*",
                        "/tenants/acme/static/images/*", "/tenants/acme/static/fonts/*"));
    }

    @Test
    void theSameDeploymentVersionTwiceIsOneInvalidation() {
        String body = "{\"version\":\"v1.2.3\"}";
        String first = given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON).body(body)
                .post("/distributions/{id}/invalidations/deployments", "E1RESTDEPLOY01").then().statusCode(201)
                .body("items", hasItem("/index.html")).extract().path("invalidationIds[0]");
        String again = given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON).body(body)
                .post("/distributions/{id}/invalidations/deployments", "E1RESTDEPLOY01").then().statusCode(201)
                .extract().path("invalidationIds[0]");
        assertThat(again).isEqualTo(first);
        assertThat(cloudFront.created("E1RESTDEPLOY01")).hasSize(1);
        assertThat(cloudFront.created("E1RESTDEPLOY01").getFirst().items()).containsExactlyInAnyOrder("/", "/index.html",
                "/404.html", "/500.html", "/503.html");
    }

    @Test
    void tagsOnlyWhereTheDistributionHasACacheTagConfiguration() {
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"tags\":[\"product:tv\"],\"mode\":\"immediate\"}").post("/distributions/{id}/invalidations", DIST)
                .then().statusCode(400).body("violations[0].rule", equalTo("tags-not-enabled"));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"tags\":[\"Product:TV\"],\"mode\":\"immediate\"}")
                .post("/distributions/{id}/invalidations", "E3TAGGEDDIST01").then().statusCode(201);
        assertThat(cloudFront.created("E3TAGGEDDIST01")).singleElement()
                .satisfies(c -> assertThat(c.items()).containsExactly("#Product:TV"));
    }

    @Test
    void distributionSummaryStatisticsAndMetrics() {
        given().get("/distributions/{id}", "E1EDGEPLANE0001").then().statusCode(200)
                .body("distribution.status", equalTo("Deployed")).body("distribution.defaultRootObject", equalTo("index.html"))
                .body("cacheTags", equalTo(false));
        given().get("/distributions/{id}/statistics?hours=24", "E1EDGEPLANE0001").then().statusCode(200)
                .body("statistics.requests", notNullValue()).body("statistics.cacheHitRate", notNullValue())
                .body("distributionStatus", equalTo("Deployed"));
        given().get("/distributions/{id}/statistics?hours=0", "E1EDGEPLANE0001").then().statusCode(400);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("edgeplane_invalidation_cache_hit_ratio{distribution=\"E1EDGEPLANE0001\"}"))
                .body(containsString("edgeplane_invalidation_pending_paths"))
                .body(containsString("edgeplane_invalidation_quota_utilisation{kind=\"paths\"}")));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType(ContentType.JSON)
                .body("{\"paths\":[\"/tenants/m/x.html\"],\"mode\":\"immediate\"}")
                .post("/distributions/{id}/invalidations", "E1RESTMETRIC01").then().statusCode(201);
        given().get("/q/metrics").then().body(containsString(
                "edgeplane_invalidation_items_billed_total{kind=\"path\",target=\"distribution\"}"))
                .body(containsString("edgeplane_invalidation_requests_total{outcome=\"created\",target=\"distribution\"}"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString(
                        "edgeplane_invalidation_time_to_fresh_seconds_count{target=\"distribution\"}")));
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
