package io.edgeplane.distributor.deployment.domain;

import java.util.List;

/**
 * How to turn a served prefix into a build, in the order that keeps it consistent for viewers:
 * {@code assets} first (what entry points reference), then {@code entryPoints} (HTML and other
 * files viewers enter by), then {@code deletes} (nothing new references them any more).
 *
 * @param reportedPaths relative paths whose cached copies the edge must forget: modified or deleted
 *                      files, except content-hashed ones (a new hash is a new name, seed 002)
 * @param forgottenTags cache tags carried by the objects behind {@code reportedPaths}
 * @param liveFiles     how many files were under the prefix before
 */
public record SyncPlan(List<FileCopy> assets, List<FileCopy> entryPoints, List<String> deletes, int unchanged,
        List<String> reportedPaths, List<String> forgottenTags, int liveFiles) {

    public SyncPlan {
        assets = List.copyOf(assets);
        entryPoints = List.copyOf(entryPoints);
        deletes = List.copyOf(deletes);
        reportedPaths = List.copyOf(reportedPaths);
        forgottenTags = List.copyOf(forgottenTags);
    }

    public int copies() {
        return assets.size() + entryPoints.size();
    }

    public boolean changesNothing() {
        return copies() == 0 && deletes.isEmpty();
    }

    /** Served paths whose object the plan replaces (content or headers); additions and deletes excluded. */
    public List<String> replacedPaths() {
        return java.util.stream.Stream.concat(assets.stream(), entryPoints.stream())
                .filter(c -> c.change() != FileCopy.Change.ADDED).map(FileCopy::path).toList();
    }

    /** Copies that replace bytes (not additions); a build prefix that is meant to be immutable must have none. */
    public long replacements() {
        return java.util.stream.Stream.concat(assets.stream(), entryPoints.stream())
                .filter(c -> c.change() != FileCopy.Change.ADDED).count();
    }
}
