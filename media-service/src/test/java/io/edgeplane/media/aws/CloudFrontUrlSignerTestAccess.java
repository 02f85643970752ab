package io.edgeplane.media.aws;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Map;

/** Lets tests in other packages verify signed URLs as CloudFront does. */
public final class CloudFrontUrlSignerTestAccess {
    private CloudFrontUrlSignerTestAccess() {
    }

    public static Map<String, String> query(String url) {
        return CloudFrontUrlSignerTest.query(url);
    }

    /** Rebuilds the canned policy for {@code resource} and the URL's Expires, and checks the signature. */
    public static boolean verifiesCanned(String url, String resource, PublicKey key) throws Exception {
        Map<String, String> q = query(url);
        String policy = "{\"Statement\":[{\"Resource\":\"" + resource + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
                + q.get("Expires") + "}}}]}";
        return CloudFrontUrlSignerTest.verifies(new String(policy.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                q.get("Signature"), key);
    }
}
