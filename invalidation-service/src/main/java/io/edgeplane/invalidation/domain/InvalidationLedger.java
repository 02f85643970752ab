package io.edgeplane.invalidation.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one distribution has in progress at CloudFront, against its quotas: at most 3,000 file
 * paths and 15 wildcard paths at a time (tags are counted with wildcards: each one fans out like a
 * wildcard, and CloudFront documents no separate quota for them). Rebuilt at start-up from
 * ListInvalidations/GetInvalidation, then kept by the scheduler. With several replicas, it holds what this replica
 * created plus what it found in progress at its last read, against this replica's {@link InProgressShare}.
 */
public final class InvalidationLedger {
    private final int maxPaths;
    private final int maxWildcards;
    /** What this replica may hold in progress: its share of the quotas (all of them when alone). */
    private int sharePaths;
    private int shareWildcards;
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
        this.sharePaths = maxPaths;
        this.shareWildcards = maxWildcards;
    }

    /**
     * Limits what may be admitted to this replica's share. A share below what is in progress leaves nothing free:
     * no submission until enough of it completes (in progress is never taken back).
     */
    public void limit(InProgressShare share) {
        sharePaths = Math.min(maxPaths, share.paths());
        shareWildcards = Math.min(maxWildcards, share.wildcards());
    }

    /** Whether a request of this size could fit the share once everything in progress completed. */
    public boolean withinShare(Usage usage) {
        return usage.paths() <= sharePaths && usage.wildcards() <= shareWildcards;
    }

    public int freePaths() {
        return Math.max(0, sharePaths - paths);
    }

    public int freeWildcards() {
        return Math.max(0, shareWildcards - wildcards);
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

    /** CloudFront's quota for the distribution. */
    public int maxPaths() {
        return maxPaths;
    }

    public int maxWildcards() {
        return maxWildcards;
    }

    /** This replica's share of it. */
    public int sharePaths() {
        return sharePaths;
    }

    public int shareWildcards() {
        return shareWildcards;
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
