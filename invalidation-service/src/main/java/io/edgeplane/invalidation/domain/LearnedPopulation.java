package io.edgeplane.invalidation.domain;

import java.util.Collection;
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
 * an event's results) is counted under each of its directory prefixes, up to a cap;</li>
 * <li>listings: an event that lists the files its owner's set holds ({@link #list}) replaces that root's
 * directory counts; kept as counts per directory, not per path, so every owner's latest listing fits.</li>
 * </ul>
 * The estimate errs high (see {@link #estimateUnder}): declared totals bound from above, observed
 * objects only from below, and where nothing is declared the configured prior applies, so a
 * directory holding only changed paths never looks as if nothing else were cached there. Objects seen
 * elsewhere under the declared root narrow the bound of a directory (they cannot be inside it): once an
 * event has listed a site's files, its subdirectories are estimated exactly. Deleted files are forgotten,
 * so that narrowing never counts an object that is gone. Thread-safe.
 */
public final class LearnedPopulation implements ObjectPopulation {
    private final long unknown;
    private final int maxObservedPaths;
    private final Map<String, Long> declared = new HashMap<>();
    private final Map<String, Long> counted = new HashMap<>();
    private final Map<String, Long> tagged = new HashMap<>();
    /** Per listed root: objects under each directory prefix (the root included) in its latest listing. */
    private final Map<String, Map<String, Long>> listed = new HashMap<>();
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

    /** This encoded path exists. A directory URL ({@code /a/}) is no object of its own and is not counted. */
    public synchronized void observe(String path) {
        if (path.endsWith("/") || seen.size() >= maxObservedPaths || !seen.add(path)) {
            return;
        }
        count(path, 1);
    }

    /**
     * These encoded paths exist under {@code root} (a directory prefix): the latest listing of what the root
     * holds, replacing the previous one. It need not be complete: every listed object narrows the bound of
     * the directories it is not in.
     */
    public synchronized void list(String root, Collection<String> paths) {
        Map<String, Long> counts = new HashMap<>();
        counts.put(root, 0L);
        for (String path : paths) {
            if (!path.startsWith(root) || path.endsWith("/")) {
                continue;
            }
            for (int i = root.length() - 1; i >= 0 && i < path.length() - 1; i = path.indexOf('/', i + 1)) {
                counts.merge(path.substring(0, i + 1), 1L, Long::sum);
            }
        }
        listed.put(root, counts);
    }

    /** This encoded path no longer exists (a deployment deleted it). */
    public synchronized void forget(String path) {
        if (seen.remove(path)) {
            count(path, -1);
        }
        // A listing that may hold it is dropped (it keeps no paths): the next listing replaces it.
        for (String p = parent(path); p != null; p = parent(p)) {
            listed.remove(p);
        }
    }

    private void count(String path, long delta) {
        for (int i = path.indexOf('/'); i >= 0 && i < path.length() - 1; i = path.indexOf('/', i + 1)) {
            counted.merge(path.substring(0, i + 1), delta, Long::sum);
        }
    }

    /**
     * Errs high. A declared total (at the prefix, else at its nearest declared ancestor, which bounds
     * everything below it) is the upper bound; with none, the configured prior. What was observed is a
     * lower bound (the changed paths themselves are among it): it only raises the figure, when a
     * declaration turned out stale, and never stands in for a larger declared or prior total.
     * Below a declared ancestor, the objects observed under the ancestor but outside the prefix are
     * subtracted: they exist and are not under the prefix, so the bound stays an upper bound.
     */
    @Override
    public synchronized long estimateUnder(String prefix) {
        boolean directory = prefix.endsWith("/");
        long here = counted.getOrDefault(prefix, 0L);
        long upper = unknown;
        for (String p = prefix; p != null; p = parent(p)) {
            Long total = declared.get(p);
            if (total != null) {
                long under = counted.getOrDefault(p, 0L);
                // Only a directory's own count is kept: a file-name prefix gets no subtraction.
                upper = Math.max(total, under) - (directory ? under - here : 0);
                Map<String, Long> listing = listed.get(p);
                if (listing != null && directory) {
                    // The same bound from the root's latest listing; both hold, so the smaller one does.
                    long all = listing.get(p);
                    long inside = listing.getOrDefault(prefix, 0L);
                    upper = Math.min(upper, Math.max(total, all) - (all - inside));
                    here = Math.max(here, inside);
                }
                break;
            }
        }
        return Math.max(upper, here);
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
