package io.edgeplane.dns.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.edgeplane.dns.domain.DistributionRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.Hostname;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/** The CloudFront adapter against WireMock stubs of the 2020-05-31 XML API. */
class AwsDistributionsTest {
    private static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    private static WireMockServer wire;
    private static AwsDistributions distributions;

    @BeforeAll
    static void start() {
        wire = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wire.start();
        CloudFrontClient client = CloudFrontClient.builder().endpointOverride(URI.create(wire.baseUrl()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        distributions = new AwsDistributions(client);
    }

    @AfterAll
    static void stop() {
        wire.stop();
    }

    @BeforeEach
    void reset() {
        wire.resetAll();
    }

    static DistributionSpec spec() {
        return DistributionSpec.forTenant("ent-1", new Hostname("ent-1", "example.com"), "shop.ent1.com", "e1",
                new DistributionSpec.Settings("edgeplane-distribution.s3.us-east-1.amazonaws.com", "E1OACEDGEPLANE",
                        "/tenants/{tenantId}/deployments/current", "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                        "PriceClass_100", "whitelist", List.of("DE", "FR"), "api.example.com",
                        "arn:aws:cloudfront::123456789012:function/spa-routing",
                        "arn:aws:cloudfront::123456789012:function/security-headers"));
    }

    private static String distribution(String id, String status) {
        return """
                <Distribution xmlns="%s"><Id>%s</Id><ARN>arn:aws:cloudfront::123456789012:distribution/%s</ARN>\
                <Status>%s</Status><LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime>\
                <InProgressInvalidationBatches>0</InProgressInvalidationBatches><DomainName>d2ent1abcdef.cloudfront.net</DomainName>\
                <DistributionConfig><CallerReference>x</CallerReference><Comment>edgeplane tenant ent-1</Comment>\
                <Enabled>true</Enabled></DistributionConfig></Distribution>""".formatted(NS, id, id, status);
    }

    @Test
    void createDistributionWithTagsSendsTheSeedsConfiguration() {
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/distribution")).withQueryParam("WithTags", equalTo(""))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "text/xml")
                        .withHeader("ETag", "E2QWRUHEXAMPLE")
                        .withHeader("Location", "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2ENT1")
                        .withBody(distribution("E2ENT1", "InProgress"))));

        DistributionRef created = distributions.create(spec());

        assertThat(created.id()).isEqualTo("E2ENT1");
        assertThat(created.domainName()).isEqualTo("d2ent1abcdef.cloudfront.net");
        assertThat(created.deployed()).isFalse();
        wire.verify(postRequestedFor(urlPathEqualTo("/2020-05-31/distribution"))
                .withRequestBody(containing("<DistributionConfigWithTags"))
                .withRequestBody(containing("<CallerReference>edgeplane-ent-1-e1</CallerReference>"))
                .withRequestBody(containing("<CNAME>ent-1.example.com</CNAME>"))
                .withRequestBody(containing("<CNAME>shop.ent1.com</CNAME>"))
                .withRequestBody(containing("<OriginAccessControlId>E1OACEDGEPLANE</OriginAccessControlId>"))
                .withRequestBody(containing("<OriginPath>/tenants/ent-1/deployments/current</OriginPath>"))
                .withRequestBody(containing("<ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>"))
                .withRequestBody(containing("<Compress>true</Compress>"))
                .withRequestBody(containing("<DefaultTTL>31536000</DefaultTTL>"))
                .withRequestBody(containing("<PathPattern>*.html</PathPattern>"))
                .withRequestBody(containing("<DefaultTTL>3600</DefaultTTL>"))
                .withRequestBody(containing("<PathPattern>/uploads/*</PathPattern>"))
                .withRequestBody(containing("<DefaultTTL>86400</DefaultTTL>"))
                .withRequestBody(containing("<PathPattern>/api/*</PathPattern>"))
                .withRequestBody(containing("<ResponsePagePath>/404.html</ResponsePagePath>"))
                .withRequestBody(containing("<ResponsePagePath>/503.html</ResponsePagePath>"))
                .withRequestBody(containing("<HttpVersion>http2and3</HttpVersion>"))
                .withRequestBody(containing("<MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion>"))
                .withRequestBody(containing("<SSLSupportMethod>sni-only</SSLSupportMethod>"))
                .withRequestBody(containing("<ACMCertificateArn>arn:aws:acm:us-east-1:123456789012:certificate/abc</ACMCertificateArn>"))
                .withRequestBody(containing("<RestrictionType>whitelist</RestrictionType>"))
                .withRequestBody(containing("<Location>DE</Location>"))
                .withRequestBody(containing("<EventType>viewer-response</EventType>"))
                .withRequestBody(containing("<Key>edgeplane:managed</Key><Value>true</Value>"))
                .withRequestBody(containing("<Key>edgeplane:tenant</Key><Value>ent-1</Value>")));
    }

    @ParameterizedTest(name = "{0} -> transient={1}")
    @CsvSource({"Throttling, true", "TooManyDistributions, false", "CNAMEAlreadyExists, false",
            "DistributionAlreadyExists, false"})
    void createErrorsAreSorted(String code, boolean transientFailure) {
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/distribution")).willReturn(aResponse().withStatus(
                code.equals("CNAMEAlreadyExists") || code.equals("DistributionAlreadyExists") ? 409 : 400)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>no</Message>\
                        </Error><RequestId>1</RequestId></ErrorResponse>""".formatted(NS, code))));

        DnsApiException e = catchThrowableOfType(DnsApiException.class, () -> distributions.create(spec()));

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.isTransient()).isEqualTo(transientFailure);
    }

    @Test
    void listDistributionsFollowsMarkersAndKeepsOnlyThoseTaggedAsOurs() {
        String summary = """
                <DistributionSummary><Id>%s</Id><ARN>arn:aws:cloudfront::123456789012:distribution/%s</ARN>\
                <Status>Deployed</Status><LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime>\
                <DomainName>%s.cloudfront.net</DomainName><Aliases><Quantity>0</Quantity></Aliases>\
                <Comment>%s</Comment><PriceClass>PriceClass_All</PriceClass><Enabled>true</Enabled>\
                <HttpVersion>http2and3</HttpVersion><IsIPV6Enabled>true</IsIPV6Enabled><Staging>false</Staging>\
                </DistributionSummary>""";
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/distribution")).withQueryParam("Marker", equalTo("E2PAGE2")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <DistributionList xmlns="%s"><Marker>E2PAGE2</Marker><MaxItems>2</MaxItems>\
                        <IsTruncated>false</IsTruncated><Quantity>1</Quantity><Items>%s</Items></DistributionList>"""
                        .formatted(NS, summary.formatted("E3", "E3", "d3", "edgeplane tenant t3")))));
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/distribution")).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <DistributionList xmlns="%s"><Marker></Marker><NextMarker>E2PAGE2</NextMarker>\
                        <MaxItems>2</MaxItems><IsTruncated>true</IsTruncated><Quantity>2</Quantity><Items>%s%s</Items>\
                        </DistributionList>""".formatted(NS, summary.formatted("E1", "E1", "d1", "shared site"),
                        summary.formatted("E2", "E2", "d2", "edgeplane tenant t2")))));
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/tagging")).withQueryParam("Resource",
                equalTo("arn:aws:cloudfront::123456789012:distribution/E2")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/xml").withBody("""
                                <Tags xmlns="%s"><Items><Tag><Key>edgeplane:managed</Key><Value>true</Value></Tag>\
                                <Tag><Key>edgeplane:tenant</Key><Value>t2</Value></Tag></Items></Tags>""".formatted(NS))));
        // A copied comment without our tags is not ours.
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/tagging")).withQueryParam("Resource",
                equalTo("arn:aws:cloudfront::123456789012:distribution/E3")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/xml").withBody("""
                                <Tags xmlns="%s"><Items><Tag><Key>team</Key><Value>other</Value></Tag></Items></Tags>"""
                                .formatted(NS))));

        List<DistributionRef> ours = distributions.listOurs();

        assertThat(ours).extracting(DistributionRef::id).containsExactly("E2");
        assertThat(ours.getFirst().tenantId()).isEqualTo("t2");
        wire.verify(0, getRequestedFor(urlPathEqualTo("/2020-05-31/tagging")).withQueryParam("Resource",
                equalTo("arn:aws:cloudfront::123456789012:distribution/E1")));
    }

    @Test
    void getDistributionReportsDeployment() {
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/distribution/E2ENT1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withHeader("ETag", "E2QW").withBody(distribution("E2ENT1",
                        "Deployed"))));
        assertThat(distributions.get("E2ENT1").deployed()).isTrue();
    }
}
