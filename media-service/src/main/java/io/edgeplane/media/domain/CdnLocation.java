package io.edgeplane.media.domain;

import java.util.Optional;

/**
 * Where viewers fetch outputs: the distribution's domain (or a custom domain / alternate name), and
 * whether the distribution's behaviour requires signed URLs.
 */
public record CdnLocation(Optional<String> distributionId, String domain, Optional<String> customDomain,
        boolean signedUrlsRequired) {

    public String host() {
        return customDomain.filter(d -> !d.isBlank()).orElse(domain);
    }

    public String baseUrl() {
        return "https://" + host();
    }

    /** The viewer path of an object key: the distribution serves the bucket from its root. */
    public static String viewerPath(String key) {
        return "/" + key;
    }

    public String url(String key) {
        return baseUrl() + viewerPath(encodePath(key));
    }

    /** Percent-encodes what is not an unreserved character or '/'. Keys we write need none; uploads might. */
    static String encodePath(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (byte b : key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
