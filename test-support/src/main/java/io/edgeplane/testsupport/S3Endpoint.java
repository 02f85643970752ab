package io.edgeplane.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3 endpoint on loopback: S3Proxy (an S3 protocol server from Maven Central) with an
 * in-memory store, started as a child JVM so its server libraries never meet the test classpath.
 */
public final class S3Endpoint implements AutoCloseable {
    public static final String ACCESS_KEY = "edgeplane-test";
    public static final String SECRET_KEY = "edgeplane-test-secret";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final URI endpoint;
    private final Path workDir;

    private S3Endpoint(Process process, URI endpoint, Path workDir) {
        this.process = process;
        this.endpoint = endpoint;
        this.workDir = workDir;
    }

    public static S3Endpoint start() {
        String jar = System.getProperty("edgeplane.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found at system property edgeplane.s3proxy.jar=" + jar
                    + "; build through the root pom, which sets it and resolves org.gaul:s3proxy");
        }
        try {
            Path workDir = Files.createTempDirectory("edgeplane-s3-");
            int port = KafkaBroker.freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Properties props = new Properties();
            props.put("s3proxy.endpoint", endpoint.toString());
            props.put("s3proxy.authorization", "aws-v2-or-v4");
            props.put("s3proxy.identity", ACCESS_KEY);
            props.put("s3proxy.credential", SECRET_KEY);
            props.put("jclouds.provider", "transient");
            props.put("jclouds.identity", ACCESS_KEY);
            props.put("jclouds.credential", SECRET_KEY);
            Path config = workDir.resolve("s3proxy.properties");
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "edgeplane test S3 endpoint");
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // The transient store keeps every object in this heap. At 256 MiB the e2e load (~100 MB of objects)
            // ran it out: Jetty then answered 400s that S3Proxy renders as InvalidURI / InvalidRequest "Bad
            // Request" and 500s, which no real S3 would send. The stand-in must never be what fails.
            String heap = System.getProperty("edgeplane.s3proxy.xmx", "1g");
            Process process = new ProcessBuilder(java, "-Xmx" + heap, "-Xms32m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar, "--properties", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("s3proxy.log").toFile())
                    .start();
            S3Endpoint s3 = new S3Endpoint(process, endpoint, workDir);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            s3.awaitReady(Duration.ofSeconds(30));
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3 endpoint exited with " + process.exitValue() + "; see "
                        + workDir.resolve("s3proxy.log"));
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("S3 endpoint not ready after " + timeout);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** An SDK client for this endpoint, configured as the services configure theirs. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    public void createBuckets(Collection<String> buckets) {
        try (S3Client s3 = client()) {
            for (String bucket : buckets) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException ignored) {
                    // idempotent
                }
            }
        }
    }

    public void createBuckets(String... buckets) {
        createBuckets(List.of(buckets));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(5), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        KafkaBroker.deleteRecursively(workDir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
