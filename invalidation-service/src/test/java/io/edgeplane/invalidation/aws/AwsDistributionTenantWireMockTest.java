package io.edgeplane.invalidation.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.edgeplane.invalidation.aws.AwsCloudFrontWireMockTest.errorXml;
import static io.edgeplane.invalidation.aws.AwsCloudFrontWireMockTest.invalidationXml;
import static io.edgeplane.invalidation.aws.AwsCloudFrontWireMockTest.listXml;
import static io.edgeplane.invalidation.aws.AwsCloudFrontWireMockTest.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationRecord;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationSummary;
import io.edgeplane.invalidation.domain.CostModel;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.InvalidationListener;
import io.edgeplane.invalidation.domain.InvalidationPlanner;
import io.edgeplane.invalidation.domain.InvalidationScheduler;
import io.edgeplane.invalidation.domain.InvalidationTarget;
import io.edgeplane.invalidation.domain.ObjectPopulation;
import io.edgeplane.invalidation.domain.TargetedCloudFront;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/**
 * The SDK adapter's distribution-tenant calls against WireMock stubs of CloudFront's REST/XML API (2020-05-31):
 * CreateInvalidationForDistributionTenant {@code POST /2020-05-31/distribution-tenant/{Id}/invalidation},
 * GetInvalidationForDistributionTenant {@code GET …/distribution-tenant/{DistributionTenantId}/invalidation/{Id}},
 * ListInvalidationsForDistributionTenant {@code GET …/distribution-tenant/{Id}/invalidation}, their errors, and the
 * scheduler driving them through {@link TargetedCloudFront} (tenant root cut from the paths).
 */
class AwsDistributionTenantWireMockTest {
    static final String MULTI = "E1MULTITENANT01";
    static final String DT = "dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB";
    static final String OTHER_DT = "dt_OTHERTENANT000000000000000";
    static final String BASE = "/2020-05-31/distribution-tenant/" + DT;
    static WireMockServer wireMock;
    static AwsCloudFront cloudFront;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        cloudFront = new AwsCloudFront(CloudFrontClient.builder().region(Region.AWS_GLOBAL)
                .endpointOverride(URI.create(wireMock.baseUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void createForTenantPostsTheBatchToTheDistributionTenantsPathAndNoOther() {
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", "https://cloudfront.amazonaws.com" + BASE + "/invalidation/I7DT")
                .withBody(invalidationXml("I7DT", "InProgress", "ref-dt", List.of("/*")))));

        InvalidationRecord record = cloudFront.createForTenant(DT, "ref-dt", List.of("/*"));

        assertThat(record.id()).isEqualTo("I7DT");
        assertThat(record.items()).containsExactly("/*");
        wireMock.verify(1, postRequestedFor(anyUrl()));
        wireMock.verify(postRequestedFor(urlEqualTo(BASE + "/invalidation"))
                .withRequestBody(matchingXPath("//*[local-name()='CallerReference']/text()", equalTo("ref-dt")))
                .withRequestBody(matchingXPath("//*[local-name()='Paths']/*[local-name()='Quantity']/text()", equalTo("1")))
                .withRequestBody(containing("<Path>/*</Path>")));
    }

    @Test
    void getForTenantReadsTheStatusFromTheDistributionTenantsInvalidation() {
        wireMock.stubFor(get(urlEqualTo(BASE + "/invalidation/I7DT")).willReturn(aResponse().withStatus(200)
                .withBody(invalidationXml("I7DT", "Completed", "ref-dt", List.of("/index.html")))));
        assertThat(cloudFront.getForTenant(DT, "I7DT").completed()).isTrue();
    }

    @Test
    void listForTenantFollowsMarkersUntilOlderThanTheLookback() {
        wireMock.stubFor(get(urlPathEqualTo(BASE + "/invalidation")).withQueryParam("Marker", absent())
                .willReturn(aResponse().withStatus(200).withBody(listXml(true, "I2",
                        summary("I3", "InProgress", "2026-11-22T02:10:00Z") + summary("I2", "Completed", "2026-11-22T02:05:00Z")))));
        wireMock.stubFor(get(urlPathEqualTo(BASE + "/invalidation")).withQueryParam("Marker", equalTo("I2"))
                .willReturn(aResponse().withStatus(200).withBody(listXml(false, "",
                        summary("I1", "Completed", "2026-11-22T01:00:00Z")))));

        List<InvalidationSummary> recent = cloudFront.listForTenantSince(DT, Instant.parse("2026-11-22T01:30:00Z"));

        assertThat(recent).extracting(InvalidationSummary::id).containsExactly("I3", "I2");
        wireMock.verify(getRequestedFor(urlPathEqualTo(BASE + "/invalidation")).withQueryParam("MaxItems", equalTo("100")));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("TooManyInvalidationsInProgress", 400, false),
                Arguments.of("Throttling", 400, true),
                Arguments.of("EntityNotFound", 404, false),
                Arguments.of("BatchTooLarge", 413, false),
                Arguments.of("InvalidArgument", 400, false),
                Arguments.of("AccessDenied", 403, false),
                Arguments.of("ServiceUnavailable", 503, true));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("errors")
    void errorCodesOfTheDistributionTenantCallsArriveWithCodeStatusAndWhetherToRetry(String code, int status,
            boolean transientFailure) {
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation"))
                .willReturn(aResponse().withStatus(status).withBody(errorXml(code, "stubbed " + code))));
        CloudFrontFailure failure = catchThrowableOfType(CloudFrontFailure.class,
                () -> cloudFront.createForTenant(DT, "ref", List.of("/a")));
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.isTransient()).isEqualTo(transientFailure);
    }

    /**
     * The scheduler, keyed by the distribution tenant, through the targeted port: the tenant's root is cut from the
     * paths; Throttling and then TooManyInvalidationsInProgress put the change back (the second re-reads the
     * distribution tenant's list) and it is sent again with the same CallerReference; the distribution's own path,
     * and the other tenant's distribution tenant, never see a request.
     */
    @Test
    void throttlingAndTooManyInProgressAreRetriedOnTheDistributionTenantWithTheSameCallerReference() throws Exception {
        wireMock.stubFor(get(urlPathEqualTo(BASE + "/invalidation"))
                .willReturn(aResponse().withStatus(200).withBody(listXml(false, "", ""))));
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation")).inScenario("dt").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(errorXml("Throttling", "Rate exceeded")))
                .willSetStateTo("busy"));
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation")).inScenario("dt").whenScenarioStateIs("busy")
                .willReturn(aResponse().withStatus(400).withBody(errorXml("TooManyInvalidationsInProgress",
                        "Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.")))
                .willSetStateTo("open"));
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation")).inScenario("dt").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(201).withBody(invalidationXml("I9DT", "InProgress", "x",
                        List.of("/*")))));
        var targeted = new TargetedCloudFront(cloudFront, cloudFront, tenant -> "/tenants/" + tenant + "/");
        var scheduler = new InvalidationScheduler(targeted, new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                InvalidationScheduler.Settings.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                        .withRate(100, 1),
                Clock.systemUTC(), new InvalidationListener() {
                }, d -> ObjectPopulation.constant(1_000), d -> false);
        String key = InvalidationTarget.distributionTenant(MULTI, DT, "acme").key();
        Instant now = Instant.now();
        CompletableFuture<?> covered = scheduler.submit(new ChangeBatch("e1", key,
                List.of(InvalidationItem.of("/tenants/acme/*")), List.of(), now, now, true));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!covered.isDone() && System.nanoTime() < deadline) {
            scheduler.tick();
            Thread.sleep(10);
        }
        assertThat(covered).isCompleted();
        var posts = wireMock.findAll(postRequestedFor(anyUrl()));
        assertThat(posts).hasSize(3).allSatisfy(r -> assertThat(r.getUrl()).isEqualTo(BASE + "/invalidation"));
        List<String> bodies = posts.stream().map(r -> r.getBodyAsString()).toList();
        assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.getFirst()).contains("<Path>/*</Path>")
                .contains("<CallerReference>edgeplane-").doesNotContain("tenants"));
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(BASE + "/invalidation"))))
                .as("ListInvalidationsForDistributionTenant at start and again after TooMany").hasSizeGreaterThanOrEqualTo(2);
        assertThat(wireMock.findAll(getRequestedFor(urlPathMatching("/2020-05-31/distribution/.*")))).isEmpty();
        assertThat(wireMock.findAll(getRequestedFor(urlPathMatching(".*" + OTHER_DT + ".*")))).isEmpty();
    }
}
