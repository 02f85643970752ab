package io.edgeplane.invalidation.domain;

import java.util.BitSet;

/**
 * This replica's part of one distribution's in-progress quotas (CloudFront: 3,000 file paths and 15 wildcard
 * paths per distribution, whoever submits). The quota is cut into one slice per working position (a partition of
 * the topic that drives the invalidations): position {@code p} of {@code n} gets
 * {@code floor(q·(p+1)/n) − floor(q·p/n)}, so the slices of all positions sum to exactly {@code q} and differ by
 * at most one. A replica holds the slices of the positions it is assigned; Kafka assigns a partition to at most
 * one member of the group, so the replicas' shares sum to at most the quota.
 */
public record InProgressShare(int paths, int wildcards) {
    /** Holds nothing: submits nothing (before the first assignment, or after losing the partition). */
    public static final InProgressShare NONE = new InProgressShare(0, 0);

    public InProgressShare {
        if (paths < 0 || wildcards < 0) {
            throw new IllegalArgumentException("in-progress share must be >= 0, was paths=" + paths + " wildcards="
                    + wildcards);
        }
    }

    /** A single replica's share: the whole quota. */
    public static InProgressShare whole(int maxPaths, int maxWildcards) {
        return new InProgressShare(maxPaths, maxWildcards);
    }

    /** The slices of the {@code owned} positions among {@code total}. */
    public static InProgressShare of(int maxPaths, int maxWildcards, BitSet owned, int total) {
        if (owned.length() > total) {
            throw new IllegalArgumentException("owned positions " + owned + " beyond the " + total + " working ones");
        }
        return new InProgressShare(slices(maxPaths, owned, total), slices(maxWildcards, owned, total));
    }

    /** Position {@code position}'s slice of {@code quota} among {@code total} positions. */
    static int slice(int quota, int position, int total) {
        return (int) ((long) quota * (position + 1) / total - (long) quota * position / total);
    }

    private static int slices(int quota, BitSet owned, int total) {
        int sum = 0;
        for (int p = owned.nextSetBit(0); p >= 0; p = owned.nextSetBit(p + 1)) {
            sum += slice(quota, p, total);
        }
        return sum;
    }
}
