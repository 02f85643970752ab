package io.edgeplane.bench.deployment;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tests' S3 endpoint (the same S3Proxy jar, jclouds transient in-memory store, same settings) with a
 * larger heap: test-support's endpoint runs in 256 MB, which holds about 15,000 small objects before it
 * thrashes, and promoting a 10,000-file build needs the build, the served copy and a baseline at once.
 */
final class BenchS3Endpoint implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    private BenchS3Endpoint(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static BenchS3Endpoint start(String heap) throws IOException, InterruptedException {
        String jar = System.getProperty("edgeplane.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found at edgeplane.s3proxy.jar=" + jar + "; run through bench/run");
        }
        Path dir = Files.createTempDirectory("edgeplane-bench-s3-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Properties props = new Properties();
        props.put("s3proxy.endpoint", endpoint.toString());
        props.put("s3proxy.authorization", "aws-v2-or-v4");
        props.put("s3proxy.identity", "edgeplane-bench");
        props.put("s3proxy.credential", "edgeplane-bench-secret");
        props.put("jclouds.provider", "transient");
        props.put("jclouds.identity", "edgeplane-bench");
        props.put("jclouds.credential", "edgeplane-bench-secret");
        Path config = dir.resolve("s3proxy.properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "edgeplane bench S3 endpoint");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar,
                "--properties", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding());
                return new BenchS3Endpoint(process, endpoint);
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("bench S3 endpoint did not start; see " + dir.resolve("s3proxy.log"), e);
                }
                Thread.sleep(100);
            }
        }
    }

    URI endpoint() {
        return endpoint;
    }

    S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("edgeplane-bench", "edgeplane-bench-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    void createBuckets(List<String> buckets) {
        try (S3Client s3 = client()) {
            buckets.forEach(b -> s3.createBucket(r -> r.bucket(b)));
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
