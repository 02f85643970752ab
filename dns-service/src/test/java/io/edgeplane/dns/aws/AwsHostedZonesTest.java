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
import io.edgeplane.dns.domain.AliasTarget;
import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.ChangeBatch;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.ChangeStatus;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordPage;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.ZoneCapacity;
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
import software.amazon.awssdk.services.route53.Route53Client;

/** The Route 53 adapter against WireMock stubs of the 2013-04-01 XML API and its documented errors. */
class AwsHostedZonesTest {
    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static WireMockServer wire;
    private static AwsHostedZones zones;

    @BeforeAll
    static void start() {
        wire = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wire.start();
        // Configured as the service does: the adapter's caller paces and retries, the SDK does not.
        Route53Client client = Route53Client.builder().endpointOverride(URI.create(wire.baseUrl()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        zones = new AwsHostedZones(client);
    }

    @AfterAll
    static void stop() {
        wire.stop();
    }

    @BeforeEach
    void reset() {
        wire.resetAll();
    }

    private static ChangeBatch batch() {
        AliasTarget cf = AliasTarget.cloudFront("d111111abcdef8.cloudfront.net");
        return new ChangeBatch(List.of(new ChangeGroup("acme", List.of(
                new Change(ChangeAction.CREATE, RecordSet.alias("acme.example.com", RecordType.A, cf)),
                new Change(ChangeAction.CREATE, RecordSet.alias("acme.example.com", RecordType.AAAA, cf)))),
                new ChangeGroup("old", List.of(new Change(ChangeAction.DELETE,
                        RecordSet.of("old.example.com", RecordType.CNAME, 300, "d111111abcdef8.cloudfront.net"))))));
    }

    @Test
    void changeResourceRecordSetsSendsAliasesToCloudFrontsZoneAndReturnsTheChangeId() {
        wire.stubFor(post(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset/")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ChangeResourceRecordSetsResponse xmlns="%s"><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id>\
                        <Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt>\
                        <Comment>edgeplane</Comment></ChangeInfo></ChangeResourceRecordSetsResponse>""".formatted(NS))));

        String id = zones.submit("Z1PA6795UKMFR9", batch(), "edgeplane: 2 tenant(s)");

        assertThat(id).endsWith("C2682N5HXP0BZ4");
        wire.verify(postRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset/"))
                .withRequestBody(containing("<Action>CREATE</Action>"))
                .withRequestBody(containing("<Name>acme.example.com.</Name>"))
                .withRequestBody(containing("<HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId>"))
                .withRequestBody(containing("<DNSName>d111111abcdef8.cloudfront.net.</DNSName>"))
                .withRequestBody(containing("<EvaluateTargetHealth>false</EvaluateTargetHealth>"))
                .withRequestBody(containing("<Action>DELETE</Action>"))
                .withRequestBody(containing("<TTL>300</TTL>"))
                .withRequestBody(containing("<Value>d111111abcdef8.cloudfront.net</Value>"))
                .withRequestBody(containing("<Comment>edgeplane: 2 tenant(s)</Comment>")));
    }

    @ParameterizedTest(name = "{0} -> transient={1}")
    @CsvSource({"Throttling, Rate exceeded, true",
            "PriorRequestNotComplete, The request was rejected because Route 53 was still processing a prior request., true",
            "NoSuchHostedZone, No hosted zone found with ID: Z1PA6795UKMFR9, false",
            "AccessDenied, User is not authorized, false"})
    void documentedErrorsAreSortedTransientOrNot(String code, String message, boolean transientFailure) {
        wire.stubFor(post(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset/")).willReturn(aResponse()
                .withStatus(code.equals("AccessDenied") ? 403 : code.equals("NoSuchHostedZone") ? 404 : 400)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message>\
                        </Error><RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></ErrorResponse>"""
                        .formatted(NS, code, message))));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> zones.submit("Z1PA6795UKMFR9", batch(), "c"));

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.isTransient()).isEqualTo(transientFailure);
        assertThat(e.isInvalidBatch()).isFalse();
        wire.verify(1, postRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset/")));
    }

    @Test
    void invalidChangeBatchListsEveryBadChangeSoTheWriterCanIsolateThem() {
        // Route 53's current form: a standard ErrorResponse whose message lists the problems in brackets.
        wire.stubFor(post(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset/")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>InvalidChangeBatch</Code>                        <Message>[Tried to create resource record set [name='acme.example.com.', type='A'] but it already                         exists, Tried to delete resource record set [name='old.example.com.', type='CNAME'] but it was not                         found]</Message></Error><RequestId>ca6b6a9b-f2be-44c9-8d94-f7dfb3448d10</RequestId></ErrorResponse>"""
                        .formatted(NS))));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> zones.submit("Z1PA6795UKMFR9", batch(), "c"));

        assertThat(e.code()).isEqualTo("InvalidChangeBatch");
        assertThat(e.isInvalidBatch()).isTrue();
        assertThat(e.isTransient()).isFalse();
        ChangeBatch.Split split = batch().afterFailure(e.messages());
        assertThat(split.isolated()).extracting(ChangeGroup::owner).containsExactly("acme", "old");
    }

    @Test
    void theLegacyInvalidChangeBatchDocumentStillCountsAsABadBatch() {
        wire.stubFor(post(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset/")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <InvalidChangeBatch xmlns="%s"><Messages>                        <Message>Tried to create resource record set [name='acme.example.com.', type='A'] but it already exists</Message>                        </Messages><RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></InvalidChangeBatch>"""
                        .formatted(NS))));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> zones.submit("Z1PA6795UKMFR9", batch(), "c"));

        assertThat(e.isInvalidBatch()).isTrue();
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void getChangeReportsPendingThenInSync() {
        wire.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <GetChangeResponse xmlns="%s"><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id>\
                        <Status>INSYNC</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo>\
                        </GetChangeResponse>""".formatted(NS))));
        wire.stubFor(get(urlPathEqualTo("/2013-04-01/change/CPENDING")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <GetChangeResponse xmlns="%s"><ChangeInfo><Id>/change/CPENDING</Id>\
                        <Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo>\
                        </GetChangeResponse>""".formatted(NS))));

        assertThat(zones.status("/change/C2682N5HXP0BZ4")).isEqualTo(ChangeStatus.INSYNC);
        assertThat(zones.status("/change/CPENDING")).isEqualTo(ChangeStatus.PENDING);
    }

    @Test
    void listResourceRecordSetsPagesByNextNameAndTypeAndDecodesWildcards() {
        wire.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ListResourceRecordSetsResponse xmlns="%s"><ResourceRecordSets>\
                        <ResourceRecordSet><Name>\\052.example.com.</Name><Type>A</Type><AliasTarget>\
                        <HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId><DNSName>d1.cloudfront.net.</DNSName>\
                        <EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>\
                        <ResourceRecordSet><Name>legacy.example.com.</Name><Type>CNAME</Type><TTL>60</TTL>\
                        <ResourceRecords><ResourceRecord><Value>shop.example.net</Value></ResourceRecord>\
                        </ResourceRecords></ResourceRecordSet></ResourceRecordSets><IsTruncated>true</IsTruncated>\
                        <NextRecordName>m.example.com.</NextRecordName><NextRecordType>AAAA</NextRecordType>\
                        <MaxItems>2</MaxItems></ListResourceRecordSetsResponse>""".formatted(NS))));

        RecordPage page = zones.list("Z1PA6795UKMFR9", new RecordKey("a.example.com", RecordType.A), 2);

        assertThat(page.records()).extracting(RecordSet::describe).containsExactly(
                "*.example.com A ALIAS d1.cloudfront.net", "legacy.example.com CNAME 60 shop.example.net");
        assertThat(page.next()).isEqualTo(new RecordKey("m.example.com", RecordType.AAAA));
        wire.verify(getRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/Z1PA6795UKMFR9/rrset"))
                .withQueryParam("name", equalTo("a.example.com.")).withQueryParam("type", equalTo("A"))
                .withQueryParam("maxitems", equalTo("2")));
    }

    @Test
    void capacityIsTheZonesRecordSetLimitAndItsResourceRecordSetCount() {
        wire.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzonelimit/Z0ZONE/MAX_RRSETS_BY_ZONE"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <GetHostedZoneLimitResponse xmlns="%s">
                          <Limit><Type>MAX_RRSETS_BY_ZONE</Type><Value>25000</Value></Limit>
                          <Count>9998</Count>
                        </GetHostedZoneLimitResponse>""".formatted(NS))));
        wire.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z0ZONE"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <GetHostedZoneResponse xmlns="%s">
                          <HostedZone>
                            <Id>/hostedzone/Z0ZONE</Id><Name>example.com.</Name>
                            <CallerReference>ref</CallerReference>
                            <Config><PrivateZone>false</PrivateZone></Config>
                            <ResourceRecordSetCount>10001</ResourceRecordSetCount>
                          </HostedZone>
                          <DelegationSet><NameServers><NameServer>ns-1.awsdns-00.com</NameServer></NameServers></DelegationSet>
                        </GetHostedZoneResponse>""".formatted(NS))));
        ZoneCapacity capacity = zones.capacity("Z0ZONE");
        assertThat(capacity).isEqualTo(new ZoneCapacity(25_000, 10_001));
        wire.verify(getRequestedFor(urlPathEqualTo("/2013-04-01/hostedzonelimit/Z0ZONE/MAX_RRSETS_BY_ZONE")));
        wire.verify(getRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/Z0ZONE")));
    }

    @Test
    void capacityOfAnUnknownZoneIsNoSuchHostedZone() {
        wire.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzonelimit/Z0NOPE/MAX_RRSETS_BY_ZONE"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code>
                        <Message>No hosted zone found with ID: Z0NOPE</Message></Error><RequestId>r</RequestId></ErrorResponse>"""
                        .formatted(NS))));
        DnsApiException e = catchThrowableOfType(DnsApiException.class, () -> zones.capacity("Z0NOPE"));
        assertThat(e.code()).isEqualTo("NoSuchHostedZone");
        assertThat(e.isTransient()).isFalse();
    }
}
