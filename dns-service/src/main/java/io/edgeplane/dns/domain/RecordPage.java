package io.edgeplane.dns.domain;

import java.util.List;

/** One page of ListResourceRecordSets; {@code next} is where the following page starts, null on the last page. */
public record RecordPage(List<RecordSet> records, RecordKey next) {
    public RecordPage {
        records = List.copyOf(records);
    }

    public boolean truncated() {
        return next != null;
    }
}
