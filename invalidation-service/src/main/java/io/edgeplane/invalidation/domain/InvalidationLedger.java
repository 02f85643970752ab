package io.edgeplane.invalidation.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one distribution has in progress at CloudFront, against its quotas: at most 3,000 file
 * paths and 15 wildcard paths at a time (tags are counted with wildcards: each one fans out like a
 * wildcard, and CloudFront documents no separate quota for them). Rebuilt at start-up from
 * ListInvalidations/GetInvalidation, then kept by the scheduler.
 */
public final class InvalidationLedger {
    private final int maxPaths;
    private final int maxWildcards;
    private final Map<String, Usage> inProgress = new LinkedHashMap<>();
    private int paths;
    private int wildcards;
    private int peakPaths;
    private int peakWildcards;

    /** Items one invalidation occupies. */
    public record Usage(int paths, int wildcards) {
        public static Usage of(Iterable<InvalidationItem> items) {
            int p = 0;
            int w = 0;
            for (InvalidationItem item : items) {
                if (item.kind() == ItemKind.PATH) {
                    p++;
                } else {
                    w++;
                }
            }
            return new Usage(p, w);
        }
    }

    public InvalidationLedger(int maxPaths, int maxWildcards) {
        this.maxPaths = maxPaths;
        this.maxWildcards = maxWildcards;
    }

    public int freePaths() {
        return Math.max(0, maxPaths - paths);
    }

    public int freeWildcards() {
        return Math.max(0, maxWildcards - wildcards);
    }

    public boolean fits(Usage usage) {
        return usage.paths() <= freePaths() && usage.wildcards() <= freeWildcards();
    }

    /** Records an invalidation CloudFront accepted (or reported as in progress). Idempotent per id. */
    public void admit(String invalidationId, Usage usage) {
        if (inProgress.putIfAbsent(invalidationId, usage) == null) {
            paths += usage.paths();
            wildcards += usage.wildcards();
            peakPaths = Math.max(peakPaths, paths);
            peakWildcards = Math.max(peakWildcards, wildcards);
        }
    }

    /** Frees what a completed invalidation held. */
    public void complete(String invalidationId) {
        Usage usage = inProgress.remove(invalidationId);
        if (usage != null) {
            paths -= usage.paths();
            wildcards -= usage.wildcards();
        }
    }

    public boolean isInProgress(String invalidationId) {
        return inProgress.containsKey(invalidationId);
    }

    public int pathsInProgress() {
        return paths;
    }

    public int wildcardsInProgress() {
        return wildcards;
    }

    public int invalidationsInProgress() {
        return inProgress.size();
    }

    public int maxPaths() {
        return maxPaths;
    }

    public int maxWildcards() {
        return maxWildcards;
    }

    public int peakPaths() {
        return peakPaths;
    }

    public int peakWildcards() {
        return peakWildcards;
    }

    /** The larger of the two utilisations, 0..1. */
    public double utilisation() {
        return Math.max(paths / (double) maxPaths, wildcards / (double) maxWildcards);
    }
}
