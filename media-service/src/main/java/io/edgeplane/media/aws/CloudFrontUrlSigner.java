package io.edgeplane.media.aws;

import io.edgeplane.media.domain.SignatureRequest;
import io.edgeplane.media.domain.SignedAccess;
import io.edgeplane.media.domain.SigningPolicy;
import io.edgeplane.media.domain.UrlSigner;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.cloudfront.model.CannedSignerRequest;
import software.amazon.awssdk.services.cloudfront.model.CustomSignerRequest;

/**
 * Signs with the AWS SDK's {@link CloudFrontUtilities} (RSA-SHA1, as CloudFront requires for key
 * groups). The private key is parsed once and only ever held as a {@link PrivateKey}: it is never
 * logged and never part of an exception message.
 */
public final class CloudFrontUrlSigner implements UrlSigner {
    private final CloudFrontUtilities utilities = CloudFrontUtilities.create();
    private final Optional<String> keyPairId;
    private final Optional<PrivateKey> privateKey;

    public CloudFrontUrlSigner(Optional<String> keyPairId, Optional<String> privateKeyPem) {
        this(keyPairId.filter(s -> !s.isBlank()),
                privateKeyPem.filter(s -> !s.isBlank()).map(CloudFrontUrlSigner::parsePrivateKey), true);
    }

    private CloudFrontUrlSigner(Optional<String> keyPairId, Optional<PrivateKey> privateKey, boolean check) {
        this.keyPairId = keyPairId;
        this.privateKey = privateKey;
        if (check && this.keyPairId.isPresent() != this.privateKey.isPresent()) {
            throw new IllegalStateException("signing needs both edgeplane.media.signing.key-pair-id and a private key");
        }
    }

    /** A signer with a fresh 2048-bit key: for the local stack, where no CloudFront checks the signature. */
    public static CloudFrontUrlSigner ephemeral(String keyPairId) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new CloudFrontUrlSigner(Optional.of(keyPairId), Optional.of(generator.generateKeyPair().getPrivate()),
                    true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean configured() {
        return keyPairId.isPresent();
    }

    @Override
    public SignedAccess sign(SignatureRequest r) {
        if (!configured()) {
            throw new IllegalStateException("no CloudFront signing key is configured");
        }
        String id = keyPairId.get();
        PrivateKey key = privateKey.get();
        if (r.policy() == SigningPolicy.CANNED) {
            CannedSignerRequest request = CannedSignerRequest.builder().resourceUrl(r.resourceUrl()).privateKey(key)
                    .keyPairId(id).expirationDate(r.expiresAt()).build();
            return new SignedAccess(utilities.getSignedUrlWithCannedPolicy(request).url(), r.policy(), r.expiresAt(), id,
                    r.resourceUrl(), Map.of());
        }
        CustomSignerRequest.Builder builder = CustomSignerRequest.builder().resourceUrl(r.resourceUrl())
                .resourceUrlPattern(r.resourcePattern()).privateKey(key).keyPairId(id).expirationDate(r.expiresAt());
        if (r.activeFrom() != null) {
            builder.activeDate(r.activeFrom());
        }
        if (r.ipRange() != null) {
            builder.ipRange(r.ipRange());
        }
        CustomSignerRequest request = builder.build();
        String url = utilities.getSignedUrlWithCustomPolicy(request).url();
        // The SDK's cookies sign resourceUrl and ignore resourceUrlPattern: give them the wildcard as the URL,
        // or the cookies would only open the one playlist and not its segments.
        CookiesForCustomPolicy cookies = utilities.getCookiesForCustomPolicy(
                request.toBuilder().resourceUrl(r.resourcePattern()).build());
        Map<String, String> jar = new LinkedHashMap<>();
        for (String header : new String[] {cookies.policyHeaderValue(), cookies.signatureHeaderValue(),
                cookies.keyPairIdHeaderValue()}) {
            int eq = header.indexOf('=');
            jar.put(header.substring(0, eq), header.substring(eq + 1));
        }
        return new SignedAccess(url, r.policy(), r.expiresAt(), id, r.resourcePattern(), Map.copyOf(jar));
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY") or PKCS#1 ("BEGIN RSA PRIVATE KEY", what openssl genrsa writes). */
    static PrivateKey parsePrivateKey(String pem) {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the CloudFront private key is not PEM (base64 between BEGIN/END lines)");
        }
        if (pkcs1) {
            der = wrapPkcs1(der);
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            // The message says what is wrong without echoing any key material.
            throw new IllegalStateException("the CloudFront private key is not an RSA private key");
        }
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, OCTET STRING. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = concat(new byte[] {0x04}, derLength(pkcs1.length), pkcs1);
        byte[] body = concat(version, algorithm, octets);
        return concat(new byte[] {0x30}, derLength(body.length), body);
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "CloudFrontUrlSigner[keyPairId=" + keyPairId.orElse("none") + ", privateKey=" + (privateKey.isPresent()
                ? "<redacted>" : "none") + "]";
    }
}
