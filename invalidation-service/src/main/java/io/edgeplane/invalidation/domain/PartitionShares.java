package io.edgeplane.invalidation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;

/**
 * In-progress shares that follow this replica's assignment of the topic whose records drive the invalidations
 * (FilesDistributed, keyed by distribution id). Two ways to cut a distribution's quota ({@link Mode}):
 * <ul>
 * <li>{@code KEY}: the whole quota belongs to the holder of the partition the distribution's id keys. Every record
 * about the distribution arrives there, so its holder is the one replica with work for it; the others hold 0.</li>
 * <li>{@code PARTITIONS}: every partition of the topic holds a slice ({@link InProgressShare#of}), for producers that
 * do not key by distribution.</li>
 * </ul>
 * A loss counts at once (the revocation callback runs before Kafka hands the partition to another member). A gain
 * counts only {@code grace} after it was seen, so that a CreateInvalidation the previous holder had in flight at its
 * revocation has landed before this replica re-reads the distribution; then {@link #generation} moves and the
 * scheduler re-reads before it submits. Not thread-safe beyond its own lock; cheap enough to ask on every tick.
 */
public final class PartitionShares implements QuotaShares {
    public enum Mode {
        KEY, PARTITIONS
    }

    /** The partitions of the driving topic this replica holds, by number, and the topic's partition count. */
    public record Assignment(BitSet held, int partitions) {
        public static final Assignment NONE = new Assignment(new BitSet(), 0);

        public Assignment {
            held = (BitSet) held.clone();
        }
    }

    private final Supplier<Assignment> assignment;
    private final ToIntBiFunction<String, Integer> partitionOf;
    private final Mode mode;
    private final int maxPaths;
    private final int maxWildcards;
    private final Duration grace;
    private int partitions;
    /** Partitions whose share counts; those gained but still within the grace. */
    private BitSet effective = new BitSet();
    private BitSet gained = new BitSet();
    private Instant gainedAt = Instant.MIN;
    private long generation;
    /** The generation at which each partition last became effective here. */
    private final java.util.Map<Integer, Long> gainedIn = new java.util.HashMap<>();

    /**
     * @param partitionOf the partition a distribution id keys, given the partition count (Kafka's default
     *     partitioner in the service)
     */
    public PartitionShares(Supplier<Assignment> assignment, ToIntBiFunction<String, Integer> partitionOf, Mode mode,
            int maxPaths, int maxWildcards, Duration grace) {
        this.assignment = assignment;
        this.partitionOf = partitionOf;
        this.mode = mode;
        this.maxPaths = maxPaths;
        this.maxWildcards = maxWildcards;
        this.grace = grace;
    }

    @Override
    public synchronized InProgressShare share(String distributionId, Instant now) {
        refresh(now);
        if (partitions == 0) {
            return InProgressShare.NONE;
        }
        return switch (mode) {
            case KEY -> effective.get(partitionOf.applyAsInt(distributionId, partitions))
                    ? InProgressShare.whole(maxPaths, maxWildcards) : InProgressShare.NONE;
            case PARTITIONS -> InProgressShare.of(maxPaths, maxWildcards, effective, partitions);
        };
    }

    /**
     * By key, only a gain of the distribution's own partition asks for a re-read (only its holder submits there);
     * by partitions, every gain does (every slice is spent on every distribution).
     */
    @Override
    public synchronized long generation(String distributionId) {
        return switch (mode) {
            case KEY -> partitions == 0 ? 0 : gainedIn.getOrDefault(partitionOf.applyAsInt(distributionId, partitions), 0L);
            case PARTITIONS -> generation;
        };
    }

    @Override
    public synchronized boolean heldElsewhere(String distributionId, Instant now) {
        refresh(now);
        if (partitions == 0) {
            return false;
        }
        return switch (mode) {
            case KEY -> {
                int p = partitionOf.applyAsInt(distributionId, partitions);
                yield !effective.get(p) && !gained.get(p);
            }
            case PARTITIONS -> effective.isEmpty() && gained.isEmpty();
        };
    }

    /** Partitions whose share this replica may spend now (for views and tests). */
    public synchronized BitSet effective(Instant now) {
        refresh(now);
        return (BitSet) effective.clone();
    }

    private void refresh(Instant now) {
        Assignment a = assignment.get();
        if (a.partitions() != partitions) {
            // The topic grew (or the first assignment): every slice moved, so nothing counts until re-read.
            partitions = a.partitions();
            effective = new BitSet();
            gained = new BitSet();
        }
        effective.and(a.held());
        gained.and(a.held());
        BitSet fresh = (BitSet) a.held().clone();
        fresh.andNot(effective);
        fresh.andNot(gained);
        if (!fresh.isEmpty()) {
            gained.or(fresh);
            gainedAt = now;
        }
        if (!gained.isEmpty() && !now.isBefore(gainedAt.plus(grace))) {
            effective.or(gained);
            generation++;
            for (int p = gained.nextSetBit(0); p >= 0; p = gained.nextSetBit(p + 1)) {
                gainedIn.put(p, generation);
            }
            gained.clear();
        }
    }
}
