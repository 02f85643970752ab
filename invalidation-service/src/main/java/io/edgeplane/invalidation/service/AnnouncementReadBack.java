package io.edgeplane.invalidation.service;

import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.invalidation.domain.Announcements;
import io.edgeplane.invalidation.domain.InvalidationTarget;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one status event this service published (read back at start-up, or followed while it runs, from any of its
 * replicas: platform {@code OwnOutputs}) tells {@link Announcements}: the memory of what was announced survives a
 * restart and a takeover of a killed replica's partitions without a database.
 */
final class AnnouncementReadBack {
    static final Set<EventType> STATUS = EnumSet.of(EventType.INVALIDATION_SUBMITTED,
            EventType.INVALIDATION_COMPLETED, EventType.INVALIDATION_FAILED);

    private AnnouncementReadBack() {
    }

    static void remember(EdgeplaneEvent event, Announcements into) {
        switch (event) {
            case InvalidationSubmitted s -> into.rememberSubmitted(
                    InvalidationTarget.memoryKey(s.distributionTenantId(), s.invalidationId()), s.causedBy());
            case InvalidationCompleted c -> into.rememberCompleted(
                    InvalidationTarget.memoryKey(c.distributionTenantId(), c.invalidationId()), c.causedBy());
            case InvalidationFailed f when f.invalidationId() == null -> into.rememberRefusal(f.causedBy());
            default -> {
                // a failed invalidation: nothing to remember
            }
        }
    }
}
