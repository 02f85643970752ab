package io.edgeplane.dns.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Desired records versus what a zone holds, into changes: pure, like external-dns' plan. Ownership decides
 * everything: a record Edgeplane does not own is never changed or deleted, and a desired record whose name is
 * taken by a foreign record is a conflict, not an overwrite.
 */
public final class DnsPlanner {
    private DnsPlanner() {
    }

    /** A record an owner (tenant id, or {@code *.<base>} for the wildcard) wants. */
    public record Desired(String owner, RecordSet record) {
    }

    /**
     * An owner that cannot get its records: {@code foreign-record} (a record Edgeplane does not own is at the
     * name) or {@code hostname-taken} (another tenant owns it).
     */
    public record Conflict(String owner, String name, String rule, String reason) {
        public RuleViolation violation() {
            return RuleViolation.of(rule, reason);
        }
    }

    /**
     * @param groups    changes per owner, deletes first within a group
     * @param skipped   changes the policy did not allow (drift left in place)
     * @param forgotten owned keys that are neither desired nor in the zone any more
     */
    public record Plan(List<ChangeGroup> groups, List<Conflict> conflicts, int unchanged, List<Change> skipped,
            List<RecordKey> forgotten) {
        public List<Change> changes() {
            return groups.stream().flatMap(g -> g.changes().stream()).toList();
        }

        public long count(ChangeAction action) {
            return changes().stream().filter(c -> c.action() == action).count();
        }

        public boolean isEmpty() {
            return groups.isEmpty();
        }
    }

    /**
     * The whole-zone plan of a reconciliation pass or a dry run.
     *
     * @param current what the zone holds (a paged listing)
     * @param owned   every record key Edgeplane owns in the zone, with its owner (the desired-state registry)
     */
    public static Plan plan(Collection<Desired> desired, Collection<RecordSet> current, Map<RecordKey, String> owned,
            DnsPolicy policy) {
        Map<RecordKey, RecordSet> byKey = new HashMap<>();
        Map<String, List<RecordSet>> byName = new HashMap<>();
        for (RecordSet r : current) {
            byKey.put(r.key(), r);
            byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
        }
        Map<String, List<Change>> perOwner = new TreeMap<>();
        Map<String, Conflict> conflicts = new LinkedHashMap<>();
        List<Change> skipped = new ArrayList<>();
        Set<RecordKey> desiredKeys = new HashSet<>();
        int unchanged = 0;

        List<Desired> ordered = new ArrayList<>(desired);
        ordered.sort(Comparator.comparing(Desired::owner).thenComparing(d -> d.record().key()));
        for (Desired d : ordered) {
            RecordSet want = d.record();
            desiredKeys.add(want.key());
            String conflictKey = d.owner() + "|" + want.name();
            String keyOwner = owned.get(want.key());
            if (keyOwner != null && !keyOwner.equals(d.owner())) {
                conflicts.putIfAbsent(conflictKey, new Conflict(d.owner(), want.name(), "hostname-taken",
                        "'" + want.name() + "' already belongs to tenant " + keyOwner));
                continue;
            }
            RecordSet foreign = firstForeign(byName.get(want.name()), owned);
            if (foreign != null) {
                conflicts.putIfAbsent(conflictKey, foreignConflict(d.owner(), want.name(), foreign));
                continue;
            }
            RecordSet have = byKey.get(want.key());
            if (have == null) {
                perOwner.computeIfAbsent(d.owner(), o -> new ArrayList<>()).add(new Change(ChangeAction.CREATE, want));
            } else if (have.sameAs(want)) {
                unchanged++;
            } else if (policy.mayUpdate()) {
                perOwner.computeIfAbsent(d.owner(), o -> new ArrayList<>()).add(new Change(ChangeAction.UPSERT, want));
            } else {
                skipped.add(new Change(ChangeAction.UPSERT, want));
            }
        }
        // Desired records of an owner in conflict are not written at all: no half-served tenant.
        for (Conflict c : conflicts.values()) {
            perOwner.remove(c.owner());
        }
        List<RecordKey> forgotten = new ArrayList<>();
        List<Map.Entry<RecordKey, String>> ownedSorted = new ArrayList<>(owned.entrySet());
        ownedSorted.sort(Map.Entry.comparingByKey());
        for (Map.Entry<RecordKey, String> e : ownedSorted) {
            if (desiredKeys.contains(e.getKey())) {
                continue;
            }
            RecordSet have = byKey.get(e.getKey());
            if (have == null) {
                forgotten.add(e.getKey());
            } else if (policy.mayDelete()) {
                perOwner.computeIfAbsent(e.getValue(), o -> new ArrayList<>()).add(new Change(ChangeAction.DELETE, have));
            } else {
                skipped.add(new Change(ChangeAction.DELETE, have));
            }
        }
        List<ChangeGroup> groups = new ArrayList<>();
        perOwner.forEach((owner, changes) -> groups.add(new ChangeGroup(owner, deletesFirst(changes))));
        return new Plan(groups, List.copyOf(conflicts.values()), unchanged, skipped, forgotten);
    }

    /**
     * One tenant's changes at event time, without reading the zone: records it did not have are created (CREATE
     * fails rather than overwrite if someone else holds the name), records it owned and still wants are updated,
     * records it owned and no longer wants are deleted, as the policy allows.
     *
     * @param previous the records the owner had (owned), exactly as last written
     */
    public static ChangeGroup planOwner(String owner, List<RecordSet> desired, List<RecordSet> previous,
            DnsPolicy policy) {
        Map<RecordKey, RecordSet> before = new LinkedHashMap<>();
        previous.forEach(r -> before.put(r.key(), r));
        List<Change> changes = new ArrayList<>();
        Set<RecordKey> wanted = new HashSet<>();
        for (RecordSet want : desired) {
            wanted.add(want.key());
            RecordSet had = before.get(want.key());
            if (had == null) {
                changes.add(new Change(ChangeAction.CREATE, want));
            } else if (!had.sameAs(want) && policy.mayUpdate()) {
                changes.add(new Change(ChangeAction.UPSERT, want));
            }
        }
        if (policy.mayDelete()) {
            before.forEach((key, had) -> {
                if (!wanted.contains(key)) {
                    changes.add(new Change(ChangeAction.DELETE, had));
                }
            });
        }
        return new ChangeGroup(owner, deletesFirst(changes));
    }

    /**
     * After a group failed on its own: what the zone holds at its names decides. A record already there with
     * exactly the desired data is confirmed by an UPSERT of the same data (an earlier attempt wrote it, or it
     * changes nothing); a record Edgeplane holds is updated; a delete of a record that is gone is dropped, one
     * whose data changed deletes the current data (the key is held). Anything else at the names - a record
     * Edgeplane does not hold and that differs from what is desired - is a foreign record: a conflict.
     *
     * @param current what the zone holds at the group's names
     * @param held    the keys this owner holds (written and confirmed before), never the intent
     * @param changes null when there is a conflict
     * @param learned false when the zone explains nothing (the failure lies elsewhere)
     */
    public record Replan(List<Change> changes, Conflict conflict, boolean learned) {
    }

    public static Replan replan(ChangeGroup failed, Collection<RecordSet> current, Set<RecordKey> held) {
        Map<RecordKey, RecordSet> byKey = new HashMap<>();
        for (RecordSet r : current) {
            byKey.put(r.key(), r);
        }
        Map<RecordKey, RecordSet> wanted = new HashMap<>();
        for (Change c : failed.changes()) {
            if (c.action() != ChangeAction.DELETE) {
                wanted.put(c.record().key(), c.record());
            }
        }
        Set<String> names = failed.names();
        for (RecordSet r : current) {
            boolean equalToWanted = r.sameAs(wanted.get(r.key()));
            if (names.contains(r.name()) && !held.contains(r.key()) && !equalToWanted) {
                return new Replan(null, foreignConflict(failed.owner(), r.name(), r), true);
            }
        }
        List<Change> next = new ArrayList<>();
        for (Change c : failed.changes()) {
            RecordSet have = byKey.get(c.record().key());
            switch (c.action()) {
                case CREATE -> next.add(have == null ? c : new Change(ChangeAction.UPSERT, c.record()));
                case UPSERT -> next.add(c);
                case DELETE -> {
                    if (have != null) {
                        next.add(new Change(ChangeAction.DELETE, have));
                    }
                }
            }
        }
        next = deletesFirst(next);
        return new Replan(next, null, !next.equals(failed.changes()));
    }

    private static RecordSet firstForeign(List<RecordSet> atName, Map<RecordKey, String> owned) {
        if (atName == null) {
            return null;
        }
        for (RecordSet r : atName) {
            if (!owned.containsKey(r.key())) {
                return r;
            }
        }
        return null;
    }

    private static Conflict foreignConflict(String owner, String name, RecordSet foreign) {
        return new Conflict(owner, name, "foreign-record", "a record Edgeplane does not own is at '" + name + "' ("
                + foreign.describe() + "); it is left untouched");
    }

    private static List<Change> deletesFirst(List<Change> changes) {
        List<Change> ordered = new ArrayList<>(changes);
        ordered.sort(Comparator.comparing(c -> c.action() == ChangeAction.DELETE ? 0 : 1));
        return ordered;
    }
}
