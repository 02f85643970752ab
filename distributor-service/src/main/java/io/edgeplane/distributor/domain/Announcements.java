package io.edgeplane.distributor.domain;

import io.edgeplane.events.DeploymentFailed;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this service has already announced, so that a duplicate or replayed input (same ce_id, or a
 * replay after a crash) publishes no second DeploymentPromoted, DeploymentFailed or FilesDistributed and
 * counts nothing twice. Filled as events are published and, at start-up, from the service's own output
 * topics read back (no database).
 *
 * <p>DeploymentPromoted is keyed by deployment id, DeploymentFailed by deployment id and rule.
 * FilesDistributed is remembered per file and per changed path of its causing event: a replay is
 * announced only with what was not announced for that cause yet (a file that failed and is now copied
 * is a new fact; a file copied again with the same bytes is not). File entries are kept as 64-bit
 * hashes so a 100,000-file promotion costs a few MB. Bounded: the oldest entries are forgotten first.
 * Thread-safe.
 */
public final class Announcements {
    private static final byte SETTLED = 1;
    private static final byte FAILED = 2;

    private final int eventCapacity;
    private final int itemCapacity;
    private final Set<String> events = new LinkedHashSet<>();
    private final Map<Long, Byte> items = new LinkedHashMap<>();

    /**
     * @param eventCapacity DeploymentPromoted/DeploymentFailed remembered
     * @param itemCapacity  files and paths of FilesDistributed remembered
     */
    public Announcements(int eventCapacity, int itemCapacity) {
        if (eventCapacity < 1 || itemCapacity < 1) {
            throw new IllegalArgumentException("capacities must be at least 1, were " + eventCapacity + " and "
                    + itemCapacity);
        }
        this.eventCapacity = eventCapacity;
        this.itemCapacity = itemCapacity;
    }

    /**
     * The part of {@code event} not announced yet: the event itself, a FilesDistributed narrowed to the
     * files and paths not yet announced for its cause, or empty when all of it was announced.
     */
    public synchronized Optional<EdgeplaneEvent> unannounced(EdgeplaneEvent event) {
        return switch (event) {
            case DeploymentPromoted p -> events.contains(promotedKey(p.deploymentId())) ? Optional.empty()
                    : Optional.of(p);
            case DeploymentFailed f -> events.contains(failedKey(f.deploymentId(), f.rule())) ? Optional.empty()
                    : Optional.of(f);
            case FilesDistributed d -> narrowed(d).map(EdgeplaneEvent.class::cast);
            default -> Optional.of(event);
        };
    }

    /** True when DeploymentPromoted of {@code deploymentId} was announced. */
    public synchronized boolean promotionAnnounced(String deploymentId) {
        return events.contains(promotedKey(deploymentId));
    }

    /** Records {@code event} as announced (after the broker acknowledged it, or when read back). */
    public synchronized void remember(EdgeplaneEvent event) {
        switch (event) {
            case DeploymentPromoted p -> add(promotedKey(p.deploymentId()));
            case DeploymentFailed f -> add(failedKey(f.deploymentId(), f.rule()));
            case FilesDistributed d -> {
                String cause = cause(d);
                if (cause == null) {
                    return;
                }
                put(hash(cause, "#announced", ""), SETTLED);
                d.results().forEach(r -> put(hash(cause, "file", file(r)),
                        r.status() == FileStatus.FAILED ? FAILED : SETTLED));
                d.changedPaths().forEach(p -> put(hash(cause, "path", p), SETTLED));
            }
            default -> {
            }
        }
    }

    /** Forgets everything, as a restarted process would before reading its output topics back. */
    public synchronized void forget() {
        events.clear();
        items.clear();
    }

    public synchronized int size() {
        return events.size() + items.size();
    }

    private Optional<FilesDistributed> narrowed(FilesDistributed d) {
        String cause = cause(d);
        if (cause == null) {
            return Optional.of(d); // nothing to recognise a replay by
        }
        List<FilesDistributed.FileResult> results = new ArrayList<>();
        for (FilesDistributed.FileResult r : d.results()) {
            Byte before = items.get(hash(cause, "file", file(r)));
            // A failure is news until the file is in place; the same failure again is not.
            if (before == null || (before == FAILED && r.status() != FileStatus.FAILED)) {
                results.add(r);
            }
        }
        List<String> paths = d.changedPaths().stream().filter(p -> !items.containsKey(hash(cause, "path", p))).toList();
        boolean seen = items.containsKey(hash(cause, "#announced", ""));
        if (seen && results.isEmpty() && paths.isEmpty()) {
            return Optional.empty();
        }
        if (results.size() == d.results().size() && paths.size() == d.changedPaths().size()) {
            return Optional.of(d);
        }
        int failed = (int) results.stream().filter(r -> r.status() == FileStatus.FAILED).count();
        return Optional.of(new FilesDistributed(d.distributionId(), d.bucket(), d.origin(), d.tenantId(), paths,
                d.cacheTags(), results, results.size() - failed, failed, d.totalFiles(), d.skipped(), d.skipReason(),
                d.changedAt(), d.causedBy(), d.siteId()));
    }

    /** A file by where it went; a skipped file (nothing written) by where it is. */
    private static String file(FilesDistributed.FileResult r) {
        return r.targetKey() != null ? r.targetKey() : "source:" + r.sourceKey();
    }

    private static String cause(FilesDistributed d) {
        return d.causedBy().isEmpty() ? null : String.join(",", d.causedBy());
    }

    private static String promotedKey(String deploymentId) {
        return "promoted|" + deploymentId;
    }

    private static String failedKey(String deploymentId, String rule) {
        return "failed|" + deploymentId + "|" + rule;
    }

    private void add(String key) {
        events.remove(key);
        events.add(key);
        if (events.size() > eventCapacity) {
            events.remove(events.iterator().next());
        }
    }

    private void put(long key, byte kind) {
        items.remove(key);
        items.put(key, kind);
        if (items.size() > itemCapacity) {
            items.remove(items.keySet().iterator().next());
        }
    }

    /** 64-bit FNV-1a over the parts: collisions are negligible at a few million entries. */
    static long hash(String cause, String kind, String value) {
        long h = 0xcbf29ce484222325L;
        for (String part : new String[] {cause, kind, value}) {
            for (int i = 0; i < part.length(); i++) {
                h ^= part.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= 0x1f; // separator: ("ab","c") and ("a","bc") differ
            h *= 0x100000001b3L;
        }
        return h;
    }
}
