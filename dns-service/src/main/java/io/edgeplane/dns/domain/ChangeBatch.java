package io.edgeplane.dns.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ChangeResourceRecordSets request: whole change groups, within {@link BatchLimits}, and never two changes
 * to the same record set (Route 53 rejects that). Route 53 applies a batch all or nothing, so
 * {@link #afterFailure} decides how to retry without the group that broke it.
 */
public record ChangeBatch(List<ChangeGroup> groups) {
    /** Names Route 53 quotes in InvalidChangeBatch messages: {@code [name='a.example.com.', type='A']}, {@code DNS name a.example.com.}. */
    private static final Pattern QUOTED_NAME = Pattern.compile("name='([^']+)'|DNS name ([^\\s,\\]]+)");

    public ChangeBatch {
        groups = List.copyOf(groups);
    }

    public List<Change> changes() {
        return groups.stream().flatMap(g -> g.changes().stream()).toList();
    }

    public int weightedValues() {
        return groups.stream().mapToInt(ChangeGroup::weightedValues).sum();
    }

    public int weightedChars() {
        return groups.stream().mapToInt(ChangeGroup::weightedChars).sum();
    }

    /** Batches in submission order, and groups too large for any batch on their own. */
    public record Packing(List<ChangeBatch> batches, List<ChangeGroup> oversized) {
    }

    /**
     * Packs groups in order, greedily: a group joins the current batch if the batch stays within the limits and
     * shares no record set with it; otherwise a new batch starts. Order is kept, so two changes of one record
     * (a provision, then a deprovision) reach Route 53 in the order they were asked for.
     */
    public static Packing pack(List<ChangeGroup> groups, BatchLimits limits) {
        List<ChangeBatch> batches = new ArrayList<>();
        List<ChangeGroup> oversized = new ArrayList<>();
        List<ChangeGroup> current = new ArrayList<>();
        Set<RecordKey> keys = new HashSet<>();
        int values = 0;
        int chars = 0;
        int changes = 0;
        for (ChangeGroup group : groups) {
            if (group.changes().isEmpty()) {
                continue;
            }
            int gv = group.weightedValues();
            int gc = group.weightedChars();
            int gn = group.changes().size();
            if (!limits.fits(gv, gc, gn) || group.keys().size() < gn) {
                oversized.add(group);
                continue;
            }
            boolean overlaps = group.keys().stream().anyMatch(keys::contains);
            if (!current.isEmpty() && (overlaps || !limits.fits(values + gv, chars + gc, changes + gn))) {
                batches.add(new ChangeBatch(current));
                current = new ArrayList<>();
                keys.clear();
                values = 0;
                chars = 0;
                changes = 0;
            }
            current.add(group);
            keys.addAll(group.keys());
            values += gv;
            chars += gc;
            changes += gn;
        }
        if (!current.isEmpty()) {
            batches.add(new ChangeBatch(current));
        }
        return new Packing(batches, oversized);
    }

    /**
     * How to go on after Route 53 rejected this batch as invalid: groups whose names the error messages quote are
     * isolated (retried alone, so their own failure is confirmed); the others are retried together in one batch.
     * When the messages name nobody, the batch is halved, so a bad group is found in a logarithmic number of
     * requests instead of one request per group.
     *
     * @param retry    batches to submit again as they are
     * @param isolated groups to submit alone (a failure there is the group's own)
     */
    public record Split(List<ChangeBatch> retry, List<ChangeGroup> isolated) {
    }

    public Split afterFailure(List<String> messages) {
        if (groups.size() == 1) {
            return new Split(List.of(), groups);
        }
        Set<String> named = quotedNames(messages);
        List<ChangeGroup> suspects = new ArrayList<>();
        List<ChangeGroup> rest = new ArrayList<>();
        for (ChangeGroup g : groups) {
            if (g.names().stream().anyMatch(named::contains)) {
                suspects.add(g);
            } else {
                rest.add(g);
            }
        }
        if (!suspects.isEmpty()) {
            return new Split(rest.isEmpty() ? List.of() : List.of(new ChangeBatch(rest)), suspects);
        }
        int half = groups.size() / 2;
        return new Split(List.of(new ChangeBatch(groups.subList(0, half)),
                new ChangeBatch(groups.subList(half, groups.size()))), List.of());
    }

    static Set<String> quotedNames(List<String> messages) {
        Set<String> names = new LinkedHashSet<>();
        for (String message : messages) {
            Matcher m = QUOTED_NAME.matcher(message);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                names.add(DnsNames.normalize(name.toLowerCase(Locale.ROOT)));
            }
        }
        return names;
    }
}
