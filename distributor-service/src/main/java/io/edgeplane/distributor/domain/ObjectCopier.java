package io.edgeplane.distributor.domain;

/** Performs one planned server-side copy; returns the new object's ETag or throws. */
@FunctionalInterface
public interface ObjectCopier {
    String copy(PlannedCopy copy);
}
