package io.edgeplane.testsupport.e2e;

import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3Endpoint;
import io.edgeplane.testsupport.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The whole system as the local stack runs it, for end-to-end tests and the load driver: ONE broker
 * (the in-JVM KRaft broker of {@link TestEnvironment}), ONE S3 endpoint (S3Proxy child process) with
 * the three buckets, and the five PACKAGED services, each its own OS process with the {@code local}
 * profile and {@code -D} overrides pointing it at that broker and endpoint on a free port. Services can
 * be killed with SIGKILL and restarted; every process is stopped on {@link #close()} and, should the
 * caller forget, by a shutdown hook. Logs go to {@code logs/<service>.log}.
 */
public final class EdgeplaneStack implements AutoCloseable {
    public static final List<String> SERVICES = List.of("fetcher-service", "distributor-service",
            "invalidation-service", "dns-service", "media-service");
    public static final List<String> BUCKETS = List.of("edgeplane-source", "edgeplane-distribution", "edgeplane-uploads");
    /** The local profile's API token ({@code %local.edgeplane.security.api-token-sha256} is its digest). */
    public static final String API_TOKEN = "edgeplane-local-token";
    public static final String AUTHORIZATION = "Bearer " + API_TOKEN;
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final String bootstrapServers;
    private final S3Endpoint s3;
    private final Map<String, ServiceProcess> services;
    private final Thread shutdownHook;

    private EdgeplaneStack(String bootstrapServers, S3Endpoint s3, Map<String, ServiceProcess> services) {
        this.bootstrapServers = bootstrapServers;
        this.s3 = s3;
        this.services = services;
        this.shutdownHook = new Thread(this::stopServices, "edgeplane-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public S3Endpoint s3() {
        return s3;
    }

    public ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + "; known: " + services.keySet());
        }
        return service;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    /** Every service is alive and answers ready. */
    public boolean allReady() {
        return services.values().stream().allMatch(s -> s.isAlive() && s.ready());
    }

    /** {@code kill -9} the service, start it again with the same port and settings, wait until it is ready. */
    public void crashAndRestart(String name) {
        service(name).restart(READY_TIMEOUT);
    }

    @Override
    public void close() {
        stopServices();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private void stopServices() {
        // Together: each drains its consumers within the grace period.
        CompletableFuture.allOf(services.values().stream()
                .map(s -> CompletableFuture.runAsync(() -> s.stop(Duration.ofSeconds(15))))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** The repository root: {@code -Dedgeplane.home}, else the nearest parent holding the {@code edgeplane} script. */
    public static Path home() {
        String configured = System.getProperty("edgeplane.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("edgeplane")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root; set -Dedgeplane.home");
    }

    /**
     * Creates every Edgeplane topic and dead-letter topic with {@code partitions} partitions, and the internal
     * topics services declare in {@code local/topics.d/*.txt} ({@code name [partitions] [compact]} per line, as
     * {@code ./edgeplane topics create} reads them). Existing topics are left alone.
     */
    public static void createTopics(String bootstrap, Path home, int partitions) {
        createTopics(bootstrap, home, partitions, List.of());
    }

    /** Like {@link #createTopics(String, Path, int)}, plus {@code extra} topics (e.g. a service's internal ones). */
    public static void createTopics(String bootstrap, Path home, int partitions, List<NewTopic> extra) {
        List<NewTopic> wanted = new ArrayList<>(extra);
        KafkaTestResource.allTopics(Set.of()).forEach(t -> wanted.add(new NewTopic(t, partitions, (short) 1)));
        Path dir = home.resolve("local/topics.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                    for (String line : Files.readAllLines(file)) {
                        String trimmed = line.strip();
                        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                            continue;
                        }
                        String[] parts = trimmed.split("\\s+");
                        NewTopic topic = new NewTopic(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : partitions,
                                (short) 1);
                        if (parts.length > 2 && parts[2].equals("compact")) {
                            topic.configs(Map.of("cleanup.policy", "compact"));
                        }
                        wanted.add(topic);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies {@code app} (a quarkus-app directory) to {@code target}, replacing what was there. */
    static Path snapshot(Path app, Path target) {
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            return app; // ServiceProcess reports the missing package
        }
        try {
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(app)) {
                for (Path source : files.toList()) {
                    Path copy = target.resolve(app.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + app + " to " + target
                    + " (is the service being rebuilt right now? try again)", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private Path home;
        private Path logs;
        private int partitions = 3;
        private final Map<String, String> common = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> perService = new LinkedHashMap<>();
        /*
         * -Xms32m: a pod's JVM starts with 1/64 of its memory limit (32 MiB at 2 Gi); left to itself, a JVM on a
         * 24 GB machine starts with min(RAM/64, Xmx) = the whole 256 MiB, and its young generation, sized from
         * that, is touched whatever the service does — resident memory no pod would show.
         */
        private List<String> jvmOptions = List.of("-Xmx256m", "-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        private List<String> only = SERVICES;
        private boolean snapshot = true;
        private final List<NewTopic> internalTopics = new ArrayList<>();

        /**
         * A topic to create before the services start, as production does (Strimzi KafkaTopics), rather than
         * leaving it to the service's own start-up.
         */
        public Builder internalTopic(String name, int partitions, boolean compacted) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (compacted) {
                topic.configs(Map.of("cleanup.policy", "compact"));
            }
            internalTopics.add(topic);
            return this;
        }

        /**
         * Run a private copy of each packaged app (default): a rebuild of a service module while the stack runs
         * (another build deleting {@code target/quarkus-app/lib}) must not pull jars from under a running process,
         * and a restarted service runs the same bytes as before its crash.
         */
        public Builder snapshotApps(boolean snapshot) {
            this.snapshot = snapshot;
            return this;
        }

        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** Directory for the services' logs (default {@code <home>/e2e/target/e2e-logs}). */
        public Builder logs(Path logs) {
            this.logs = logs;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** A {@code -D} property for every service. */
        public Builder property(String key, String value) {
            common.put(key, value);
            return this;
        }

        /** A {@code -D} property for one service. */
        public Builder property(String service, String key, String value) {
            perService.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Runs only these services (default: all five). */
        public Builder only(List<String> services) {
            this.only = List.copyOf(services);
            return this;
        }

        public EdgeplaneStack start() {
            Path root = home != null ? home : EdgeplaneStack.home();
            Path logDir = logs != null ? logs
                    : Path.of(System.getProperty("e2e.logs", root.resolve("e2e/target/e2e-logs").toString()));
            logDir = logDir.toAbsolutePath();
            String bootstrap = TestEnvironment.kafkaBootstrapServers();
            createTopics(bootstrap, root, partitions, internalTopics);
            S3Endpoint s3 = TestEnvironment.s3();
            s3.createBuckets(BUCKETS);

            Map<String, ServiceProcess> services = new LinkedHashMap<>();
            for (String name : only) {
                Map<String, String> props = new LinkedHashMap<>();
                props.put("kafka.bootstrap.servers", bootstrap);
                props.put("edgeplane.aws.endpoint-override.s3", s3.endpoint().toString());
                props.put("edgeplane.aws.s3.path-style-access", "true");
                props.put("edgeplane.aws.region", S3Endpoint.REGION);
                // Loopback only: the stack is for this machine.
                props.put("quarkus.http.host", "127.0.0.1");
                props.put("edgeplane.aws.credentials.access-key-id", S3Endpoint.ACCESS_KEY);
                props.put("edgeplane.aws.credentials.secret-access-key", S3Endpoint.SECRET_KEY);
                props.putAll(common);
                props.putAll(perService.getOrDefault(name, Map.of()));
                Path app = root.resolve(name).resolve("target/quarkus-app");
                if (snapshot) {
                    app = snapshot(app, logDir.resolveSibling("e2e-apps").resolve(name));
                }
                services.put(name, new ServiceProcess(name, app.resolve("quarkus-run.jar"), freePort(),
                        logDir.resolve(name + ".log"), props, jvmOptions));
            }
            EdgeplaneStack stack = new EdgeplaneStack(bootstrap, s3, services);
            try {
                services.values().forEach(ServiceProcess::start);
                List<CompletableFuture<Void>> ready = new ArrayList<>();
                for (ServiceProcess service : services.values()) {
                    ready.add(CompletableFuture.runAsync(() -> service.awaitReady(READY_TIMEOUT)));
                }
                CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
            return stack;
        }
    }
}
