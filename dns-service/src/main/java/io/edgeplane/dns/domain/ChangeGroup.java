package io.edgeplane.dns.domain;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The changes of one owner (a tenant, or the base domain's wildcard) that must land together: a tenant's A and
 * AAAA never end up in different batches, so a batch failure affects whole tenants only.
 */
public record ChangeGroup(String owner, List<Change> changes) {
    public ChangeGroup {
        changes = List.copyOf(changes);
    }

    public int weightedValues() {
        return changes.stream().mapToInt(Change::weightedValues).sum();
    }

    public int weightedChars() {
        return changes.stream().mapToInt(Change::weightedChars).sum();
    }

    public Set<RecordKey> keys() {
        return changes.stream().map(c -> c.record().key()).collect(Collectors.toSet());
    }

    public Set<String> names() {
        return changes.stream().map(c -> c.record().name()).collect(Collectors.toSet());
    }
}
