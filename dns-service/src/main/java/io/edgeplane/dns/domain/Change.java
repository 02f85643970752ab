package io.edgeplane.dns.domain;

import java.util.Objects;

/** One change to one record set. DELETE carries the exact current data, as Route 53 requires. */
public record Change(ChangeAction action, RecordSet record) {
    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(record, "record");
    }

    public int weightedValues() {
        return record.valueCount() * action.weight();
    }

    public int weightedChars() {
        return record.valueChars() * action.weight();
    }

    @Override
    public String toString() {
        return action + " " + record.describe();
    }
}
