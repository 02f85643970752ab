package io.edgeplane.distributor.deployment.domain;

import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.CacheRule;
import io.edgeplane.platform.cache.ContentTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a build with what is served under a prefix and decides, by content hash and headers,
 * what to copy, in which order, what to delete and which viewer paths the edge must forget. Pure:
 * no I/O, same inputs give the same steps.
 *
 * <p>{@link #merge} is what promotions use: one step per path from two inputs in key order, nothing held;
 * {@link #plan} collects the same steps into lists for a small build.
 */
public final class SyncPlanner {
    private final CachePolicy cachePolicy;
    private final EntryPoints entryPoints;

    public SyncPlanner(CachePolicy cachePolicy, EntryPoints entryPoints) {
        this.cachePolicy = cachePolicy;
        this.entryPoints = entryPoints;
    }

    public CachePolicy cachePolicy() {
        return cachePolicy;
    }

    /**
     * The steps of a sync, in {@link KeyOrder}, from {@code build} and {@code live} in that order.
     *
     * @param dirty the manifest cannot vouch for any hash (a crash before it recorded its end): every served
     *              file in the build is treated as modified
     * @throws IllegalArgumentException (rule {@code key-order}) when an input goes back in the order
     */
    public Iterator<SyncStep> merge(Iterator<BuildFile> build, Iterator<LiveFile> live, boolean dirty) {
        return new SyncMerge(build, live, (file, before) -> step(file, before, dirty));
    }

    /** The decision for one path: {@code file} null is a delete, {@code before} null an addition. */
    public SyncStep step(BuildFile file, LiveFile before, boolean dirty) {
        if (file == null) {
            return new SyncStep(before.path(), SyncStep.Kind.DELETED, null, before, null, null, null,
                    entryPoints.test(before.path()), mustBeForgotten(before.path()));
        }
        CacheRule rule = cachePolicy.ruleFor(file.path());
        String cacheControl = rule.cacheControl();
        String contentType = ContentTypes.forKey(file.path());
        SyncStep.Kind kind;
        if (before == null) {
            kind = SyncStep.Kind.ADDED;
        } else if (dirty || !before.contentHash().equals(file.contentHash())) {
            kind = SyncStep.Kind.MODIFIED;
        } else if (!cacheControl.equals(before.cacheControl()) || !contentType.equals(before.contentType())) {
            kind = SyncStep.Kind.HEADERS;
        } else {
            kind = SyncStep.Kind.UNCHANGED;
        }
        boolean reported = (kind == SyncStep.Kind.MODIFIED || kind == SyncStep.Kind.HEADERS)
                && mustBeForgotten(file.path());
        return new SyncStep(file.path(), kind, file, before, cacheControl, rule.name(), contentType,
                entryPoints.test(file.path()), reported);
    }

    /** The whole plan in memory, from the same steps as {@link #merge}. */
    public SyncPlan plan(BuildManifest build, LiveManifest live) {
        List<FileCopy> assets = new ArrayList<>();
        List<FileCopy> entries = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        Set<String> tags = new TreeSet<>();
        int unchanged = 0;
        Iterator<SyncStep> steps = merge(build.files().stream().sorted(Comparator.comparing(BuildFile::path,
                KeyOrder.UTF8)).iterator(), live.files().stream().sorted(Comparator.comparing(LiveFile::path,
                KeyOrder.UTF8)).iterator(), live.dirty());
        while (steps.hasNext()) {
            SyncStep step = steps.next();
            if (step.copies()) {
                (step.entryPoint() ? entries : assets).add(step.copy());
            } else if (step.kind() == SyncStep.Kind.DELETED) {
                deletes.add(step.path());
            } else {
                unchanged++;
            }
            if (step.reported()) {
                reported.add(step.path());
                tags.addAll(step.before().cacheTags());
            }
        }
        return new SyncPlan(assets, entries, deletes, unchanged, reported, List.copyOf(tags), live.files().size());
    }

    /**
     * A content-hashed asset never changes under its name (a change is a new name), so a cached
     * copy is never wrong and, once deleted, still serves pages that reference it (seed 002).
     */
    private boolean mustBeForgotten(String path) {
        return !cachePolicy.isImmutable(path);
    }
}
