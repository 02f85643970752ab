package io.edgeplane.invalidation.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.CacheStatistics;
import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationRecord;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationSummary;
import io.edgeplane.invalidation.domain.CostModel;
import io.edgeplane.invalidation.domain.DistributionSummary;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.InvalidationListener;
import io.edgeplane.invalidation.domain.InvalidationPlanner;
import io.edgeplane.invalidation.domain.InvalidationScheduler;
import io.edgeplane.invalidation.domain.ObjectPopulation;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The AWS SDK adapters against WireMock stubs of CloudFront's REST/XML API (2020-05-31) and
 * CloudWatch's query API, with the documented error codes and HTTP statuses.
 */
class AwsCloudFrontWireMockTest {
    static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    static final String DIST = "E1WIREMOCK0001";
    static final String BASE = "/2020-05-31/distribution/" + DIST;
    static WireMockServer wireMock;
    static AwsCloudFront cloudFront;
    static AwsCacheStatistics statistics;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(wireMock.baseUrl());
        cloudFront = new AwsCloudFront(CloudFrontClient.builder().region(Region.AWS_GLOBAL).endpointOverride(endpoint)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
        statistics = new AwsCacheStatistics(CloudWatchClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
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

    static String invalidationXml(String id, String status, String reference, List<String> paths) {
        StringBuilder items = new StringBuilder();
        paths.forEach(p -> items.append("<Path>").append(p).append("</Path>"));
        return """
                <?xml version="1.0"?>
                <Invalidation xmlns="%s"><Id>%s</Id><Status>%s</Status><CreateTime>2026-11-22T02:00:03.000Z</CreateTime>
                <InvalidationBatch><Paths><Quantity>%d</Quantity><Items>%s</Items></Paths>
                <CallerReference>%s</CallerReference></InvalidationBatch></Invalidation>""".formatted(NS, id, status,
                paths.size(), items, reference);
    }

    static String errorXml(String code, String message) {
        return """
                <?xml version="1.0"?>
                <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
                <RequestId>4b2ba4e5-8b8c-4a53-9f44-1f0b1c0e7a11</RequestId></ErrorResponse>""".formatted(NS, code, message);
    }

    @Test
    void createInvalidationSendsTheBatchAndReadsTheInvalidation() {
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", "https://cloudfront.amazonaws.com" + BASE + "/invalidation/I2J0I21PCUYOIK")
                .withHeader("Content-Type", "text/xml")
                .withBody(invalidationXml("I2J0I21PCUYOIK", "InProgress", "ref-1", List.of("/a%20b.html", "/img/*")))));

        InvalidationRecord record = cloudFront.create(DIST, "ref-1", List.of("/a%20b.html", "/img/*"));

        assertThat(record.id()).isEqualTo("I2J0I21PCUYOIK");
        assertThat(record.status()).isEqualTo("InProgress");
        assertThat(record.completed()).isFalse();
        assertThat(record.createTime()).isEqualTo(Instant.parse("2026-11-22T02:00:03Z"));
        assertThat(record.items()).containsExactly("/a%20b.html", "/img/*");
        wireMock.verify(postRequestedFor(urlEqualTo(BASE + "/invalidation"))
                .withRequestBody(matchingXPath("//*[local-name()='CallerReference']/text()", equalTo("ref-1")))
                .withRequestBody(matchingXPath("//*[local-name()='Paths']/*[local-name()='Quantity']/text()", equalTo("2")))
                .withRequestBody(containing("<Path>/a%20b.html</Path>")));
    }

    @Test
    void getInvalidationComparesTheStatusCaseInsensitively() {
        wireMock.stubFor(get(urlEqualTo(BASE + "/invalidation/I1")).willReturn(aResponse().withStatus(200)
                .withBody(invalidationXml("I1", "COMPLETED", "ref-1", List.of("/x")))));
        assertThat(cloudFront.get(DIST, "I1").completed()).isTrue();
    }

    @Test
    void listInvalidationsFollowsMarkersUntilOlderThanTheLookback() {
        wireMock.stubFor(get(urlPathEqualTo(BASE + "/invalidation")).withQueryParam("Marker", absent())
                .willReturn(aResponse().withStatus(200).withBody(listXml(true, "I2",
                        summary("I3", "InProgress", "2026-11-22T02:10:00Z") + summary("I2", "Completed", "2026-11-22T02:05:00Z")))));
        wireMock.stubFor(get(urlPathEqualTo(BASE + "/invalidation")).withQueryParam("Marker", equalTo("I2"))
                .willReturn(aResponse().withStatus(200).withBody(listXml(true, "I0",
                        summary("I1", "Completed", "2026-11-22T01:00:00Z")))));
        wireMock.stubFor(get(urlPathEqualTo(BASE + "/invalidation")).withQueryParam("Marker", equalTo("I0"))
                .willReturn(aResponse().withStatus(500).withBody(errorXml("InternalError", "must not be read"))));

        List<InvalidationSummary> recent = cloudFront.listSince(DIST, Instant.parse("2026-11-22T01:30:00Z"));

        assertThat(recent).extracting(InvalidationSummary::id).containsExactly("I3", "I2");
        assertThat(recent.getFirst().completed()).isFalse();
    }

    static String summary(String id, String status, String time) {
        return "<InvalidationSummary><Id>%s</Id><CreateTime>%s</CreateTime><Status>%s</Status></InvalidationSummary>"
                .formatted(id, time, status);
    }

    static String listXml(boolean truncated, String nextMarker, String items) {
        return """
                <?xml version="1.0"?>
                <InvalidationList xmlns="%s"><Marker></Marker><NextMarker>%s</NextMarker><MaxItems>100</MaxItems>
                <IsTruncated>%s</IsTruncated><Quantity>2</Quantity><Items>%s</Items></InvalidationList>"""
                .formatted(NS, nextMarker, truncated, items);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("TooManyInvalidationsInProgress", 400, false),
                Arguments.of("BatchTooLarge", 413, false),
                Arguments.of("InvalidArgument", 400, false),
                Arguments.of("InconsistentQuantities", 400, false),
                Arguments.of("InvalidationBatchAlreadyExists", 409, false),
                Arguments.of("NoSuchDistribution", 404, false),
                Arguments.of("AccessDenied", 403, false),
                Arguments.of("Throttling", 400, true),
                Arguments.of("InternalError", 500, true),
                Arguments.of("ServiceUnavailable", 503, true));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("errors")
    void errorCodesArriveAsFailuresWithCodeStatusAndWhetherToRetry(String code, int status, boolean transientFailure) {
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation"))
                .willReturn(aResponse().withStatus(status).withBody(errorXml(code, "stubbed " + code))));
        CloudFrontFailure failure = catchThrowableOfType(CloudFrontFailure.class,
                () -> cloudFront.create(DIST, "ref", List.of("/a")));
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.isTransient()).isEqualTo(transientFailure);
    }

    @Test
    void aThrottledRequestIsRetriedByTheSchedulerWithTheSameCallerReference() throws Exception {
        wireMock.stubFor(get(urlPathEqualTo(BASE + "/invalidation"))
                .willReturn(aResponse().withStatus(200).withBody(listXml(false, "", ""))));
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(errorXml("Throttling", "Rate exceeded")))
                .willSetStateTo("open"));
        wireMock.stubFor(post(urlEqualTo(BASE + "/invalidation")).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(201).withBody(invalidationXml("I9", "InProgress", "x",
                        List.of("/tenants/t1/a.html")))));
        var scheduler = new InvalidationScheduler(cloudFront, new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                InvalidationScheduler.Settings.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                        .withRate(100, 1),
                Clock.systemUTC(), new InvalidationListener() {
                }, d -> ObjectPopulation.constant(1_000), d -> false);
        Instant now = Instant.now();
        var covered = scheduler.submit(new ChangeBatch("e1", DIST, List.of(InvalidationItem.of("/tenants/t1/a.html")),
                List.of(), now, now, true));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!covered.isDone() && System.nanoTime() < deadline) {
            scheduler.tick();
            Thread.sleep(10);
        }
        assertThat(covered.get().invalidationIds()).containsExactly("I9");
        var requests = wireMock.findAll(postRequestedFor(urlEqualTo(BASE + "/invalidation")));
        assertThat(requests).hasSize(2);
        String reference = "<CallerReference>";
        String first = requests.get(0).getBodyAsString();
        String second = requests.get(1).getBodyAsString();
        assertThat(first.substring(first.indexOf(reference))).isEqualTo(second.substring(second.indexOf(reference)));
    }

    @Test
    void getDistributionIsSummarisedWithStatusAndBehaviors() {
        wireMock.stubFor(get(urlEqualTo("/2020-05-31/distribution/" + DIST)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "E2QWRUHEXAMPLE").withBody("""
                        <?xml version="1.0"?>
                        <Distribution xmlns="%s"><Id>%s</Id><ARN>arn:aws:cloudfront::123456789012:distribution/%s</ARN>
                        <Status>InProgress</Status><LastModifiedTime>2026-11-22T01:00:00Z</LastModifiedTime>
                        <InProgressInvalidationBatches>1</InProgressInvalidationBatches>
                        <DomainName>d111111abcdef8.cloudfront.net</DomainName>
                        <DistributionConfig><CallerReference>cfg</CallerReference>
                        <Aliases><Quantity>1</Quantity><Items><CNAME>cdn.example.com</CNAME></Items></Aliases>
                        <DefaultRootObject>index.html</DefaultRootObject>
                        <Origins><Quantity>1</Quantity><Items><Origin><Id>s3</Id><DomainName>bucket.s3.amazonaws.com</DomainName>
                        <OriginPath></OriginPath></Origin></Items></Origins>
                        <DefaultCacheBehavior><TargetOriginId>s3</TargetOriginId>
                        <ForwardedValues><QueryString>false</QueryString><Cookies><Forward>none</Forward></Cookies>
                        <Headers><Quantity>0</Quantity></Headers></ForwardedValues>
                        <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
                        <MinTTL>0</MinTTL><DefaultTTL>31536000</DefaultTTL><MaxTTL>31536000</MaxTTL><Compress>true</Compress>
                        </DefaultCacheBehavior>
                        <CacheBehaviors><Quantity>1</Quantity><Items><CacheBehavior><PathPattern>/uploads/*</PathPattern>
                        <TargetOriginId>s3</TargetOriginId>
                        <ForwardedValues><QueryString>true</QueryString><Cookies><Forward>all</Forward></Cookies>
                        <Headers><Quantity>2</Quantity><Items><Name>Accept</Name><Name>Origin</Name></Items></Headers>
                        </ForwardedValues><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>
                        <MinTTL>0</MinTTL><DefaultTTL>60</DefaultTTL><MaxTTL>86400</MaxTTL><Compress>false</Compress>
                        </CacheBehavior></Items></CacheBehaviors>
                        <Comment></Comment><PriceClass>PriceClass_100</PriceClass><Enabled>true</Enabled>
                        </DistributionConfig></Distribution>""".formatted(NS, DIST, DIST))));

        DistributionSummary summary = cloudFront.describe(DIST);

        assertThat(summary.status()).isEqualTo("InProgress");
        assertThat(summary.deployed()).isFalse();
        assertThat(summary.domainName()).isEqualTo("d111111abcdef8.cloudfront.net");
        assertThat(summary.defaultRootObject()).isEqualTo("index.html");
        assertThat(summary.aliases()).containsExactly("cdn.example.com");
        assertThat(summary.behaviors()).hasSize(2);
        DistributionSummary.Behavior uploads = summary.behaviors().get(1);
        assertThat(uploads.pathPattern()).isEqualTo("/uploads/*");
        assertThat(uploads.queryStrings()).isEqualTo("all");
        assertThat(uploads.headers()).isEqualTo(2);
        assertThat(uploads.cookies()).isEqualTo("all");
        assertThat(uploads.defaultTtl()).isEqualTo(60);
    }

    @Test
    void cloudWatchStatisticsComeFromOneGetMetricDataCallInTheCloudFrontNamespace() {
        wireMock.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetMetricData"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                          <GetMetricDataResult><MetricDataResults>
                            %s%s%s%s%s%s
                          </MetricDataResults><Messages/></GetMetricDataResult>
                          <ResponseMetadata><RequestId>6f0d4192-4d42-11e8-82c1-f539a07e0e3b</RequestId></ResponseMetadata>
                        </GetMetricDataResponse>""".formatted(result("requests", 1200, 800), result("bytes", 5e6, 3e6),
                        result("hitrate", 70, 74), result("err4xx", 2, 4), result("err5xx", 0.5, 0.1),
                        result("latency", 120, 80)))));

        Instant to = Instant.parse("2026-11-22T03:00:00Z");
        CacheStatistics stats = statistics.fetch(DIST, to.minus(Duration.ofHours(1)), to);

        assertThat(stats.requests()).isEqualTo(2000);
        assertThat(stats.bytesDownloaded()).isEqualTo(8e6);
        assertThat(stats.cacheHitRate()).isEqualTo(72);
        assertThat(stats.errorRate4xx()).isEqualTo(3);
        assertThat(stats.errorRate5xx()).isEqualTo(0.3);
        assertThat(stats.originLatencyMillis()).isEqualTo(100);
        String body = wireMock.findAll(postRequestedFor(urlEqualTo("/"))).getFirst().getBodyAsString();
        assertThat(body).contains("Namespace=AWS%2FCloudFront", "MetricName=CacheHitRate", "Name=DistributionId",
                "Value=" + DIST, "Name=Region", "Value=Global", "Stat=Sum", "Stat=Average", "Stat=p90");
    }

    static String result(String id, double a, double b) {
        return """
                <member><Id>%s</Id><Label>%s</Label><StatusCode>Complete</StatusCode>
                <Timestamps><member>2026-11-22T02:00:00Z</member><member>2026-11-22T02:30:00Z</member></Timestamps>
                <Values><member>%s</member><member>%s</member></Values></member>""".formatted(id, id, a, b);
    }
}
