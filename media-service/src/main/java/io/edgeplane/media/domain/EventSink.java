package io.edgeplane.media.domain;

import io.edgeplane.events.EdgeplaneEvent;

/** Publishes an event and returns once the broker has it (retrying transient failures). */
public interface EventSink {
    void publish(EdgeplaneEvent event);
}
