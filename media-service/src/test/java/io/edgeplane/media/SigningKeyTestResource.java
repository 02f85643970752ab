package io.edgeplane.media;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * A CloudFront signing key made for the test run: the private key goes to a PEM file the service
 * reads (as it would a mounted secret), the public key stays here for verifying signatures.
 */
public class SigningKeyTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String KEY_PAIR_ID = "KTESTEDGEPLANE1";
    private static KeyPair keys;

    public static synchronized KeyPair keys() {
        if (keys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keys = generator.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    public static PublicKey publicKey() {
        return keys().getPublic();
    }

    public static String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Override
    public Map<String, String> start() {
        try {
            Path file = Files.createTempFile("cloudfront-key", ".pem");
            Files.writeString(file, privateKeyPem());
            file.toFile().deleteOnExit();
            return Map.of("edgeplane.media.signing.key-pair-id", KEY_PAIR_ID,
                    "edgeplane.media.signing.private-key-file", file.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }
}
