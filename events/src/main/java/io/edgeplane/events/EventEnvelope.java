package io.edgeplane.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvent as Edgeplane sends it: the attributes that travel as {@code ce_*} headers around
 * the event data.
 *
 * @param id      {@code ce_id}, unique per event; consumers use it to recognise redeliveries
 * @param source  {@code ce_source}, e.g. {@code /edgeplane/fetcher-service}
 * @param subject {@code ce_subject}, the entity (same as the record key)
 */
public record EventEnvelope<T extends EdgeplaneEvent>(String id, String source, EventType type, Instant time,
        String subject, T data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new event from {@code source} with a random id, stamped now. */
    public static <T extends EdgeplaneEvent> EventEnvelope<T> of(String source, T data) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), source, EventType.of(data), Instant.now(), data.key(),
                data);
    }

    public String key() {
        return data.key();
    }
}
