package io.edgeplane.testsupport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a service's pod starts its JVM, read from its kustomize base ({@code deploy/k8s/base/<service>}): the container's
 * memory limit and literal env in {@code deployment.yaml}, and the service's own ConfigMap env files
 * ({@code configMapGenerator} in {@code kustomization.yaml}). The env is turned into options as the image's
 * run-java.sh (ubi9 openjdk-25-runtime) does, so a process started here runs the configuration that ships:
 * {@code JAVA_MAX_MEM_RATIO} / {@code JAVA_INITIAL_MEM_RATIO} → {@code -XX:MaxRAMPercentage} /
 * {@code -XX:InitialRAMPercentage} of the limit ({@code -XX:MaxRAM} stands in for the cgroup), {@code
 * GC_CONTAINER_OPTIONS} (ParallelGC when unset) with the script's heap-free and time-ratio defaults, then the JVM
 * options of {@code JAVA_OPTS_APPEND} (its {@code -D} properties are the image's business: the harness sets its own).
 * {@link #environment()} keeps only the variables that shape the process rather than the application (glibc's
 * {@code MALLOC_*}): the application settings are the {@code local} profile's in the e2e stack. Used by the e2e
 * crash test and the benches that measure a pod (bench {@code dns.ServiceReplay --jvm image}).
 */
public record PodJvm(List<String> options, Map<String, String> environment) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The pod of the kustomize base {@code base} (e.g. {@code deploy/k8s/base/media-service}). */
    public static PodJvm of(Path base) {
        JsonNode container = read(base.resolve("deployment.yaml")).path("spec").path("template").path("spec")
                .path("containers").path(0);
        String limit = container.path("resources").path("limits").path("memory").asText("");
        if (!limit.matches("\\d+(Mi|Gi)")) {
            throw new IllegalStateException(base.resolve("deployment.yaml") + ": resources.limits.memory '" + limit
                    + "' is not <n>Mi or <n>Gi");
        }
        long mib = Long.parseLong(limit.substring(0, limit.length() - 2)) * (limit.endsWith("Gi") ? 1024 : 1);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode file : read(base.resolve("kustomization.yaml")).path("configMapGenerator")) {
            for (JsonNode envs : file.path("envs")) {
                env.putAll(envFile(base.resolve(envs.asText())));
            }
        }
        for (JsonNode variable : container.path("env")) {
            if (variable.has("value")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        List<String> options = new ArrayList<>();
        options.add("-XX:MaxRAM=" + mib + "m");
        if (env.containsKey("JAVA_MAX_MEM_RATIO")) {
            options.add("-XX:MaxRAMPercentage=" + env.get("JAVA_MAX_MEM_RATIO") + ".0");
        }
        if (env.containsKey("JAVA_INITIAL_MEM_RATIO")) {
            options.add("-XX:InitialRAMPercentage=" + env.get("JAVA_INITIAL_MEM_RATIO") + ".0");
        }
        options.addAll(split(env.getOrDefault("GC_CONTAINER_OPTIONS", "-XX:+UseParallelGC")));
        options.addAll(List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4",
                "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError"));
        split(env.getOrDefault("JAVA_OPTS_APPEND", "")).stream().filter(o -> o.startsWith("-X")).forEach(options::add);
        Map<String, String> process = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("MALLOC_")) {
                process.put(name, value);
            }
        });
        return new PodJvm(List.copyOf(options), Map.copyOf(process));
    }

    private static List<String> split(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    private static JsonNode read(Path yaml) {
        try {
            return YAML.readTree(yaml.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yaml, e);
        }
    }

    /** A kustomize env file: {@code NAME=value} lines, {@code #} comments. */
    private static Map<String, String> envFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return env;
    }
}
