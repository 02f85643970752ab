package io.edgeplane.distributor.deployment.domain;

import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.CacheRule;
import io.edgeplane.platform.cache.ContentTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a build with what is served under a prefix and decides, by content hash and headers,
 * what to copy, in which order, what to delete and which viewer paths the edge must forget. Pure:
 * no I/O, same inputs give the same plan.
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

    public SyncPlan plan(BuildManifest build, LiveManifest live) {
        Map<String, LiveFile> served = live.byPath();
        List<FileCopy> assets = new ArrayList<>();
        List<FileCopy> entries = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        Set<String> tags = new TreeSet<>();
        Set<String> inBuild = new HashSet<>();
        int unchanged = 0;
        for (BuildFile file : build.files().stream().sorted(Comparator.comparing(BuildFile::path)).toList()) {
            inBuild.add(file.path());
            CacheRule rule = cachePolicy.ruleFor(file.path());
            String cacheControl = rule.cacheControl();
            String contentType = ContentTypes.forKey(file.path());
            LiveFile before = served.get(file.path());
            FileCopy.Change change;
            if (before == null) {
                change = FileCopy.Change.ADDED;
            } else if (live.dirty() || !before.contentHash().equals(file.contentHash())) {
                // A dirty manifest cannot vouch for any hash: treat every served file as replaced.
                change = FileCopy.Change.MODIFIED;
            } else if (!cacheControl.equals(before.cacheControl()) || !contentType.equals(before.contentType())) {
                change = FileCopy.Change.HEADERS;
            } else {
                unchanged++;
                continue;
            }
            FileCopy copy = new FileCopy(file, cacheControl, rule.name(), contentType, change);
            (entryPoints.test(file.path()) ? entries : assets).add(copy);
            if (change != FileCopy.Change.ADDED && mustBeForgotten(file.path())) {
                reported.add(file.path());
                tags.addAll(before.cacheTags());
            }
        }
        List<String> deletes = new ArrayList<>();
        for (LiveFile file : live.files()) {
            if (!inBuild.contains(file.path())) {
                deletes.add(file.path());
                if (mustBeForgotten(file.path())) {
                    reported.add(file.path());
                    tags.addAll(file.cacheTags());
                }
            }
        }
        reported.sort(Comparator.naturalOrder());
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
