package io.edgeplane.invalidation.messaging;

import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.invalidation.service.InvalidationService;
import io.edgeplane.platform.messaging.EventDecoder;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for FilesDistributed, one poll's batch at a time (per-record channel work cost
 * more than the intake itself): decode and validate each record, hand it to the scheduler on the
 * channel's thread, and settle the batch once every changed path is inside an invalidation CloudFront
 * created. A record that breaks the contract is nacked and dead-lettered with the reason; the rest of
 * the batch is taken in.
 * <p>
 * The throttled commit strategy tracks only the <em>last</em> record of each partition in a batch, and
 * acknowledging it commits the whole batch of that partition (the dead-letter handler acknowledges a
 * record once it is parked). So that record is settled — acknowledged, or dead-lettered if it is
 * poison — only after every earlier record of its partition in the batch is covered; earlier poison is
 * dead-lettered at once. A record that is not covered (not poison) leaves its partition's batch
 * unsettled: the commit stops there and a restart replays it (recognised, not billed twice).
 */
@ApplicationScoped
public class FilesDistributedConsumer {
    private static final Logger LOG = Logger.getLogger(FilesDistributedConsumer.class);

    @Inject
    EventDecoder decoder;

    @Inject
    InvalidationService invalidations;

    /** The next batch is polled once this stage completes: at once, or when the queue is back under its bound. */
    @Incoming(InvalidationChannels.FILES_DISTRIBUTED)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return invalidations.intakeOpen().thenAccept(open -> takeIn(batch));
    }

    private void takeIn(KafkaRecordBatch<String, byte[]> batch) {
        Map<Integer, List<KafkaRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
        for (KafkaRecord<String, byte[]> message : batch.getRecords()) {
            byPartition.computeIfAbsent(message.getPartition(), p -> new ArrayList<>()).add(message);
        }
        byPartition.values().forEach(this::takeInPartition);
    }

    /** @param messages one partition's records of the batch, in offset order */
    private void takeInPartition(List<KafkaRecord<String, byte[]>> messages) {
        List<CompletableFuture<?>> earlier = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            KafkaRecord<String, byte[]> message = messages.get(i);
            boolean last = i == messages.size() - 1;
            ConsumerRecord<String, byte[]> record = consumerRecord(message);
            EventEnvelope<FilesDistributed> event;
            try {
                event = decode(record);
            } catch (InvalidEventException e) {
                if (last) {
                    settleAfter(earlier, () -> message.nack(e), record);
                } else {
                    // Parked at once; the handler's acknowledgement of it commits nothing (not a tracked offset).
                    message.nack(e);
                }
                continue;
            }
            CompletableFuture<?> covered = cover(event);
            earlier.add(covered);
            if (last) {
                settleAfter(earlier, message::ack, record);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private EventEnvelope<FilesDistributed> decode(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<EdgeplaneEvent> event = decoder.decode(record, EventType.FILES_DISTRIBUTED);
        return (EventEnvelope<FilesDistributed>) (EventEnvelope<?>) event;
    }

    /** Completes when every changed path is covered; exceptionally when it is not (not poison). */
    private CompletableFuture<?> cover(EventEnvelope<FilesDistributed> event) {
        CompletableFuture<?> covered;
        try {
            covered = invalidations.accept(event);
        } catch (RuntimeException e) {
            covered = CompletableFuture.failedFuture(e);
        }
        return covered.whenComplete((coverage, error) -> {
            if (error != null) {
                LOG.errorf(error, "FilesDistributed %s not covered", event.id());
            }
        });
    }

    /** Settles the partition's last record once every earlier one is covered; never if one is not. */
    private static void settleAfter(List<CompletableFuture<?>> earlier, Runnable settle,
            ConsumerRecord<String, byte[]> record) {
        CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new)).whenComplete((x, error) -> {
            if (error == null) {
                settle.run();
            } else {
                LOG.warnf("%s-%d@%d and the records before it in its batch stay uncommitted: one was not covered",
                        record.topic(), record.partition(), record.offset());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, byte[]> consumerRecord(KafkaRecord<String, byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
    }
}
