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
 * The estimate errs high (see {@link #estimateUnder}): declared totals bound from above, observed
 * objects only from below, and where nothing is declared the configured prior applies, so a
 * directory holding only changed paths never looks as if nothing else were cached there. Thread-safe.
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

    /**
     * Errs high. A declared total (at the prefix, else at its nearest declared ancestor, which bounds
     * everything below it) is the upper bound; with none, the configured prior. What was observed is a
     * lower bound (the changed paths themselves are among it): it only raises the figure, when a
     * declaration turned out stale, and never stands in for a larger declared or prior total.
     */
    @Override
    public synchronized long estimateUnder(String prefix) {
        long upper = unknown;
        for (String p = prefix; p != null; p = parent(p)) {
            Long total = declared.get(p);
            if (total != null) {
                upper = Math.max(total, counted.getOrDefault(p, 0L));
                break;
            }
        }
        return Math.max(upper, counted.getOrDefault(prefix, 0L));
    }

    /** The directory above {@code prefix} ({@code /a/b/} → {@code /a/}), null above {@code /}. */
    private static String parent(String prefix) {
        int slash = prefix.lastIndexOf('/', prefix.length() - 2);
        return slash < 0 || prefix.equals("/") ? null : prefix.substring(0, slash + 1);
    }

    @Override
    public synchronized long estimateTagged(String tag) {
        return tagged.getOrDefault(tag, -1L);
    }
}
