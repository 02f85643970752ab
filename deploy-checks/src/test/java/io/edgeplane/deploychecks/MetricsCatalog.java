package io.edgeplane.deploychecks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series names each service really exports: the text its running application served on
 * /q/metrics during its own tests (test-support's MetricsSnapshot writes
 * {@code <service>/target/metrics-snapshot.prom}), plus what Prometheus itself adds.
 */
final class MetricsCatalog {
    static final String SNAPSHOT = "target/metrics-snapshot.prom";
    /** Series Prometheus makes for every target and rule. */
    static final Set<String> PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS",
            "ALERTS_FOR_STATE");

    private final Map<String, Set<String>> byService;

    private MetricsCatalog(Map<String, Set<String>> byService) {
        this.byService = byService;
    }

    static MetricsCatalog load() {
        Map<String, Set<String>> byService = new TreeMap<>();
        for (String service : Repo.SERVICES) {
            snapshot(service).ifPresent(file -> byService.put(service, seriesNames(Repo.read(file))));
        }
        return new MetricsCatalog(byService);
    }

    /**
     * Where the services' modules are: this repository, or {@code -Dedgeplane.metrics.snapshots-root=<checkout>}
     * to check against snapshots another build produced.
     */
    static Optional<Path> snapshot(String service) {
        String root = System.getProperty("edgeplane.metrics.snapshots-root");
        Path file = (root != null ? Path.of(root).resolve(service) : Repo.path(service)).resolve(SNAPSHOT);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Sample names of a Prometheus text exposition (e.g. {@code x_bucket}, {@code x_count}, {@code x_total}). */
    static Set<String> seriesNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_'
                    || t.charAt(end) == ':')) {
                end++;
            }
            if (end > 0) {
                names.add(t.substring(0, end));
            }
        }
        return names;
    }

    Set<String> servicesWithSnapshots() {
        return byService.keySet();
    }

    Set<String> missingSnapshots() {
        Set<String> missing = new TreeSet<>(Repo.SERVICES);
        missing.removeAll(byService.keySet());
        return missing;
    }

    /** The service whose prefix a name carries ({@code edgeplane_dns_...} → dns-service), if any. */
    static Optional<String> owner(String metric) {
        for (String service : Repo.SERVICES) {
            String prefix = "edgeplane_" + service.substring(0, service.length() - "-service".length()).replace('-', '_')
                    + "_";
            if (metric.startsWith(prefix)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    /** Null when the name is exported; otherwise why not. */
    String unknown(String metric) {
        if (PROMETHEUS.contains(metric)) {
            return null;
        }
        Optional<String> owner = owner(metric);
        if (owner.isPresent()) {
            Set<String> names = byService.get(owner.get());
            if (names == null) {
                return metric + ": no snapshot of " + owner.get() + " to check against";
            }
            return names.contains(metric) ? null : metric + " is not exported by " + owner.get();
        }
        if (metric.startsWith("edgeplane_")) {
            return metric + " names no Edgeplane service";
        }
        return byService.values().stream().anyMatch(n -> n.contains(metric)) ? null
                : metric + " is exported by no service (snapshots of " + byService.keySet() + ")";
    }
}
