package io.edgeplane.distributor.deployment.domain;

/**
 * Counts of a sync, taken in a first pass over the merge so the delete guard and the immutability check
 * decide before anything is changed, without holding the steps.
 */
public final class SyncTally {
    private final int[] kinds = new int[SyncStep.Kind.values().length];
    private int assets;
    private int entryPoints;
    private int reported;
    private int buildFiles;
    private int liveFiles;

    public void add(SyncStep step) {
        kinds[step.kind().ordinal()]++;
        if (step.copies()) {
            if (step.entryPoint()) {
                entryPoints++;
            } else {
                assets++;
            }
        }
        if (step.reported()) {
            reported++;
        }
        if (step.file() != null) {
            buildFiles++;
        }
        if (step.before() != null) {
            liveFiles++;
        }
    }

    public int count(SyncStep.Kind kind) {
        return kinds[kind.ordinal()];
    }

    public int assets() {
        return assets;
    }

    public int entryPoints() {
        return entryPoints;
    }

    public int copies() {
        return assets + entryPoints;
    }

    public int deletes() {
        return count(SyncStep.Kind.DELETED);
    }

    public int unchanged() {
        return count(SyncStep.Kind.UNCHANGED);
    }

    /** Copies over something already served (content or headers); a build prefix meant to be immutable has none. */
    public int replacements() {
        return count(SyncStep.Kind.MODIFIED) + count(SyncStep.Kind.HEADERS);
    }

    /** Paths the edge must forget if every operation succeeds. */
    public int reported() {
        return reported;
    }

    public int buildFiles() {
        return buildFiles;
    }

    /** Files served before (the delete guard's denominator). */
    public int liveFiles() {
        return liveFiles;
    }

    public boolean changesNothing() {
        return copies() == 0 && deletes() == 0;
    }
}
