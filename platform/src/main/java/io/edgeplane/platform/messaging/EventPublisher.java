package io.edgeplane.platform.messaging;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.Constraints;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.InvalidEventException;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends Edgeplane events as binary-mode CloudEvents to the topic of their type, keyed by their
 * entity. The returned stage completes when the broker has acknowledged the record (acks=all),
 * so a caller that waits for it may then acknowledge what caused the event.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel(Channels.EVENTS_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    Emitter<byte[]> emitter;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    public <T extends EdgeplaneEvent> CompletionStage<EventEnvelope<T>> publish(T data) {
        // Never emit what we would dead-letter on the way in: our own events obey the contract.
        Constraints constraints = new Constraints();
        data.check(constraints);
        if (!constraints.ok()) {
            return CompletableFuture.failedFuture(new InvalidEventException(constraints.violations()));
        }
        EventEnvelope<T> envelope = EventEnvelope.of("/edgeplane/" + applicationName, data);
        CompletableFuture<EventEnvelope<T>> sent = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(envelope.type().topic())
                .withKey(envelope.key())
                .withHeaders(CloudEventCodec.headers(envelope))
                .build();
        Message<byte[]> message = Message.of(CloudEventCodec.encodeData(data))
                .addMetadata(metadata)
                .withAck(() -> {
                    sent.complete(envelope);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return sent;
    }

    /** Publishes and blocks until the broker acknowledged; for blocking consumers and virtual threads. */
    public <T extends EdgeplaneEvent> EventEnvelope<T> publishAndWait(T data) {
        try {
            return publish(data).toCompletableFuture().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventPublishException(data, e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublishException(data, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishException(data, e);
        }
    }

    /** The broker did not take an event; the caller must not acknowledge its cause. */
    public static class EventPublishException extends RuntimeException {
        public EventPublishException(EdgeplaneEvent data, Throwable cause) {
            super("could not publish " + data.getClass().getSimpleName() + " for " + data.key() + ": "
                    + (cause == null ? "unknown" : cause.getMessage()), cause);
        }
    }
}
