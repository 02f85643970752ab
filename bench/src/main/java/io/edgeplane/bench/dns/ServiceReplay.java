package io.edgeplane.bench.dns;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.PodJvm;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * N TenantProvisioned through the <b>packaged dns-service as a process</b> (the e2e harness's way, local profile,
 * shipped settings) against a real broker and the service's simulated Route 53 with the DEFAULT quota (10,000
 * record sets per zone, 5 requests/s), published by a plain Kafka producer, for each records mode: wildcard (the
 * shipped default) and explicit per-tenant records. Records time until every tenant is answered
 * (TenantDnsReady or TenantDnsFailed), Route 53 requests by operation and throttles (the service's /q/metrics),
 * failures by rule and the service's peak RSS (VmHWM).
 * <p>
 * {@code bench/run dns.ServiceReplay [--tenants 100000] [--modes wildcard,explicit] [--timeout 30m] [--jvm harness|image]}
 */
public final class ServiceReplay {
    private static final String BASE = "edgeplane.test"; // the local profile's base domain
    private static final Pattern METRIC = Pattern.compile(
            "^edgeplane_dns_route53_(requests|errors)_total\\{[^}]*(?:operation|code)=\"([^\"]+)\"[^}]*\\} ([0-9.eE+]+)$",
            Pattern.MULTILINE);
    private static final Pattern RULE = Pattern.compile("\"rule\"\\s*:\\s*\"([^\"]+)\"");

    record Row(String mode, int tenants, int ready, Map<String, Integer> failed, Duration publish, Duration answered,
            Map<String, Long> requests, Map<String, Long> errors, long peakRssKb, long rssBeforeKb, String load,
            String jvm) {
    }

    public static void main(String[] args) throws Exception {
        int tenants = Integer.parseInt(arg(args, "--tenants", "100000"));
        List<String> modes = List.of(arg(args, "--modes", "wildcard,explicit").split(","));
        Duration timeout = Duration.parse("PT" + arg(args, "--timeout", "30m").toUpperCase());
        String jvm = arg(args, "--jvm", "harness");
        List<Row> rows = new ArrayList<>();
        for (String mode : modes) {
            rows.add(run(mode.trim(), tenants, timeout, jvm));
        }
        String table = render(rows, args);
        System.out.println(table);
        // -Dbench.out: measuring runs elsewhere, so the recorded results are not overwritten.
        Path out = Path.of(System.getProperty("bench.out", "bench/results/dns-service-replay.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.exit(0); // the in-JVM broker's threads
    }

    private static Row run(String mode, int tenants, Duration timeout, String jvm) throws Exception {
        String prefix = mode.charAt(0) + UUID.randomUUID().toString().substring(0, 4) + "-";
        EdgeplaneStack.Builder builder = EdgeplaneStack.builder().only(List.of("dns-service"))
                .internalTopic("edgeplane.dns.desired-state", 2, true)
                .internalTopic("edgeplane.dns.zone-changes", 2, false);
        if ("explicit".equals(mode)) {
            builder.property("dns-service", "edgeplane.dns.records.wildcard", "false");
        }
        builder.jvmOptions(jvmOptions(mode, jvm));
        try (EdgeplaneStack stack = builder.start()) {
            ServiceProcess dns = stack.service("dns-service");
            long rssBefore = rss(dns.pid(), "VmRSS");
            Set<String> ready = new HashSet<>();
            Map<String, Integer> failed = new TreeMap<>();
            Map<String, String> answered = new java.util.HashMap<>();
            try (KafkaConsumer<String, byte[]> answers = consumer(stack.bootstrapServers());
                    KafkaProducer<String, byte[]> producer = producer(stack.bootstrapServers())) {
                answers.subscribe(List.of("edgeplane.tenants.dns"));
                while (answers.assignment().isEmpty()) {
                    answers.poll(Duration.ofMillis(100));
                }
                answers.seekToEnd(answers.assignment());
                answers.assignment().forEach(answers::position);
                String loadAtStart = loadAverage();
                Instant start = Instant.now();
                for (int i = 0; i < tenants; i++) {
                    String id = prefix + String.format("%06d", i);
                    TenantProvisioned p = new TenantProvisioned(id, id, BASE, SubscriptionTier.STANDARD,
                            TrafficTier.NORMAL, 10_000L, List.of(), null, null, Instant.now(), List.of());
                    producer.send(CloudEventCodec.toRecord(EventEnvelope.of("/tenant-management", p)));
                }
                producer.flush();
                Duration published = Duration.between(start, Instant.now());
                System.out.printf("%s: %d published in %s%n", mode, tenants, published);
                long peak = rssBefore;
                Instant deadline = start.plus(timeout);
                Instant lastReport = Instant.now();
                while (answered.size() < tenants && Instant.now().isBefore(deadline)) {
                    for (ConsumerRecord<String, byte[]> r : answers.poll(Duration.ofMillis(200))) {
                        if (!r.key().startsWith(prefix)) {
                            continue;
                        }
                        String type = header(r, "ce_type");
                        if (type.endsWith("ready.v1") && answered.putIfAbsent(r.key(), "ready") == null) {
                            ready.add(r.key());
                        } else if (type.endsWith("failed.v1") && answered.putIfAbsent(r.key(), "failed") == null) {
                            Matcher m = RULE.matcher(new String(r.value(), StandardCharsets.UTF_8));
                            failed.merge(m.find() ? m.group(1) : "?", 1, Integer::sum);
                        }
                    }
                    peak = Math.max(peak, rss(dns.pid(), "VmRSS"));
                    if (Duration.between(lastReport, Instant.now()).toSeconds() >= 10) {
                        lastReport = Instant.now();
                        histogram(dns.pid(), mode, Duration.between(start, lastReport).toSeconds());
                        System.out.printf("%s: %d ready, %d failed after %ds, RSS %d MB%n", mode, ready.size(),
                                answered.size() - ready.size(), Duration.between(start, lastReport).toSeconds(),
                                rss(dns.pid(), "VmRSS") / 1024);
                    }
                }
                Duration took = Duration.between(start, Instant.now());
                long hwm = Math.max(peak, rss(dns.pid(), "VmHWM"));
                Map<String, Long> requests = new TreeMap<>();
                Map<String, Long> errors = new TreeMap<>();
                Matcher m = METRIC.matcher(metrics(dns.url()));
                while (m.find()) {
                    ("requests".equals(m.group(1)) ? requests : errors).merge(m.group(2),
                            (long) Double.parseDouble(m.group(3)), Long::sum);
                }
                String malloc = System.getenv("MALLOC_ARENA_MAX");
                return new Row(mode, tenants, ready.size(), failed, published, took, requests, errors, hwm, rssBefore,
                        loadAtStart + " → " + loadAverage(), String.join(" ", jvmOptions(mode, jvm))
                                + (malloc == null ? "" : ", MALLOC_ARENA_MAX=" + malloc));
            }
        }
    }

    /** The e2e harness's JVM options: a fixed 256 MB heap ceiling, no initial size (the JVM's: RAM/64). */
    static final List<String> HARNESS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * What the shipped image runs in its pod: test-support's {@link PodJvm} reads the memory limit and the JVM env
     * from the kustomize base deploy/k8s/base/dns-service. {@code -Dbench.gc} and {@code -Dbench.memRatio} override
     * the manifest's GC_CONTAINER_OPTIONS and JAVA_MAX_MEM_RATIO for experiments.
     */
    static List<String> image() {
        List<String> options = new ArrayList<>(PodJvm.of(Path.of("deploy/k8s/base/dns-service")).options());
        String ratio = System.getProperty("bench.memRatio");
        if (ratio != null) {
            options.replaceAll(o -> o.startsWith("-XX:MaxRAMPercentage=") ? "-XX:MaxRAMPercentage=" + ratio + ".0" : o);
        }
        String gc = System.getProperty("bench.gc");
        if (gc != null) {
            options.replaceAll(o -> o.matches("-XX:\\+Use\\w+GC") ? gc : o);
        }
        return options;
    }

    /**
     * {@code --jvm harness} (default) or {@code image} options, then {@code -Dbench.jvm="..."} (space-separated),
     * then a flight recording with {@code -Dbench.jfr=<prefix>}. The service inherits this process's environment
     * (e.g. {@code MALLOC_ARENA_MAX}).
     */
    static List<String> jvmOptions(String mode, String jvm) {
        List<String> options = new ArrayList<>(switch (jvm) {
            case "harness" -> HARNESS;
            case "image" -> image();
            default -> throw new IllegalArgumentException("--jvm: harness or image, not " + jvm);
        });
        String extra = System.getProperty("bench.jvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null) {
            options.add("-XX:StartFlightRecording=filename=" + jfr + "-" + mode + ".jfr,settings=profile");
        }
        return options;
    }

    /**
     * With {@code -Dbench.histogram=<prefix>}: the service's live-object histogram (jcmd GC.class_histogram, a
     * full GC: measuring runs only) written to {@code <prefix>-<mode>-<seconds>s.txt}, its first 60 lines.
     */
    private static void histogram(long pid, String mode, long seconds) {
        String prefix = System.getProperty("bench.histogram");
        if (prefix == null) {
            return;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
            List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            jcmd.waitFor();
            List<String> head = new ArrayList<>(lines.subList(0, Math.min(60, lines.size())));
            if (lines.size() > 60) {
                head.add(lines.getLast());
            }
            Files.write(Path.of(prefix + "-" + mode + "-" + seconds + "s.txt"), head);
        } catch (IOException e) {
            System.out.println("no histogram: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        // A plain producer as any client would configure it: acks=all, small linger, no project code on top.
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The machine's 1-minute load average (the cores are shared: figures mean little without it). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** A line of /proc/<pid>/status in kB (VmRSS now, VmHWM peak). */
    private static long rss(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return 0;
    }

    /** The service's metrics, or "" when it does not answer (e.g. out of memory): the row is still written. */
    private static String metrics(URI base) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest
                    .newBuilder(base.resolve("/q/metrics")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            System.out.println("metrics not readable: " + e);
            return "";
        }
    }

    private static String render(List<Row> rows, String[] args) {
        StringBuilder s = new StringBuilder();
        s.append("# dns-service replay through the packaged service\n\n");
        s.append("`bench/run dns.ServiceReplay ").append(String.join(" ", args)).append("` on ")
                .append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores shared by the broker, this driver and the service.\n\n");
        s.append("The packaged dns-service (`dns-service/target/quarkus-app`, local profile, shipped settings) as a"
                + " process against the in-JVM KRaft broker; its simulated Route 53 with the **default quota**"
                + " (10,000 record sets per hosted zone, 5 requests/s per account, INSYNC after the local profile's"
                + " 2 s). TenantProvisioned published by a plain KafkaProducer (acks=all, linger 5 ms); answers read"
                + " from `edgeplane.tenants.dns`. Requests and throttles from the service's `/q/metrics`; peak RSS is"
                + " the process's VmHWM.\n\n");
        s.append("| records mode | tenants | ready | failed by rule | publish | all answered | tenants/s |"
                + " Route 53 requests by operation | errors by code | RSS before | peak RSS | load average (1 min, start → end) | service JVM |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            double perSecond = (r.ready() + r.failed().values().stream().mapToInt(Integer::intValue).sum())
                    / Math.max(0.001, r.answered().toMillis() / 1000.0);
            s.append("| ").append(r.mode()).append(" | ").append(r.tenants()).append(" | ").append(r.ready())
                    .append(" | ").append(r.failed().isEmpty() ? "0" : r.failed().toString()).append(" | ")
                    .append(seconds(r.publish())).append(" | ").append(seconds(r.answered())).append(" | ")
                    .append(String.format("%.0f", perSecond)).append(" | ").append(r.requests()).append(" | ")
                    .append(r.errors()).append(" | ").append(r.rssBeforeKb() / 1024).append(" MB | ")
                    .append(r.peakRssKb() / 1024).append(" MB | ").append(r.load()).append(" | `").append(r.jvm())
                    .append("` |\n");
        }
        return s.toString();
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
