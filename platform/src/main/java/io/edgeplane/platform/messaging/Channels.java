package io.edgeplane.platform.messaging;

/** Channel names shared by every service. Service-specific incoming channels live in each service. */
public final class Channels {
    /** The one outgoing channel of a service; each message names its topic (from its event type). */
    public static final String EVENTS_OUT = "events-out";

    private Channels() {
    }
}
