package io.edgeplane.invalidation.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owner-less viewer roots that one producer's set fills entirely, by the FilesDistributed {@code origin}
 * that announces the set. Such an event lists the whole set ({@code results}: copied and unchanged files)
 * and its size ({@code totalFiles}), so the size bounds the objects under the root the way an owner's
 * declared total bounds its viewer root. Without it the estimator would have to assume the prior there.
 */
public record SetRoots(Map<String, String> byOrigin) {
    /**
     * The distributor writes the fetched data set, and nothing else writes, under {@code data/} of the
     * distribution bucket ({@code edgeplane.distributor.data.prefix}); the fetcher's set is
     * complete-data.json, regions.json and services.json (its history stays in the source bucket).
     */
    public static final SetRoots DEFAULTS = new SetRoots(Map.of("data", "/data/"));

    public SetRoots {
        byOrigin = Map.copyOf(byOrigin);
        byOrigin.forEach((origin, root) -> {
            if (!root.startsWith("/") || !root.endsWith("/") || root.equals("/")) {
                throw new IllegalArgumentException("set root of origin '" + origin + "' must be a directory below /"
                        + " (/data/), was '" + root + "'");
            }
        });
    }

    /** {@code origin=root} entries, e.g. {@code data=/data/}. */
    public static SetRoots parse(List<String> entries) {
        Map<String, String> roots = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("set root '" + entry + "' must read origin=/root/");
            }
            roots.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return new SetRoots(roots);
    }

    public Optional<String> rootOf(String origin) {
        return Optional.ofNullable(origin == null ? null : byOrigin.get(origin));
    }
}
