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
import java.util.Properties;

/**
 * The local stack's S3 endpoint for {@link PromotionRss}: S3Proxy's filesystem-nio2 store behind
 * {@code io.edgeplane.local.s3.LocalS3Endpoint} (pages read in key order from the directories), started from
 * {@code local/target/classes} as {@code ./edgeplane up} starts it. The tests' transient store walks every key
 * of the bucket for each 1,000-key page, which made listing a 100,000-file build quadratic; this one costs a
 * page per page, and its memory does not grow with the object count.
 */
final class PromotionRssEndpoint implements AutoCloseable {
    static final String IDENTITY = "edgeplane-bench";
    static final String CREDENTIAL = "edgeplane-bench-secret";

    private final Process process;
    private final URI endpoint;
    private final Path dir;

    private PromotionRssEndpoint(Process process, URI endpoint, Path dir) {
        this.process = process;
        this.endpoint = endpoint;
        this.dir = dir;
    }

    static PromotionRssEndpoint start(String heap) throws IOException, InterruptedException {
        String jar = System.getProperty("edgeplane.s3proxy.jar");
        Path classes = Path.of(System.getProperty("edgeplane.local.classes", "local/target/classes"));
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found at edgeplane.s3proxy.jar=" + jar);
        }
        if (!Files.isRegularFile(classes.resolve("io/edgeplane/local/s3/LocalS3Endpoint.class"))) {
            throw new IllegalStateException("local S3 endpoint classes not found under " + classes.toAbsolutePath()
                    + " (build the local module, or -Dedgeplane.local.classes=...)");
        }
        Path dir = Files.createTempDirectory("edgeplane-bench-s3fs-");
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Properties props = new Properties();
        props.put("s3proxy.endpoint", endpoint.toString());
        props.put("s3proxy.authorization", "aws-v2-or-v4");
        props.put("s3proxy.identity", IDENTITY);
        props.put("s3proxy.credential", CREDENTIAL);
        props.put("jclouds.provider", "filesystem-nio2");
        props.put("jclouds.filesystem.basedir", dir.resolve("data").toString());
        props.put("jclouds.identity", IDENTITY);
        props.put("jclouds.credential", CREDENTIAL);
        Path config = dir.resolve("s3proxy.properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "edgeplane PromotionRss S3 endpoint");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx" + heap, "-Xss512k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", jar + ":" + classes.toAbsolutePath(),
                "io.edgeplane.local.s3.LocalS3Endpoint", "--properties", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding());
                return new PromotionRssEndpoint(process, endpoint, dir);
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("local S3 endpoint did not start; see " + dir.resolve("s3.log"), e);
                }
                Thread.sleep(100);
            }
        }
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the objects of two 100,000-file builds and the served copy: hundreds of thousands of small files
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
