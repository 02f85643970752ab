package io.edgeplane.distributor.deployment.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.edgeplane.distributor.deployment.PointerSwitch;
import io.edgeplane.distributor.deployment.domain.PointerStoreException;
import io.edgeplane.platform.aws.Backoff;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfrontkeyvaluestore.CloudFrontKeyValueStoreClient;

/** The KeyValueStore data-plane wire format (REST-JSON, SigV4a) against WireMock stubs of the documented responses. */
class KeyValueStorePointerStoreTest {
    static final String ARN = "arn:aws:cloudfront::123456789012:key-value-store/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

    private WireMockServer wiremock;
    private CloudFrontKeyValueStoreClient client;
    private KeyValueStorePointerStore store;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wiremock.start();
        client = KeyValueStoreClients.pinEndpoint(CloudFrontKeyValueStoreClient.builder(), URI.create(wiremock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        store = new KeyValueStorePointerStore(client, ARN);
    }

    @AfterEach
    void stop() {
        client.close();
        wiremock.stop();
    }

    private static String kvsPath() {
        return "/key-value-stores/" + URLEncoder.encode(ARN, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void stubDescribe(String etag, String scenarioState, String nextState) {
        var stub = get(urlPathMatching("/key-value-stores/[^/]+")).inScenario("kvs");
        if (scenarioState != null) {
            stub = stub.whenScenarioStateIs(scenarioState);
        }
        if (nextState != null) {
            stub = stub.willSetStateTo(nextState);
        }
        wiremock.stubFor(stub.willReturn(aResponse().withStatus(200).withHeader("ETag", etag)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"KvsARN\":\"" + ARN + "\",\"ItemCount\":1,\"TotalSizeInBytes\":20,\"Status\":\"READY\","
                        + "\"Created\":1.7E9,\"LastModified\":1.7E9}")));
    }

    private void stubGetKey(String key, String value) {
        wiremock.stubFor(get(urlPathMatching("/key-value-stores/[^/]+/keys/" + key)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Key\":\"" + key + "\",\"Value\":\"" + value + "\",\"ItemCount\":1,\"TotalSizeInBytes\":20}")));
    }

    @Test
    void describeGetAndPutSpeakTheDocumentedWireFormatSignedWithSigV4a() {
        stubDescribe("ETAG-1", null, null);
        stubGetKey("acme", "b41");
        wiremock.stubFor(put(urlPathMatching("/key-value-stores/[^/]+/keys/acme")).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "ETAG-2").withHeader("Content-Type", "application/json")
                .withBody("{\"ItemCount\":1,\"TotalSizeInBytes\":20}")));

        assertThat(store.version()).isEqualTo("ETAG-1");
        assertThat(store.get("acme")).contains("b41");
        assertThat(store.put("acme", "b42", "ETAG-1")).isEqualTo("ETAG-2");

        wiremock.verify(putRequestedFor(urlPathEqualTo(kvsPath() + "/keys/acme"))
                .withHeader("If-Match", equalTo("ETAG-1"))
                .withHeader("Authorization", matching("AWS4-ECDSA-P256-SHA256 .*"))
                .withHeader("X-Amz-Region-Set", matching(".+"))
                .withRequestBody(equalToJson("{\"Value\":\"b42\"}")));
    }

    @Test
    void aMissingKeyIsEmptyNotAnError() {
        wiremock.stubFor(get(urlPathMatching("/key-value-stores/[^/]+/keys/newbie")).willReturn(aResponse().withStatus(404)
                .withHeader("x-amzn-ErrorType", "ResourceNotFoundException").withHeader("Content-Type", "application/json")
                .withBody("{\"Message\":\"Key not found\"}")));
        assertThat(store.get("newbie")).isEmpty();
    }

    @Test
    void aStaleIfMatchIsAConflictAndTheSwitchRereadsAndRetries() {
        stubDescribe("ETAG-1", Scenario.STARTED, "moved");
        stubDescribe("ETAG-2", "moved", null);
        stubGetKey("acme", "b41");
        wiremock.stubFor(put(urlPathMatching("/key-value-stores/[^/]+/keys/acme")).withHeader("If-Match", equalTo("ETAG-1"))
                .willReturn(aResponse().withStatus(409).withHeader("x-amzn-ErrorType", "ConflictException")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"Message\":\"Resource is not in expected state.\"}")));
        wiremock.stubFor(put(urlPathMatching("/key-value-stores/[^/]+/keys/acme")).withHeader("If-Match", equalTo("ETAG-2"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "ETAG-3")
                        .withHeader("Content-Type", "application/json").withBody("{\"ItemCount\":1,\"TotalSizeInBytes\":20}")));

        assertThatThrownBy(() -> store.put("acme", "b42", "ETAG-1")).isInstanceOfSatisfying(PointerStoreException.class,
                e -> assertThat(e.conflict()).isTrue());

        var switched = new PointerSwitch(store, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 5)).point("acme", "b42");
        assertThat(switched.previous()).contains("b41");
        assertThat(switched.written()).isTrue();
        wiremock.verify(putRequestedFor(urlPathEqualTo(kvsPath() + "/keys/acme")).withHeader("If-Match", equalTo("ETAG-2")));
    }

    @Test
    void accessDeniedIsNeitherAConflictNorTransient() {
        wiremock.stubFor(get(urlPathMatching("/key-value-stores/[^/]+")).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException").withHeader("Content-Type", "application/json")
                .withBody("{\"Message\":\"not authorized to perform cloudfront-keyvaluestore:DescribeKeyValueStore\"}")));
        assertThatThrownBy(store::version).isInstanceOfSatisfying(PointerStoreException.class, e -> {
            assertThat(e.conflict()).isFalse();
            assertThat(e.transientError()).isFalse();
            assertThat(e.getMessage()).contains("AccessDeniedException", "DescribeKeyValueStore");
        });
    }
}
