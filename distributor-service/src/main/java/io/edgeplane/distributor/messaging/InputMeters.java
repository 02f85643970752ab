package io.edgeplane.distributor.messaging;

import io.edgeplane.events.EventType;
import io.edgeplane.platform.messaging.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform decoder counts received events per type on first use; this service's two input types get
 * their series at start-up, at zero (issue 14), so a rate over them starts with the first event.
 */
@ApplicationScoped
class InputMeters {
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    void register(@Observes StartupEvent start) {
        for (EventType type : new EventType[] {EventType.DATA_FETCHED, EventType.DEPLOYMENT_COMPLETED}) {
            registry.counter(MetricNames.of(applicationName, "events.received"), "type", type.ceType());
        }
    }
}
