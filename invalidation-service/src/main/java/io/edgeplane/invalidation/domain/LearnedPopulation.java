package io.edgeplane.invalidation.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An {@link ObjectPopulation} learned from what the service sees, per distribution:
 * <ul>
 * <li>declared totals: a FilesDistributed for a tenant says how many files its whole set holds
 * ({@code totalFiles}), which bounds the objects under the tenant's prefix;</li>
 * <li>observed objects: every path the service has seen exist (changed, or listed unchanged in
 * an event's results) is counted under each of its directory prefixes, up to a cap.</li>
 * </ul>
 * A prefix with neither falls back to its nearest known ancestor (an upper bound), then to a
 * configured default: guessing high keeps wildcards honest. Counted objects are a lower bound
 * unless events list every file of a set (their results include unchanged files). Thread-safe.
 */
public final class LearnedPopulation implements ObjectPopulation {
    private final long unknown;
    private final int maxObservedPaths;
    private final Map<String, Long> declared = new HashMap<>();
    private final Map<String, Long> counted = new HashMap<>();
    private final Map<String, Long> tagged = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    public LearnedPopulation(long unknown, int maxObservedPaths) {
        this.unknown = unknown;
        this.maxObservedPaths = maxObservedPaths;
    }

    /** {@code total} objects live under {@code prefix} (a directory prefix ending in {@code /}). */
    public synchronized void declare(String prefix, long total) {
        declared.merge(prefix, total, Math::max);
    }

    /** At least {@code count} objects carry {@code tag}. */
    public synchronized void declareTag(String tag, long count) {
        tagged.merge(tag, count, Math::max);
    }

    /** This encoded path exists. */
    public synchronized void observe(String path) {
        if (seen.size() >= maxObservedPaths || !seen.add(path)) {
            return;
        }
        for (int i = path.indexOf('/'); i >= 0 && i < path.length() - 1; i = path.indexOf('/', i + 1)) {
            counted.merge(path.substring(0, i + 1), 1L, Long::sum);
        }
    }

    @Override
    public synchronized long estimateUnder(String prefix) {
        long best = Math.max(declared.getOrDefault(prefix, 0L), counted.getOrDefault(prefix, 0L));
        if (best > 0) {
            return best;
        }
        // Nearest known ancestor directory: everything under the prefix is at most that many.
        for (int i = prefix.lastIndexOf('/', prefix.length() - 2); i >= 0; i = i == 0 ? -1 : prefix.lastIndexOf('/', i - 1)) {
            String ancestor = prefix.substring(0, i + 1);
            long known = Math.max(declared.getOrDefault(ancestor, 0L), counted.getOrDefault(ancestor, 0L));
            if (known > 0) {
                return known;
            }
        }
        return unknown;
    }

    @Override
    public synchronized long estimateTagged(String tag) {
        return tagged.getOrDefault(tag, -1L);
    }
}
