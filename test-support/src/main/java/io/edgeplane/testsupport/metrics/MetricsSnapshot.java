package io.edgeplane.testsupport.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Writes what a running {@code @QuarkusTest} application really exports on {@code /q/metrics} to
 * {@code target/metrics-snapshot.prom} of the module under test, so that the {@code deploy-checks}
 * module (built after the services) can prove every dashboard query and alert names a metric that
 * exists. Call it at the end of a test class, after the flow has run, so that metrics registered on
 * first use are in the text too:
 *
 * <pre>{@code @AfterAll static void snapshotMetrics() { MetricsSnapshot.write(); }}</pre>
 *
 * Several test classes of one module append to the same file during one test JVM (call it from every
 * {@code @QuarkusTest} class: each covers other code paths, and metrics registered on first use appear only
 * after their path ran); a file left by an
 * earlier build (older than this JVM) is replaced, so a metric removed from the code disappears from
 * the snapshot on the next build.
 */
public final class MetricsSnapshot {
    /** Where the snapshot lands, relative to the module directory (surefire's working directory). */
    public static final Path FILE = Path.of("target", "metrics-snapshot.prom");

    private MetricsSnapshot() {
    }

    /** Scrapes the application started by the current {@code @QuarkusTest} and appends the text. */
    public static Path write() {
        return write(URI.create("http://localhost:" + testPort() + metricsPath()));
    }

    /** Scrapes {@code metricsUrl} (e.g. a service started another way) and appends the text. */
    public static Path write(URI metricsUrl) {
        String text = scrape(metricsUrl);
        Path file = Path.of(System.getProperty("user.dir")).resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            boolean fromEarlierJvm = Files.exists(file) && Files.getLastModifiedTime(file).toMillis()
                    < ManagementFactory.getRuntimeMXBean().getStartTime();
            String header = "# edgeplane snapshot of " + metricsUrl + " at " + Instant.now() + " ("
                    + applicationName().orElse("unknown application") + ")\n";
            if (fromEarlierJvm || !Files.exists(file)) {
                Files.writeString(file, header + text, StandardCharsets.UTF_8);
            } else {
                Files.writeString(file, "\n" + header + text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the metrics snapshot " + file, e);
        }
    }

    static String scrape(URI metricsUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(metricsUrl)
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "text/plain; version=0.0.4")
                    .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + metricsUrl + " answered " + response.statusCode()
                        + "; is quarkus-micrometer-registry-prometheus on the classpath?");
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape " + metricsUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping " + metricsUrl, e);
        }
    }

    /** The port Quarkus bound for the test run ({@code quarkus.http.test-port=0} means a random one). */
    static int testPort() {
        Optional<Integer> configured = optional("quarkus.http.test-port").map(Integer::parseInt)
                .filter(port -> port > 0);
        return configured.orElseThrow(() -> new IllegalStateException(
                "quarkus.http.test-port is not known here; call MetricsSnapshot.write() from a @QuarkusTest "
                        + "(e.g. in @AfterAll) while the application runs"));
    }

    private static String metricsPath() {
        String root = optional("quarkus.http.root-path").orElse("/");
        String path = optional("quarkus.micrometer.export.prometheus.path").orElse("/q/metrics");
        if (path.startsWith("/")) {
            return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path;
        }
        return (root.endsWith("/") ? root : root + "/") + "q/" + path;
    }

    private static Optional<String> applicationName() {
        return optional("quarkus.application.name");
    }

    private static Optional<String> optional(String name) {
        String system = System.getProperty(name);
        Optional<String> fromConfig;
        try {
            fromConfig = ConfigProvider.getConfig().getOptionalValue(name, String.class);
        } catch (RuntimeException e) {
            fromConfig = Optional.empty();
        }
        // Quarkus publishes the port it really bound as a system property when the configured one is 0.
        if (name.endsWith("test-port") && system != null && !"0".equals(system)) {
            return Optional.of(system);
        }
        return fromConfig.or(() -> Optional.ofNullable(system));
    }
}
