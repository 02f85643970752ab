package io.edgeplane.distributor.deployment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A realistic static site build for flow tests: HTML pages, content-hashed JS/CSS, plain images,
 * JSON data and fonts, with bytes that depend on a revision so changes are real changes.
 */
final class SiteBuild {
    final Map<String, String> files;

    private SiteBuild(Map<String, String> files) {
        this.files = files;
    }

    /** 200 files: 20 HTML, 60 content-hashed assets, 60 images, 40 JSON, 20 fonts. */
    static SiteBuild twoHundredFiles(String revision) {
        Map<String, String> files = new TreeMap<>();
        files.put("index.html", page("home", revision));
        for (int i = 1; i < 20; i++) {
            files.put("pages/p%02d.html".formatted(i), page("p" + i, revision));
        }
        for (int i = 0; i < 60; i++) {
            String hash = HexFormat.of().toHexDigits(0x1000_0000 + i * 7919);
            files.put("assets/chunk-%02d.%s.%s".formatted(i, hash, i % 2 == 0 ? "js" : "css"), "asset " + i);
        }
        for (int i = 0; i < 60; i++) {
            files.put("img/photo-%02d.png".formatted(i), "png bytes " + i);
        }
        for (int i = 0; i < 40; i++) {
            files.put("data/d%02d.json".formatted(i), "{\"i\":" + i + "}");
        }
        for (int i = 0; i < 20; i++) {
            files.put("fonts/f%02d.woff2".formatted(i), "font " + i);
        }
        return new SiteBuild(files);
    }

    static SiteBuild of(Map<String, String> files) {
        return new SiteBuild(new TreeMap<>(files));
    }

    private static String page(String name, String revision) {
        return "<html><body>" + name + "</body></html>";
    }

    /** A copy with {@code changed} paths given new bytes and {@code removed} paths gone. */
    SiteBuild next(Set<String> changed, Set<String> removed) {
        Map<String, String> next = new LinkedHashMap<>(files);
        changed.forEach(p -> next.put(p, files.get(p) + " (changed)"));
        removed.forEach(next::remove);
        return new SiteBuild(new TreeMap<>(next));
    }

    void upload(S3Client s3, String bucket, String prefix) {
        // In parallel: a few hundred sequential PUTs would dominate the test's run time.
        files.entrySet().parallelStream().forEach(entry -> {
            String path = entry.getKey();
            String body = entry.getValue();
            for (int attempt = 1; ; attempt++) {
                try {
                    s3.putObject(r -> r.bucket(bucket).key(prefix + path), RequestBody.fromString(body, StandardCharsets.UTF_8));
                    return;
                } catch (java.io.UncheckedIOException | software.amazon.awssdk.core.exception.SdkClientException e) {
                    // A kept-alive connection the endpoint closed fails a PUT: as UncheckedIOException, or as
                    // SdkClientException "Error writing request body to server" once the SDK's own retries also drew
                    // stale connections from the pool (seen in CI under load); take fresh ones.
                    if (attempt >= 6) {
                        throw e;
                    }
                }
            }
        });
    }

    List<String> paths() {
        return new ArrayList<>(files.keySet());
    }
}
