package io.edgeplane.dns.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.edgeplane.dns.domain.ConnectionGroupRef;
import io.edgeplane.dns.domain.DistributionTenantPage;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenantSpec;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsCheck;
import io.edgeplane.dns.domain.ManagedCertificate;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

/**
 * The CloudFront SaaS Manager adapter against WireMock stubs of the 2020-05-31 REST-XML API, with the response and
 * error documents written from the API reference's response syntax (CreateDistributionTenant,
 * GetDistributionTenant, UpdateDistributionTenant, DeleteDistributionTenant, ListDistributionTenants,
 * GetManagedCertificateDetails, VerifyDnsConfiguration, GetConnectionGroup, CreateConnectionGroup).
 * One deliberate difference: the reference's syntax names the items of Domains, Parameters and
 * ValidationTokenDetails {@code <DomainItem>}, {@code <DomainResult>}, {@code <Parameter>} and
 * {@code <ValidationTokenDetail>}, but the SDK's model (2.40.2) has no member name for those lists, so it sends and
 * reads {@code <member>} (as the Rust SDK does); a document with the reference's names parses to empty lists. The
 * stubs use {@code <member>}, and {@link #aTenantDocumentWhoseDomainsTheSdkCannotReadFailsLoudly} pins what the
 * adapter does if CloudFront ever answered with the reference's names.
 */
class AwsDistributionTenantsTest {
    private static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    private static final String TENANT = "/2020-05-31/distribution-tenant";
    private static final String MTD = "E1MULTITENANT";
    private static WireMockServer wire;
    private static AwsDistributionTenants tenants;

    @BeforeAll
    static void start() {
        wire = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wire.start();
        CloudFrontClient client = CloudFrontClient.builder().endpointOverride(URI.create(wire.baseUrl()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        tenants = new AwsDistributionTenants(client);
    }

    @AfterAll
    static void stop() {
        wire.stop();
    }

    @BeforeEach
    void reset() {
        wire.resetAll();
    }

    static DistributionTenantSpec spec(String tenantId, String... domains) {
        return new DistributionTenantSpec(DistributionTenantSpec.nameOf(tenantId), MTD, List.of(domains),
                Map.of("tenantId", tenantId, "originPath", "/tenants/" + tenantId),
                Map.of("edgeplane:managed", "true", "edgeplane:tenant", tenantId), "cg_2wjEDGEPLANE",
                new DistributionTenantSpec.CertificateRequest(DistributionTenantSpec.Validation.CLOUDFRONT, domains[0]),
                true);
    }

    /** A DistributionTenant document as GetDistributionTenant documents it; tags null: no Tags element. */
    static String tenant(String id, String name, Map<String, String> tags, boolean enabled, String status,
            String domainStatus, String... domains) {
        String domainResults = Arrays.stream(domains).map(d -> "<member><Domain>" + d + "</Domain><Status>"
                + domainStatus + "</Status></member>").collect(Collectors.joining());
        String tagItems = tags == null ? "" : "<Tags><Items>" + tags.entrySet().stream().map(e -> "<Tag><Key>"
                + e.getKey() + "</Key><Value>" + e.getValue() + "</Value></Tag>").collect(Collectors.joining())
                + "</Items></Tags>";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <DistributionTenant xmlns="%s"><Arn>arn:aws:cloudfront::123456789012:distribution-tenant/%s</Arn>\
                <ConnectionGroupId>cg_2wjEDGEPLANE</ConnectionGroupId><CreatedTime>2026-01-01T00:00:00Z</CreatedTime>\
                <DistributionId>%s</DistributionId><Domains>%s</Domains><Enabled>%s</Enabled><Id>%s</Id>\
                <LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><Name>%s</Name><Parameters>\
                <member><Name>originPath</Name><Value>/tenants/t1</Value></member>\
                <member><Name>tenantId</Name><Value>t1</Value></member></Parameters>\
                <Status>%s</Status>%s</DistributionTenant>"""
                .formatted(NS, id, MTD, domainResults, enabled, id, name, status, tagItems);
    }

    static Map<String, String> ours(String tenantId) {
        return Map.of("edgeplane:managed", "true", "edgeplane:tenant", tenantId);
    }

    static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return xml(status, """
                <?xml version="1.0"?>
                <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>\
                <RequestId>b7c1d3e5-0000-4000-8000-000000000001</RequestId></ErrorResponse>"""
                .formatted(NS, code, message));
    }

    // --- create ---

    @Test
    void createSendsTheWholeSpecAndReturnsTheTenantDeployingWithInactiveDomains() {
        wire.stubFor(post(urlPathEqualTo(TENANT)).willReturn(xml(201, tenant("dt_1", "edgeplane-t1", ours("t1"), true,
                "InProgress", "inactive", "shop.t1.com", "www.t1.com")).withHeader("ETag", "E1CREATED")
                .withHeader("Location", "https://cloudfront.amazonaws.com/2020-05-31/distribution-tenant/dt_1")));

        DistributionTenantRef created = tenants.create(spec("t1", "shop.t1.com", "www.t1.com"));

        assertThat(created.id()).isEqualTo("dt_1");
        assertThat(created.etag()).isEqualTo("E1CREATED");
        assertThat(created.deployed()).isFalse();
        assertThat(created.status()).isEqualTo("InProgress");
        assertThat(created.domains()).extracting(DistributionTenantRef.Domain::active).containsExactly(false, false);
        assertThat(created.domainsActive()).isFalse();
        assertThat(created.tenantId()).isEqualTo("t1");
        assertThat(created.parameters()).containsEntry("tenantId", "t1");
        wire.verify(postRequestedFor(urlPathEqualTo(TENANT))
                .withRequestBody(containing("<CreateDistributionTenantRequest xmlns=\"" + NS + "\">"))
                .withRequestBody(containing("<DistributionId>" + MTD + "</DistributionId>"))
                .withRequestBody(containing("<Name>edgeplane-t1</Name>"))
                .withRequestBody(containing("<member><Domain>shop.t1.com</Domain></member>"))
                .withRequestBody(containing("<member><Domain>www.t1.com</Domain></member>"))
                .withRequestBody(containing("<Tag><Key>edgeplane:managed</Key><Value>true</Value></Tag>"))
                .withRequestBody(containing("<Tag><Key>edgeplane:tenant</Key><Value>t1</Value></Tag>"))
                .withRequestBody(containing("<member><Name>originPath</Name>"
                        + "<Value>/tenants/t1</Value></member>"))
                .withRequestBody(containing("<ConnectionGroupId>cg_2wjEDGEPLANE</ConnectionGroupId>"))
                .withRequestBody(containing("<ManagedCertificateRequest>"))
                .withRequestBody(containing("<ValidationTokenHost>cloudfront</ValidationTokenHost>"))
                .withRequestBody(containing("<PrimaryDomainName>shop.t1.com</PrimaryDomainName>"))
                .withRequestBody(containing("<Enabled>true</Enabled>")));
    }

    @Test
    void aNameTakenByAnotherEdgeplaneTenantIsRefusedNotAdopted() {
        wire.stubFor(post(urlPathEqualTo(TENANT)).willReturn(error(409, "EntityAlreadyExists",
                "The entity already exists.")));
        wire.stubFor(get(urlPathEqualTo(TENANT + "/edgeplane-t1")).willReturn(xml(200, tenant("dt_9", "edgeplane-t1",
                ours("t-other"), true, "Deployed", "active", "shop.other.com")).withHeader("ETag", "E9")));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> tenants.create(spec("t1", "shop.t1.com")));

        assertThat(e.code()).isEqualTo("EntityAlreadyExists");
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("'edgeplane-t1'", "edgeplane:tenant=t-other", "dt_9",
                "name-owned-by-another");
    }

    @Test
    void aNameTakenByATenantEdgeplaneDoesNotManageIsRefused() {
        wire.stubFor(post(urlPathEqualTo(TENANT)).willReturn(error(409, "EntityAlreadyExists",
                "The entity already exists.")));
        // No Tags in the Get answer: the adapter asks ListTagsForResource before judging.
        wire.stubFor(get(urlPathEqualTo(TENANT + "/edgeplane-t1")).willReturn(xml(200, tenant("dt_8", "edgeplane-t1",
                null, true, "Deployed", "active", "shop.t1.com")).withHeader("ETag", "E8")));
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/tagging")).withQueryParam("Resource",
                equalTo("arn:aws:cloudfront::123456789012:distribution-tenant/dt_8")).willReturn(xml(200, """
                        <Tags xmlns="%s"><Items><Tag><Key>team</Key><Value>web</Value></Tag></Items></Tags>"""
                        .formatted(NS))));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> tenants.create(spec("t1", "shop.t1.com")));

        assertThat(e.code()).isEqualTo("EntityAlreadyExists");
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("does not manage", "dt_8");
    }

    @Test
    void aNameTakenByATenantIamDoesNotLetUsReadIsRefused() {
        wire.stubFor(post(urlPathEqualTo(TENANT)).willReturn(error(409, "EntityAlreadyExists",
                "The entity already exists.")));
        // deploy/iam allows GetDistributionTenant only on tenants tagged edgeplane:managed=true.
        wire.stubFor(get(urlPathEqualTo(TENANT + "/edgeplane-t1")).willReturn(error(403, "AccessDenied",
                "User is not authorized to perform: cloudfront:GetDistributionTenant")));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> tenants.create(spec("t1", "shop.t1.com")));

        assertThat(e.code()).isEqualTo("EntityAlreadyExists");
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("'edgeplane-t1'", "may not read", "name-owned-by-another");
    }

    @Test
    void createReplayedAfterACrashReturnsTheTenantCreatedBeforeAndCreatesNothing() {
        wire.stubFor(post(urlPathEqualTo(TENANT)).willReturn(error(409, "EntityAlreadyExists",
                "The entity already exists.")));
        wire.stubFor(get(urlPathEqualTo(TENANT + "/edgeplane-t1")).willReturn(xml(200, tenant("dt_1", "edgeplane-t1",
                ours("t1"), true, "InProgress", "inactive", "shop.t1.com")).withHeader("ETag", "E1AGAIN")));

        DistributionTenantRef replayed = tenants.create(spec("t1", "shop.t1.com"));

        assertThat(replayed.id()).isEqualTo("dt_1");
        assertThat(replayed.etag()).isEqualTo("E1AGAIN");
        wire.verify(1, postRequestedFor(urlPathEqualTo(TENANT)));
        wire.verify(1, getRequestedFor(urlPathEqualTo(TENANT + "/edgeplane-t1")));
    }

    @ParameterizedTest(name = "{1} (HTTP {0}) -> transient={2}")
    @CsvSource(delimiter = '|', value = {
            "400|EntityLimitExceeded|false|Your request exceeds the maximum number of distribution tenants.",
            "409|CNAMEAlreadyExists|false|One or more of the CNAMEs you provided are already associated with a different resource.",
            "400|InvalidArgument|false|The domain name shop..t1.com is not valid.",
            "403|AccessDenied|false|Access denied.",
            "400|Throttling|true|Rate exceeded",
            "500|InternalError|true|We encountered an internal error. Please try again.",
            "503|ServiceUnavailable|true|Service unavailable"})
    void createErrorsKeepTheirCodeAndAreSortedTransientOrNot(int status, String code, boolean transientFailure,
            String message) {
        wire.stubFor(post(urlPathEqualTo(TENANT)).willReturn(error(status, code, message)));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> tenants.create(spec("t1", "shop..t1.com")));

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.isTransient()).isEqualTo(transientFailure);
        assertThat(e.messages()).containsExactly(message);
        // Only the name's conflict leads to a lookup; no other error is mistaken for a replay.
        wire.verify(0, getRequestedFor(urlPathEqualTo(TENANT + "/edgeplane-t1")));
    }

    @Test
    void aConnectionResetIsTransient() {
        wire.stubFor(post(urlPathEqualTo(TENANT)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> tenants.create(spec("t1", "shop.t1.com")));

        assertThat(e.isTransient()).isTrue();
    }

    // --- find, update, disable, delete ---

    @Test
    void findReturnsNullWhenThereIsNone() {
        wire.stubFor(get(urlPathEqualTo(TENANT + "/edgeplane-nobody")).willReturn(error(404, "EntityNotFound",
                "The entity was not found.")));

        assertThat(tenants.find("edgeplane-nobody")).isNull();
    }

    @Test
    void aTenantDocumentWhoseDomainsTheSdkCannotReadFailsLoudly() {
        String documented = tenant("dt_1", "edgeplane-t1", ours("t1"), true, "Deployed", "active", "shop.t1.com")
                .replace("<member><Domain>", "<DomainResult><Domain>").replace("</Status></member>",
                        "</Status></DomainResult>");
        wire.stubFor(get(urlPathEqualTo(TENANT + "/dt_1")).willReturn(xml(200, documented).withHeader("ETag", "E1")));

        DnsApiException e = catchThrowableOfType(DnsApiException.class, () -> tenants.find("dt_1"));

        assertThat(e.code()).isEqualTo("UnreadableAnswer");
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("dt_1", "Domains", "tenant-has-domains");
    }

    @Test
    void findReadsTheTenantWithItsETagAndDomainStates() {
        wire.stubFor(get(urlPathEqualTo(TENANT + "/dt_1")).willReturn(xml(200, tenant("dt_1", "edgeplane-t1",
                ours("t1"), true, "Deployed", "active", "shop.t1.com")).withHeader("ETag", "E1DEPLOYED")));

        DistributionTenantRef found = tenants.find("dt_1");

        assertThat(found.deployed()).isTrue();
        assertThat(found.domainsActive()).isTrue();
        assertThat(found.etag()).isEqualTo("E1DEPLOYED");
        assertThat(found.connectionGroupId()).isEqualTo("cg_2wjEDGEPLANE");
        assertThat(found.multiTenantDistributionId()).isEqualTo(MTD);
    }

    static DistributionTenantRef current(boolean enabled, String... domains) {
        return new DistributionTenantRef("dt_1", "edgeplane-t1", MTD, Arrays.stream(domains)
                .map(d -> new DistributionTenantRef.Domain(d, true)).toList(),
                Map.of("tenantId", "t1", "originPath", "/tenants/t1"), ours("t1"),
                "cg_2wjEDGEPLANE", enabled, "Deployed", "E1CURRENT");
    }

    @Test
    void aStaleETagOnUpdateIsPreconditionFailedNotTransient() {
        wire.stubFor(put(urlPathEqualTo(TENANT + "/dt_1")).willReturn(error(412, "PreconditionFailed",
                "The precondition in one or more of the request fields evaluated to false.")));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> tenants.update(current(true, "shop.t1.com"), spec("t1", "shop.t1.com")));

        assertThat(e.code()).isEqualTo("PreconditionFailed");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void updateSendsIfMatchAndTheFullDesiredStateWithoutANewCertificateWhenDomainsAreUnchanged() {
        wire.stubFor(put(urlPathEqualTo(TENANT + "/dt_1")).willReturn(xml(200, tenant("dt_1", "edgeplane-t1", null,
                true, "InProgress", "active", "shop.t1.com")).withHeader("ETag", "E1UPDATED")));

        DistributionTenantRef updated = tenants.update(current(true, "shop.t1.com"), spec("t1", "shop.t1.com"));

        assertThat(updated.etag()).isEqualTo("E1UPDATED");
        // The update answer may omit tags: the ones held are kept, no ListTagsForResource.
        assertThat(updated.tenantId()).isEqualTo("t1");
        wire.verify(0, getRequestedFor(urlPathEqualTo("/2020-05-31/tagging")));
        wire.verify(putRequestedFor(urlPathEqualTo(TENANT + "/dt_1")).withHeader("If-Match", equalTo("E1CURRENT"))
                .withRequestBody(containing("<UpdateDistributionTenantRequest xmlns=\"" + NS + "\">"))
                .withRequestBody(containing("<DistributionId>" + MTD + "</DistributionId>"))
                .withRequestBody(containing("<member><Domain>shop.t1.com</Domain></member>"))
                .withRequestBody(containing("<member><Name>tenantId</Name><Value>t1</Value></member>"))
                .withRequestBody(containing("<ConnectionGroupId>cg_2wjEDGEPLANE</ConnectionGroupId>"))
                .withRequestBody(containing("<Enabled>true</Enabled>"))
                .withRequestBody(notContaining("ManagedCertificateRequest")));
    }

    @Test
    void updateWithANewDomainRequestsACertificateCoveringIt() {
        wire.stubFor(put(urlPathEqualTo(TENANT + "/dt_1")).willReturn(xml(200, tenant("dt_1", "edgeplane-t1",
                ours("t1"), true, "InProgress", "inactive", "shop.t1.com", "www.t1.com")).withHeader("ETag", "E1U")));

        DistributionTenantRef updated = tenants.update(current(true, "shop.t1.com"),
                spec("t1", "shop.t1.com", "www.t1.com"));

        assertThat(updated.domains()).extracting(DistributionTenantRef.Domain::domain)
                .containsExactly("shop.t1.com", "www.t1.com");
        wire.verify(putRequestedFor(urlPathEqualTo(TENANT + "/dt_1")).withHeader("If-Match", equalTo("E1CURRENT"))
                .withRequestBody(containing("<member><Domain>www.t1.com</Domain></member>"))
                .withRequestBody(containing("<PrimaryDomainName>shop.t1.com</PrimaryDomainName>")));
    }

    @Test
    void disableSendsTheCurrentStateWithEnabledFalse() {
        wire.stubFor(put(urlPathEqualTo(TENANT + "/dt_1")).willReturn(xml(200, tenant("dt_1", "edgeplane-t1",
                ours("t1"), false, "InProgress", "active", "shop.t1.com")).withHeader("ETag", "E1DISABLED")));

        DistributionTenantRef disabled = tenants.disable(current(true, "shop.t1.com"));

        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.etag()).isEqualTo("E1DISABLED");
        wire.verify(putRequestedFor(urlPathEqualTo(TENANT + "/dt_1")).withHeader("If-Match", equalTo("E1CURRENT"))
                .withRequestBody(containing("<Enabled>false</Enabled>"))
                .withRequestBody(containing("<member><Domain>shop.t1.com</Domain></member>"))
                .withRequestBody(containing("<member><Name>originPath</Name>"))
                .withRequestBody(containing("<ConnectionGroupId>cg_2wjEDGEPLANE</ConnectionGroupId>")));
    }

    @Test
    void disablingADisabledTenantCallsNothing() {
        DistributionTenantRef already = current(false, "shop.t1.com");

        assertThat(tenants.disable(already)).isSameAs(already);
        wire.verify(0, putRequestedFor(urlPathEqualTo(TENANT + "/dt_1")));
    }

    @Test
    void deletingATenantNotYetDisabledAnswersFalse() {
        wire.stubFor(delete(urlPathEqualTo(TENANT + "/dt_1")).willReturn(error(409, "ResourceNotDisabled",
                "The specified CloudFront resource hasn't been disabled yet.")));

        assertThat(tenants.delete(current(true, "shop.t1.com"))).isFalse();
    }

    @Test
    void deleteSendsIfMatchAndAnswersTrue() {
        wire.stubFor(delete(urlPathEqualTo(TENANT + "/dt_1")).willReturn(aResponse().withStatus(204)));

        assertThat(tenants.delete(current(false, "shop.t1.com"))).isTrue();
        wire.verify(deleteRequestedFor(urlPathEqualTo(TENANT + "/dt_1")).withHeader("If-Match", equalTo("E1CURRENT")));
    }

    @Test
    void deletingATenantAlreadyGoneAnswersTrue() {
        wire.stubFor(delete(urlPathEqualTo(TENANT + "/dt_1")).willReturn(error(404, "EntityNotFound",
                "The entity was not found.")));

        assertThat(tenants.delete(current(false, "shop.t1.com"))).isTrue();
    }

    @ParameterizedTest(name = "{1} (HTTP {0})")
    @CsvSource({"412, PreconditionFailed", "400, InvalidIfMatchVersion", "403, AccessDenied"})
    void deleteWithAStaleOrBadETagFailsWithItsCode(int status, String code) {
        wire.stubFor(delete(urlPathEqualTo(TENANT + "/dt_1")).willReturn(error(status, code, "no")));

        DnsApiException e = catchThrowableOfType(DnsApiException.class,
                () -> tenants.delete(current(false, "shop.t1.com")));

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.isTransient()).isFalse();
    }

    // --- managed certificate, DNS check ---

    static String certificate(String status) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ManagedCertificateDetails xmlns="%s">\
                <CertificateArn>arn:aws:acm:us-east-1:123456789012:certificate/655dc1fe-0000-4000-8000-c2db3a034abc</CertificateArn>\
                <CertificateStatus>%s</CertificateStatus><ValidationTokenDetails><member>\
                <Domain>shop.t1.com</Domain>\
                <RedirectFrom>shop.t1.com/.well-known/pki-validation/b315c9ae.txt</RedirectFrom>\
                <RedirectTo>validation.us-east-1.acm-validations.aws/123456789012/.well-known/pki-validation/b315c9ae.txt</RedirectTo>\
                </member></ValidationTokenDetails><ValidationTokenHost>cloudfront</ValidationTokenHost>\
                </ManagedCertificateDetails>""".formatted(NS, status);
    }

    @Test
    void certificateIsPendingValidationThenIssued() {
        String path = "/2020-05-31/managed-certificate/dt_1";
        wire.stubFor(get(urlPathEqualTo(path)).inScenario("acm").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(200, certificate("pending-validation"))).willSetStateTo("validated"));
        wire.stubFor(get(urlPathEqualTo(path)).inScenario("acm").whenScenarioStateIs("validated")
                .willReturn(xml(200, certificate("issued"))));

        ManagedCertificate pending = tenants.certificate("dt_1");
        ManagedCertificate issued = tenants.certificate("dt_1");

        assertThat(pending.status()).isEqualTo(ManagedCertificate.Status.PENDING_VALIDATION);
        assertThat(pending.issued()).isFalse();
        assertThat(pending.status().terminal()).isFalse();
        assertThat(pending.validation()).isEqualTo(DistributionTenantSpec.Validation.CLOUDFRONT);
        assertThat(pending.tokens()).containsExactly(new ManagedCertificate.ValidationToken("shop.t1.com",
                "shop.t1.com/.well-known/pki-validation/b315c9ae.txt",
                "validation.us-east-1.acm-validations.aws/123456789012/.well-known/pki-validation/b315c9ae.txt"));
        assertThat(issued.issued()).isTrue();
        assertThat(issued.arn()).startsWith("arn:aws:acm:us-east-1:123456789012:certificate/");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"inactive, INACTIVE", "expired, EXPIRED", "validation-timed-out, VALIDATION_TIMED_OUT",
            "revoked, REVOKED", "failed, FAILED"})
    void terminalCertificateStatesAreMappedOneToOne(String wireStatus, ManagedCertificate.Status expected) {
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/managed-certificate/dt_1")).willReturn(xml(200,
                certificate(wireStatus))));

        ManagedCertificate c = tenants.certificate("dt_1");

        assertThat(c.status()).isEqualTo(expected);
        assertThat(c.status().terminal()).isTrue();
    }

    @Test
    void aCertificateStatusThisAdapterDoesNotKnowIsReportedNotGuessed() {
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/managed-certificate/dt_1")).willReturn(xml(200,
                certificate("pending-something-new"))));

        DnsApiException e = catchThrowableOfType(DnsApiException.class, () -> tenants.certificate("dt_1"));

        assertThat(e.code()).isEqualTo("UnknownCertificateStatus");
        assertThat(e.getMessage()).contains("pending-something-new", "dt_1");
    }

    @Test
    void noManagedCertificateIsNull() {
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/managed-certificate/dt_1")).willReturn(error(404,
                "EntityNotFound", "The entity was not found.")));

        assertThat(tenants.certificate("dt_1")).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"valid-configuration, VALID", "invalid-configuration, INVALID", "unknown-configuration, UNKNOWN"})
    void verifyDnsMapsEachDocumentedStatus(String wireStatus, DnsCheck.Status expected) {
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/verify-dns-configuration")).willReturn(xml(200, """
                <?xml version="1.0" encoding="UTF-8"?>
                <VerifyDnsConfigurationResult xmlns="%s"><DnsConfigurationList>\
                <DnsConfiguration><Domain>other.t1.com</Domain><Status>valid-configuration</Status></DnsConfiguration>\
                <DnsConfiguration><Domain>shop.t1.com</Domain><Status>%s</Status>\
                <Reason>CNAME shop.t1.com does not point to d111111abcdef8.cloudfront.net</Reason></DnsConfiguration>\
                </DnsConfigurationList></VerifyDnsConfigurationResult>""".formatted(NS, wireStatus))));

        DnsCheck check = tenants.verifyDns("shop.t1.com", "dt_1");

        assertThat(check.domain()).isEqualTo("shop.t1.com");
        assertThat(check.status()).isEqualTo(expected);
        assertThat(check.reason()).contains("d111111abcdef8.cloudfront.net");
        wire.verify(postRequestedFor(urlPathEqualTo("/2020-05-31/verify-dns-configuration"))
                .withRequestBody(containing("<Domain>shop.t1.com</Domain>"))
                .withRequestBody(containing("<Identifier>dt_1</Identifier>")));
    }

    @Test
    void verifyDnsWithoutAnAnswerForTheDomainIsUnknownNotValid() {
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/verify-dns-configuration")).willReturn(xml(200, """
                <VerifyDnsConfigurationResult xmlns="%s"><DnsConfigurationList>\
                <DnsConfiguration><Domain>other.t1.com</Domain><Status>valid-configuration</Status></DnsConfiguration>\
                </DnsConfigurationList></VerifyDnsConfigurationResult>""".formatted(NS))));

        assertThat(tenants.verifyDns("shop.t1.com", "dt_1").status()).isEqualTo(DnsCheck.Status.UNKNOWN);
    }

    // --- connection group ---

    static String connectionGroup(String status) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ConnectionGroup xmlns="%s"><AnycastIpListId></AnycastIpListId>\
                <Arn>arn:aws:cloudfront::123456789012:connection-group/cg_2wjEDGEPLANE</Arn>\
                <CreatedTime>2026-01-01T00:00:00Z</CreatedTime><Enabled>true</Enabled><Id>cg_2wjEDGEPLANE</Id>\
                <Ipv6Enabled>true</Ipv6Enabled><IsDefault>false</IsDefault>\
                <LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><Name>edgeplane-tenants</Name>\
                <RoutingEndpoint>d111111abcdef8.cloudfront.net</RoutingEndpoint><Status>%s</Status>\
                <Tags><Items><Tag><Key>edgeplane:managed</Key><Value>true</Value></Tag></Items></Tags>\
                </ConnectionGroup>""".formatted(NS, status);
    }

    @Test
    void anAbsentConnectionGroupIsCreatedTaggedAndWithIpv6() {
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/connection-group/edgeplane-tenants")).willReturn(error(404,
                "EntityNotFound", "The entity was not found.")));
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/connection-group")).willReturn(xml(201,
                connectionGroup("InProgress")).withHeader("ETag", "ECG1")));

        ConnectionGroupRef group = tenants.connectionGroup("edgeplane-tenants");

        assertThat(group).isEqualTo(new ConnectionGroupRef("cg_2wjEDGEPLANE", "edgeplane-tenants",
                "d111111abcdef8.cloudfront.net", "InProgress", true, "ECG1"));
        assertThat(group.deployed()).isFalse();
        wire.verify(postRequestedFor(urlPathEqualTo("/2020-05-31/connection-group"))
                .withRequestBody(containing("<CreateConnectionGroupRequest xmlns=\"" + NS + "\">"))
                .withRequestBody(containing("<Name>edgeplane-tenants</Name>"))
                .withRequestBody(containing("<Ipv6Enabled>true</Ipv6Enabled>"))
                .withRequestBody(containing("<Tag><Key>edgeplane:managed</Key><Value>true</Value></Tag>"))
                .withRequestBody(containing("<Enabled>true</Enabled>")));
    }

    @Test
    void anExistingConnectionGroupIsReturnedAndNothingIsCreated() {
        wire.stubFor(get(urlPathEqualTo("/2020-05-31/connection-group/edgeplane-tenants")).willReturn(xml(200,
                connectionGroup("Deployed")).withHeader("ETag", "ECG2")));

        ConnectionGroupRef group = tenants.connectionGroup("edgeplane-tenants");

        assertThat(group.deployed()).isTrue();
        assertThat(group.etag()).isEqualTo("ECG2");
        wire.verify(0, postRequestedFor(urlPathEqualTo("/2020-05-31/connection-group")));
    }

    @Test
    void aConnectionGroupCreatedByAnotherReplicaInBetweenIsTheOneReturned() {
        String path = "/2020-05-31/connection-group/edgeplane-tenants";
        wire.stubFor(get(urlPathEqualTo(path)).inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(404, "EntityNotFound", "The entity was not found.")).willSetStateTo("created"));
        wire.stubFor(get(urlPathEqualTo(path)).inScenario("race").whenScenarioStateIs("created")
                .willReturn(xml(200, connectionGroup("InProgress")).withHeader("ETag", "ECG3")));
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/connection-group")).willReturn(error(409,
                "EntityAlreadyExists", "The entity already exists.")));

        assertThat(tenants.connectionGroup("edgeplane-tenants").etag()).isEqualTo("ECG3");
        wire.verify(2, getRequestedFor(urlPathEqualTo(path)));
    }

    // --- list ---

    static String summary(String id, String name) {
        return """
                <DistributionTenantSummary><Arn>arn:aws:cloudfront::123456789012:distribution-tenant/%s</Arn>\
                <ConnectionGroupId>cg_2wjEDGEPLANE</ConnectionGroupId><CreatedTime>2026-01-01T00:00:00Z</CreatedTime>\
                <DistributionId>%s</DistributionId><Domains><member><Domain>%s.example.net</Domain>\
                <Status>active</Status></member></Domains><ETag>E%s</ETag><Enabled>true</Enabled><Id>%s</Id>\
                <LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><Name>%s</Name><Status>Deployed</Status>\
                </DistributionTenantSummary>""".formatted(id, MTD, id, id, id, name);
    }

    @Test
    void listOursFollowsMarkersAndDropsTenantsNotTaggedAsOurs() {
        String list = "/2020-05-31/distribution-tenants";
        wire.stubFor(post(urlPathEqualTo(list)).withRequestBody(containing("<Marker>dt_PAGE2</Marker>")).atPriority(1)
                .willReturn(xml(200, """
                        <ListDistributionTenantsResult xmlns="%s"><DistributionTenantList>%s</DistributionTenantList>\
                        </ListDistributionTenantsResult>""".formatted(NS, summary("dt_3", "edgeplane-t3")
                        + summary("dt_4", "other-team")))));
        wire.stubFor(post(urlPathEqualTo(list)).atPriority(10).willReturn(xml(200, """
                <ListDistributionTenantsResult xmlns="%s"><DistributionTenantList>%s%s</DistributionTenantList>\
                <NextMarker>dt_PAGE2</NextMarker></ListDistributionTenantsResult>"""
                .formatted(NS, summary("dt_1", "edgeplane-t1"), summary("dt_2", "customer-owned")))));
        wire.stubFor(get(urlPathEqualTo(TENANT + "/dt_1")).willReturn(xml(200, tenant("dt_1", "edgeplane-t1",
                ours("t1"), true, "Deployed", "active", "dt_1.example.net")).withHeader("ETag", "E1")));
        // Foreign: created by hand in the same account on the same template, no Edgeplane tag.
        wire.stubFor(get(urlPathEqualTo(TENANT + "/dt_2")).willReturn(xml(200, tenant("dt_2", "customer-owned",
                Map.of("team", "web"), true, "Deployed", "active", "dt_2.example.net")).withHeader("ETag", "E2")));
        // Foreign and unreadable: deploy/iam scopes GetDistributionTenant to edgeplane:managed=true.
        wire.stubFor(get(urlPathEqualTo(TENANT + "/dt_4")).willReturn(error(403, "AccessDenied",
                "User is not authorized to perform: cloudfront:GetDistributionTenant")));
        wire.stubFor(get(urlPathEqualTo(TENANT + "/dt_3")).willReturn(xml(200, tenant("dt_3", "edgeplane-t3",
                ours("t3"), true, "Deployed", "active", "dt_3.example.net")).withHeader("ETag", "E3")));

        List<DistributionTenantRef> listed = tenants.listOurs(MTD);

        assertThat(listed).extracting(DistributionTenantRef::id).containsExactly("dt_1", "dt_3");
        assertThat(listed).extracting(DistributionTenantRef::tenantId).containsExactly("t1", "t3");
        assertThat(listed).extracting(DistributionTenantRef::etag).containsExactly("E1", "E3");
        wire.verify(2, postRequestedFor(urlPathEqualTo(list))
                .withRequestBody(containing("<AssociationFilter><DistributionId>" + MTD
                        + "</DistributionId></AssociationFilter>")));
        wire.verify(1, postRequestedFor(urlPathEqualTo(list)).withRequestBody(notContaining("<Marker>")));
        wire.verify(0, getRequestedFor(urlPathEqualTo("/2020-05-31/tagging")));
    }

    @Test
    void aMarkerThatDoesNotAdvanceEndsTheListing() {
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/distribution-tenants")).willReturn(xml(200, """
                <ListDistributionTenantsResult xmlns="%s"><DistributionTenantList></DistributionTenantList>\
                <NextMarker>dt_SAME</NextMarker></ListDistributionTenantsResult>""".formatted(NS))));

        assertThat(tenants.listOurs(MTD)).isEmpty();
        wire.verify(2, postRequestedFor(urlPathEqualTo("/2020-05-31/distribution-tenants")));
    }

    @Test
    void listingWithoutPermissionFailsWithAccessDenied() {
        wire.stubFor(post(urlPathEqualTo("/2020-05-31/distribution-tenants")).willReturn(error(403, "AccessDenied",
                "User is not authorized to perform: cloudfront:ListDistributionTenants")));

        DnsApiException e = catchThrowableOfType(DnsApiException.class, () -> tenants.listOurs(MTD));

        assertThat(e.code()).isEqualTo("AccessDenied");
        assertThat(e.isTransient()).isFalse();
        wire.verify(0, getRequestedFor(urlPathEqualTo(TENANT + "/dt_1")));
    }

    @Test
    void aPageOfDeploymentStatesIsOneListCallWithItsFilterMarkerAndSizeAndNoGets() {
        String list = "/2020-05-31/distribution-tenants";
        String deploying = summary("dt_2", "edgeplane-t2").replace("<Status>Deployed</Status>",
                "<Status>InProgress</Status>").replace("<Enabled>true</Enabled>", "<Enabled>false</Enabled>");
        wire.stubFor(post(urlPathEqualTo(list)).willReturn(xml(200, """
                <ListDistributionTenantsResult xmlns="%s"><DistributionTenantList>%s%s</DistributionTenantList>\
                <NextMarker>dt_2</NextMarker></ListDistributionTenantsResult>"""
                .formatted(NS, summary("dt_1", "edgeplane-t1"), deploying))));

        DistributionTenantPage page = tenants.page(MTD, "dt_0");

        assertThat(page.tenants()).extracting(DistributionTenantPage.Summary::id).containsExactly("dt_1", "dt_2");
        assertThat(page.tenants()).extracting(DistributionTenantPage.Summary::deployed).containsExactly(true, false);
        assertThat(page.tenants()).extracting(DistributionTenantPage.Summary::enabled).containsExactly(true, false);
        assertThat(page.tenants()).extracting(DistributionTenantPage.Summary::multiTenantDistributionId)
                .containsOnly(MTD);
        assertThat(page.nextMarker()).isEqualTo("dt_2");
        wire.verify(1, postRequestedFor(urlPathEqualTo(list))
                .withRequestBody(containing("<AssociationFilter><DistributionId>" + MTD
                        + "</DistributionId></AssociationFilter>"))
                .withRequestBody(containing("<Marker>dt_0</Marker>"))
                .withRequestBody(containing("<MaxItems>100</MaxItems>")));
        wire.verify(0, getRequestedFor(urlPathMatching(TENANT + "/.*")));
    }

    @Test
    void theAccountWidePageHasNoFilterAndAMarkerThatDoesNotAdvanceEndsIt() {
        String list = "/2020-05-31/distribution-tenants";
        wire.stubFor(post(urlPathEqualTo(list)).willReturn(xml(200, """
                <ListDistributionTenantsResult xmlns="%s"><DistributionTenantList>%s</DistributionTenantList>\
                <NextMarker>dt_SAME</NextMarker></ListDistributionTenantsResult>"""
                .formatted(NS, summary("dt_9", "other-team")))));

        DistributionTenantPage page = tenants.page(null, "dt_SAME");

        assertThat(page.tenants()).hasSize(1);
        assertThat(page.nextMarker()).isNull();
        wire.verify(1, postRequestedFor(urlPathEqualTo(list)).withRequestBody(notContaining("AssociationFilter")));
    }
}
