package io.edgeplane.invalidation.service;

import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.invalidation.domain.Announcements;
import io.edgeplane.platform.messaging.OwnOutputReadBack;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Reads the service's own status topic back from {@code since} to its end, into {@link Announcements}:
 * the memory of what was announced survives a restart with no database. Only events this service
 * published ({@code ce_source}) count. Assigns partitions directly (no consumer group, nothing committed).
 */
public final class AnnouncementReadBack {
    private static final EnumSet<EventType> STATUS = EnumSet.of(EventType.INVALIDATION_SUBMITTED,
            EventType.INVALIDATION_COMPLETED, EventType.INVALIDATION_FAILED);

    private AnnouncementReadBack() {
    }

    /**
     * @param kafka  client settings (bootstrap servers, security); deserialisers and commits are set here
     * @param source the ce_source this service publishes with, e.g. {@code /edgeplane/invalidation-service}
     * @return the number of status events remembered
     */
    public static int read(Map<String, Object> kafka, String topic, String source, Instant since, Announcements into,
            Duration timeout) {
        return OwnOutputReadBack.read(kafka, List.of(topic), source, since, STATUS, timeout,
                event -> remember(event, into));
    }

    private static boolean remember(EdgeplaneEvent event, Announcements into) {
        switch (event) {
            case InvalidationSubmitted s -> into.rememberSubmitted(s.invalidationId(), s.causedBy());
            case InvalidationCompleted c -> into.rememberCompleted(c.invalidationId(), c.causedBy());
            case InvalidationFailed f when f.invalidationId() == null -> into.rememberRefusal(f.causedBy());
            default -> {
                return false;
            }
        }
        return true;
    }
}
