package io.edgeplane.dns.messaging;

import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.domain.RecordKey;
import java.time.Instant;
import java.util.List;

/**
 * One tenant's changes for a zone, on the internal zone-changes topic keyed by hosted zone id, so that exactly
 * one consumer (the zone's writer) handles a zone.
 *
 * @param generation the tenant state generation these changes belong to
 * @param held       the keys the tenant held before (for re-planning after a failure)
 */
public record ZoneChangeRequest(String tenantId, long generation, String zoneId, String operation,
        List<Change> changes, List<RecordKey> held, Instant requestedAt) {
    public ZoneChangeRequest {
        changes = changes == null ? List.of() : List.copyOf(changes);
        held = held == null ? List.of() : List.copyOf(held);
    }
}
