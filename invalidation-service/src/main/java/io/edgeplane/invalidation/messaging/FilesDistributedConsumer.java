package io.edgeplane.invalidation.messaging;

import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.invalidation.service.InvalidationService;
import io.edgeplane.platform.messaging.EventDecoder;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for FilesDistributed: decode and validate, hand over to the scheduler (on the
 * channel's own thread: no hop to a worker per record, which cost more than the work), and
 * acknowledge the record only once every changed path is inside an invalidation CloudFront
 * created. Acknowledgements arrive out of order and late; the throttled commit strategy commits up
 * to the oldest record not yet acknowledged, so a crash replays what was not covered (and the
 * replay is recognised, not billed twice). A record that breaks the contract is nacked and
 * dead-lettered with the reason.
 */
@ApplicationScoped
public class FilesDistributedConsumer {
    private static final Logger LOG = Logger.getLogger(FilesDistributedConsumer.class);

    @Inject
    EventDecoder decoder;

    @Inject
    InvalidationService invalidations;

    @Incoming(InvalidationChannels.FILES_DISTRIBUTED)
    @SuppressWarnings("unchecked")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        ConsumerRecord<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        EventEnvelope<EdgeplaneEvent> event;
        try {
            event = decoder.decode(record, EventType.FILES_DISTRIBUTED);
        } catch (InvalidEventException e) {
            return message.nack(e);
        }
        // The next record is read once this stage completes: at once, or when the queue is back under its bound.
        return invalidations.intakeOpen().thenAccept(open -> invalidations
                .accept((EventEnvelope<FilesDistributed>) (EventEnvelope<?>) event).whenComplete((coverage, error) -> {
                    if (error != null) {
                        // Not poison and not covered: leave it unacknowledged; the commit stops here and a restart
                        // replays it.
                        LOG.errorf(error, "FilesDistributed %s not covered", event.id());
                    } else {
                        message.ack();
                    }
                }));
    }
}
