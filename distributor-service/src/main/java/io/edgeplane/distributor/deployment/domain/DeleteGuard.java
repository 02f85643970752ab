package io.edgeplane.distributor.deployment.domain;

import java.util.Optional;

/**
 * Stops a promotion that would delete too much of what viewers get: more than {@code maxCount}
 * files, or more than {@code maxFraction} of the served files when at least {@code fractionMinFiles}
 * are served (small sites legitimately replace most of their files). A tripped guard fails the
 * promotion; deletes are never skipped silently.
 */
public record DeleteGuard(int maxCount, double maxFraction, int fractionMinFiles) {
    public static final DeleteGuard DEFAULT = new DeleteGuard(1000, 0.3, 20);

    public DeleteGuard {
        if (maxCount < 0 || maxFraction < 0 || maxFraction > 1 || fractionMinFiles < 0) {
            throw new IllegalArgumentException("need maxCount >= 0, 0 <= maxFraction <= 1, fractionMinFiles >= 0");
        }
    }

    /** Why the plan may not run, or empty when it may. */
    public Optional<String> violation(SyncPlan plan) {
        return violation(plan.deletes().size(), plan.liveFiles());
    }

    /** Why deleting {@code deletes} of {@code live} served files may not happen, or empty when it may. */
    public Optional<String> violation(int deletes, int live) {
        if (deletes > maxCount) {
            return Optional.of("would delete %d of %d served files, more than the limit of %d files"
                    .formatted(deletes, live, maxCount));
        }
        if (live >= fractionMinFiles && live > 0 && (double) deletes / live > maxFraction) {
            return Optional.of("would delete %d of %d served files (%.0f %%), more than the limit of %.0f %%"
                    .formatted(deletes, live, 100.0 * deletes / live, 100 * maxFraction));
        }
        return Optional.empty();
    }
}
