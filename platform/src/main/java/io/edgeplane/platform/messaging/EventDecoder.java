package io.edgeplane.platform.messaging;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The thin transport edge of every consumer: turns a Kafka record into a validated event or
 * throws {@link InvalidEventException}. Consumers let that exception escape, so the channel's
 * dead-letter strategy parks the record with the reason and moves on.
 */
@ApplicationScoped
public class EventDecoder {
    private static final Logger LOG = Logger.getLogger(EventDecoder.class);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    @Inject
    SourcesConfig sources;

    public EventEnvelope<EdgeplaneEvent> decode(ConsumerRecord<String, byte[]> record, EventType first,
            EventType... rest) {
        return decode(record, EnumSet.of(first, rest));
    }

    public EventEnvelope<EdgeplaneEvent> decode(ConsumerRecord<String, byte[]> record, Set<EventType> accepted) {
        try {
            EventEnvelope<EdgeplaneEvent> event = CloudEventCodec.decode(record.headers(), record.value(), accepted);
            if (record.key() != null && !record.key().equals(event.key())) {
                throw new InvalidEventException("key", "key-matches-entity", "record key '" + record.key()
                        + "' differs from the event's entity '" + event.key() + "'; ordering would break");
            }
            Set<String> allowed = sources.allowed().get(record.topic());
            if (allowed != null && !allowed.contains(event.source())) {
                throw new InvalidEventException("source", "source-not-allowed", "ce_source '" + event.source()
                        + "' may not publish to " + record.topic() + " (edgeplane.sources.allowed: " + allowed + ")");
            }
            registry.counter(MetricNames.of(applicationName, "events.received"), "type", event.type().ceType())
                    .increment();
            return event;
        } catch (InvalidEventException e) {
            String rule = e.violations().isEmpty() ? "unknown" : e.violations().getFirst().rule();
            registry.counter(MetricNames.of(applicationName, "events.rejected"), "topic", record.topic(),
                    "rule", rule).increment();
            LOG.warnf("Rejected record %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                    record.key(), e.getMessage());
            throw e;
        }
    }
}
