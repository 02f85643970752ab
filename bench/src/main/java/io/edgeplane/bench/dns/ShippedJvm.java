package io.edgeplane.bench.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a service's pod runs with, read from its Deployment in {@code deploy/k8s/base}: the container's
 * memory limit and the env the image's run-java.sh (ubi9 openjdk-25-runtime) turns into options —
 * {@code JAVA_MAX_MEM_RATIO} → {@code -XX:MaxRAMPercentage}, {@code GC_CONTAINER_OPTIONS} (default ParallelGC) with
 * its heap-free and time-ratio defaults, {@code JAVA_OPTS_APPEND}. {@code -XX:MaxRAM} stands in for the cgroup
 * limit. So the bench measures the configuration that ships, not a copy of it.
 */
final class ShippedJvm {
    private static final Pattern LIMIT = Pattern.compile("(?s)limits:.*?memory:\\s*\"?(\\d+)(Mi|Gi)\"?");
    private static final Pattern ENV = Pattern.compile("- name: (\\S+)\\s*\\n\\s*value: \"?([^\"\\n]*)\"?");

    private ShippedJvm() {
    }

    static List<String> options(Path deployment) {
        String yaml;
        try {
            yaml = Files.readString(deployment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher limit = LIMIT.matcher(yaml);
        if (!limit.find()) {
            throw new IllegalStateException(deployment + ": no memory limit");
        }
        long mib = Long.parseLong(limit.group(1)) * ("Gi".equals(limit.group(2)) ? 1024 : 1);
        Map<String, String> env = new HashMap<>();
        Matcher m = ENV.matcher(yaml);
        while (m.find()) {
            env.put(m.group(1), m.group(2).trim());
        }
        List<String> options = new ArrayList<>();
        options.add("-XX:MaxRAM=" + mib + "m");
        if (env.containsKey("JAVA_MAX_MEM_RATIO")) {
            options.add("-XX:MaxRAMPercentage=" + env.get("JAVA_MAX_MEM_RATIO") + ".0");
        }
        options.add(env.getOrDefault("GC_CONTAINER_OPTIONS", "-XX:+UseParallelGC"));
        options.addAll(List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4",
                "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError"));
        String append = env.getOrDefault("JAVA_OPTS_APPEND", "");
        for (String option : append.split("\\s+")) {
            if (option.startsWith("-XX:") || option.startsWith("-Xss")) {
                options.add(option);
            }
        }
        return options;
    }
}
