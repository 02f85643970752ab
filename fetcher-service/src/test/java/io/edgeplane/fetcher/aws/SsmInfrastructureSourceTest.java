package io.edgeplane.fetcher.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.edgeplane.fetcher.domain.InfrastructureSource;
import io.edgeplane.fetcher.domain.RegionInfo;
import io.edgeplane.fetcher.domain.ServiceInfo;
import io.edgeplane.platform.aws.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The SSM adapter against WireMock stubs of the AWS JSON 1.1 protocol of Systems Manager. */
class SsmInfrastructureSourceTest {
    private static final String BY_PATH = "AmazonSSM.GetParametersByPath";
    private static final String GET = "AmazonSSM.GetParameters";
    private static final String JSON = "application/x-amz-json-1.1";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 4);

    private WireMockServer wiremock;
    private SsmClient ssm;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        ssm = SsmClient.builder()
                .endpointOverride(URI.create(wiremock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        ssm.close();
        wiremock.stop();
    }

    @Test
    void readsRegionsServicesLongNamesAndAvailabilityFollowingEveryNextToken() {
        // 12 regions: a full page of 10 and a second page of 2.
        List<String> regions = IntStream.rangeClosed(1, 12).mapToObj(i -> "xx-test-" + i).toList();
        stubPages(SsmInfrastructureSource.REGIONS, regions.stream()
                .map(r -> param(SsmInfrastructureSource.REGIONS + "/" + r, r)).toList());
        for (String r : regions) {
            stubPages(SsmInfrastructureSource.REGIONS + "/" + r, List.of(
                    param(SsmInfrastructureSource.REGIONS + "/" + r + "/domain", "amazonaws.com"),
                    param(SsmInfrastructureSource.REGIONS + "/" + r + "/longName", "Test Region " + r),
                    param(SsmInfrastructureSource.REGIONS + "/" + r + "/partition", "aws")));
            // xx-test-1 offers 13 services (two pages), the others only s3.
            List<String> offered = r.equals("xx-test-1")
                    ? IntStream.rangeClosed(1, 12).mapToObj(i -> "svc" + i).collect(Collectors.toCollection(ArrayList::new))
                    : new ArrayList<>();
            offered.add("s3");
            stubPages(SsmInfrastructureSource.REGIONS + "/" + r + "/services", offered.stream()
                    .map(s -> param(SsmInfrastructureSource.REGIONS + "/" + r + "/services/" + s, s)).toList());
        }
        stubPages(SsmInfrastructureSource.SERVICES, List.of(
                param(SsmInfrastructureSource.SERVICES + "/s3", "s3"),
                param(SsmInfrastructureSource.SERVICES + "/lambda", "lambda")));
        wiremock.stubFor(ssmCall(GET).willReturn(ok("""
                {"Parameters":[
                  %s,
                  %s],
                 "InvalidParameters":[]}""".formatted(
                param(SsmInfrastructureSource.SERVICES + "/s3/longName", "Amazon Simple Storage Service (S3)"),
                param(SsmInfrastructureSource.SERVICES + "/lambda/longName", "AWS Lambda")))));

        var source = new SsmInfrastructureSource(ssm, FAST, 3);
        var snapshot = source.fetch();

        assertThat(snapshot.source()).isEqualTo("ssm");
        assertThat(snapshot.regions()).hasSize(12)
                .contains(new RegionInfo("xx-test-11", "Test Region xx-test-11", "aws"));
        assertThat(snapshot.services()).containsExactly(
                new ServiceInfo("s3", "Amazon Simple Storage Service (S3)"), new ServiceInfo("lambda", "AWS Lambda"));
        assertThat(snapshot.servicesByRegion().get("xx-test-1")).hasSize(13).contains("svc12", "s3");
        assertThat(snapshot.servicesByRegion().get("xx-test-12")).containsExactly("s3");
        // Every listing asked for the API maximum of 10 per page, non-recursively.
        wiremock.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(BY_PATH))
                .withRequestBody(notContaining("\"MaxResults\":10")));
        wiremock.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(BY_PATH))
                .withRequestBody(notContaining("\"Recursive\":false")));
        // The second pages were asked for with the tokens of the first.
        wiremock.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(BY_PATH))
                .withRequestBody(matchingJsonPath("$.Path", equalTo(SsmInfrastructureSource.REGIONS)))
                .withRequestBody(matchingJsonPath("$.NextToken", equalTo(token(SsmInfrastructureSource.REGIONS, 1)))));
        // 2 region pages + 12 region attribute pages + 12 first and 1 second service pages + 1 service page + 1 GetParameters.
        assertThat(source.requests()).isEqualTo(2 + 12 + 13 + 1 + 1);
        assertThat(source.retries()).isZero();
        wiremock.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET))
                .withHeader("Content-Type", equalTo(JSON)));
    }

    @Test
    void throttlingIsRetriedWithBackoffUntilSsmAnswers() {
        String path = SsmInfrastructureSource.REGIONS + "/xx-test-1";
        wiremock.stubFor(byPath(path).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(throttled()).willSetStateTo("once"));
        wiremock.stubFor(byPath(path).inScenario("throttle").whenScenarioStateIs("once")
                .willReturn(throttled()).willSetStateTo("twice"));
        wiremock.stubFor(byPath(path).inScenario("throttle").whenScenarioStateIs("twice")
                .willReturn(ok("{\"Parameters\":[" + param(path + "/longName", "Test") + "]}")));

        var source = new SsmInfrastructureSource(ssm, FAST, 1);
        assertThat(source.children(path)).hasSize(1);
        assertThat(source.requests()).isEqualTo(3);
        assertThat(source.retries()).isEqualTo(2);
    }

    @Test
    void throttlingThatOutlastsTheAttemptsFailsTheFetchNamingTheCall() {
        wiremock.stubFor(byPath(SsmInfrastructureSource.REGIONS).willReturn(throttled()));
        var source = new SsmInfrastructureSource(ssm, FAST, 1);
        assertThatThrownBy(source::fetch).isInstanceOf(InfrastructureSource.SourceException.class)
                .hasMessageContaining("GetParametersByPath " + SsmInfrastructureSource.REGIONS)
                .hasMessageContaining("4 attempts").hasMessageContaining("ThrottlingException");
        assertThat(source.requests()).isEqualTo(FAST.maxAttempts());
    }

    @Test
    void accessDeniedIsNotRetried() {
        wiremock.stubFor(byPath(SsmInfrastructureSource.REGIONS).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", JSON)
                .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform ssm:GetParametersByPath\"}")));
        var source = new SsmInfrastructureSource(ssm, FAST, 1);
        assertThatThrownBy(source::fetch).isInstanceOf(InfrastructureSource.SourceException.class)
                .hasMessageContaining("AccessDeniedException");
        assertThat(source.requests()).isEqualTo(1);
    }

    // --- stubs of the wire format

    private void stubPages(String path, List<String> parameters) {
        int pages = Math.max(1, (parameters.size() + 9) / 10);
        for (int page = 0; page < pages; page++) {
            List<String> slice = parameters.subList(page * 10, Math.min(parameters.size(), page * 10 + 10));
            String next = page + 1 < pages ? ",\"NextToken\":\"" + token(path, page + 1) + "\"" : "";
            MappingBuilder request = byPath(path);
            request = page == 0 ? request.withRequestBody(notContaining("NextToken"))
                    : request.withRequestBody(matchingJsonPath("$.NextToken", equalTo(token(path, page))));
            wiremock.stubFor(request.willReturn(ok("{\"Parameters\":[" + String.join(",", slice) + "]" + next + "}")));
        }
    }

    private static String token(String path, int page) {
        return "AAEAA" + Integer.toHexString(path.hashCode()) + "p" + page;
    }

    private static MappingBuilder byPath(String path) {
        return ssmCall(BY_PATH).withRequestBody(matchingJsonPath("$.Path", equalTo(path)));
    }

    private static MappingBuilder ssmCall(String target) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target))
                .withHeader("Content-Type", equalTo(JSON));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder throttled() {
        return aResponse().withStatus(400).withHeader("Content-Type", JSON)
                .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    }

    private static String param(String name, String value) {
        return """
                {"Name":"%s","Type":"String","Value":"%s","Version":1,"LastModifiedDate":1.729E9,\
                "ARN":"arn:aws:ssm:us-east-1::parameter%s","DataType":"text"}""".formatted(name, value, name);
    }
}
