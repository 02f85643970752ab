package io.edgeplane.distributor.deployment;

import io.edgeplane.events.EdgeplaneEvent;

/** Publishes an event and returns once the broker has it; a promotion records progress only after that. */
@FunctionalInterface
public interface EventSink {
    void publish(EdgeplaneEvent event);
}
