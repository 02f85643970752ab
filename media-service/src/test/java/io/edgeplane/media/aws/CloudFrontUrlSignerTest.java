package io.edgeplane.media.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.media.SigningKeyTestResource;
import io.edgeplane.media.domain.SignatureRequest;
import io.edgeplane.media.domain.SignedAccess;
import io.edgeplane.media.domain.SigningPolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Signed URLs checked the way CloudFront checks them: RSA-SHA1 over the policy, with the public key. */
class CloudFrontUrlSignerTest {
    private static final String URL = "https://d1edgeplane0001.cloudfront.net/media/m1/0a1b2c3d4e5f6a7b/renditions/large.jpg";
    private final CloudFrontUrlSigner signer = new CloudFrontUrlSigner(Optional.of(SigningKeyTestResource.KEY_PAIR_ID),
            Optional.of(SigningKeyTestResource.privateKeyPem()));

    @Test
    void cannedPolicyUrlVerifiesAgainstThePublicKeyWithTheRequestedExpiry() throws Exception {
        Instant expires = Instant.parse("2030-01-02T03:04:05Z");

        SignedAccess signed = signer.sign(new SignatureRequest(SigningPolicy.CANNED, URL, null, expires, null, null));

        Map<String, String> query = query(signed.url());
        assertThat(signed.url()).startsWith(URL + "?");
        assertThat(query).containsEntry("Expires", String.valueOf(expires.getEpochSecond()))
                .containsEntry("Key-Pair-Id", SigningKeyTestResource.KEY_PAIR_ID).doesNotContainKey("Policy");
        String cannedPolicy = "{\"Statement\":[{\"Resource\":\"" + URL + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
                + expires.getEpochSecond() + "}}}]}";
        assertThat(verifies(cannedPolicy, query.get("Signature"), SigningKeyTestResource.publicKey())).isTrue();
        // The same signature over another expiry (or URL) does not verify: the expiry is really signed.
        String tampered = cannedPolicy.replace(String.valueOf(expires.getEpochSecond()),
                String.valueOf(expires.getEpochSecond() + 3600));
        assertThat(verifies(tampered, query.get("Signature"), SigningKeyTestResource.publicKey())).isFalse();
    }

    @Test
    void customPolicyGrantsTheWildcardResourceWithStartTimeAndIpRange() throws Exception {
        Instant expires = Instant.parse("2030-01-02T03:04:05Z");
        Instant from = Instant.parse("2029-12-31T00:00:00Z");
        String pattern = "https://d1edgeplane0001.cloudfront.net/media/m1/0a1b2c3d4e5f6a7b/*";

        SignedAccess signed = signer.sign(new SignatureRequest(SigningPolicy.CUSTOM,
                "https://d1edgeplane0001.cloudfront.net/media/m1/0a1b2c3d4e5f6a7b/hls/master.m3u8", pattern, expires, from,
                "203.0.113.0/24"));

        Map<String, String> query = query(signed.url());
        String policy = new String(cloudFrontBase64(query.get("Policy")), StandardCharsets.UTF_8);
        JsonNode statement = new ObjectMapper().readTree(policy).path("Statement").get(0);
        assertThat(statement.path("Resource").asText()).isEqualTo(pattern);
        assertThat(statement.path("Condition").path("DateLessThan").path("AWS:EpochTime").asLong())
                .isEqualTo(expires.getEpochSecond());
        assertThat(statement.path("Condition").path("DateGreaterThan").path("AWS:EpochTime").asLong())
                .isEqualTo(from.getEpochSecond());
        assertThat(statement.path("Condition").path("IpAddress").path("AWS:SourceIp").asText()).isEqualTo("203.0.113.0/24");
        assertThat(verifies(policy, query.get("Signature"), SigningKeyTestResource.publicKey())).isTrue();
        assertThat(signed.cookies()).containsKeys("CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id");
        assertThat(signed.cookies().get("CloudFront-Policy")).isEqualTo(query.get("Policy"));
    }

    @Test
    void pkcs1PemAsOpensslWritesItIsAccepted() throws Exception {
        byte[] pkcs8 = SigningKeyTestResource.keys().getPrivate().getEncoded();
        // PKCS#8 = SEQUENCE { version, algorithm, OCTET STRING { PKCS#1 } }; the PKCS#1 key is the tail.
        byte[] pkcs1 = extractPkcs1(pkcs8);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
        CloudFrontUrlSigner fromPkcs1 = new CloudFrontUrlSigner(Optional.of("K1"), Optional.of(pem));
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");

        SignedAccess signed = fromPkcs1.sign(new SignatureRequest(SigningPolicy.CANNED, URL, null, expires, null, null));

        String policy = "{\"Statement\":[{\"Resource\":\"" + URL + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
                + expires.getEpochSecond() + "}}}]}";
        assertThat(verifies(policy, query(signed.url()).get("Signature"), SigningKeyTestResource.publicKey())).isTrue();
    }

    @Test
    void brokenKeyFailsWithoutEchoingIt() {
        String secret = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----";
        assertThatThrownBy(() -> new CloudFrontUrlSigner(Optional.of("K1"), Optional.of(secret)))
                .hasMessageNotContaining("c2VjcmV0").hasMessageContaining("not an RSA private key");
        assertThat(signer.toString()).contains("<redacted>").doesNotContain("BEGIN");
    }

    static boolean verifies(String policy, String cloudFrontSignature, PublicKey key) throws Exception {
        Signature rsa = Signature.getInstance("SHA1withRSA");
        rsa.initVerify(key);
        rsa.update(policy.getBytes(StandardCharsets.UTF_8));
        return rsa.verify(cloudFrontBase64(cloudFrontSignature));
    }

    /** CloudFront's URL-safe base64: '+' -> '-', '=' -> '_', '/' -> '~'. */
    static byte[] cloudFrontBase64(String value) {
        return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '=').replace('~', '/'));
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] extractPkcs1(byte[] pkcs8) {
        // Skip SEQUENCE header, version (3 bytes), AlgorithmIdentifier (15 bytes), then OCTET STRING header.
        int pos = 1;
        pos += (pkcs8[pos] & 0x80) != 0 ? 1 + (pkcs8[pos] & 0x7f) : 1;
        pos += 3 + 15;
        pos += 1;
        int lengthBytes = (pkcs8[pos] & 0x80) != 0 ? (pkcs8[pos] & 0x7f) : 0;
        int length = 0;
        if (lengthBytes == 0) {
            length = pkcs8[pos];
            pos += 1;
        } else {
            for (int i = 1; i <= lengthBytes; i++) {
                length = (length << 8) | (pkcs8[pos + i] & 0xff);
            }
            pos += 1 + lengthBytes;
        }
        return java.util.Arrays.copyOfRange(pkcs8, pos, pos + length);
    }
}
