package io.edgeplane.media.messaging;

import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.media.domain.EventSink;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Publishes through the platform's single outgoing channel and waits for the broker's ack. A broker
 * that does not answer is retried with backoff (the upload is not acknowledged meanwhile); an event
 * that breaks its own contract is a bug and is thrown.
 */
@ApplicationScoped
public class BrokerEventSink implements EventSink {
    private static final Logger LOG = Logger.getLogger(BrokerEventSink.class);

    @Inject
    EventPublisher publisher;

    @Override
    public void publish(EdgeplaneEvent event) {
        for (int attempt = 0; ; attempt++) {
            try {
                publisher.publishAndWait(event);
                return;
            } catch (EventPublisher.EventPublishException e) {
                if (e.getCause() instanceof InvalidEventException invalid) {
                    throw invalid;
                }
                long wait = Backoff.DEFAULT.delay(attempt).toMillis();
                LOG.warnf("publishing %s for %s failed (%s); retry %d in %d ms", event.getClass().getSimpleName(),
                        event.key(), e.getMessage(), attempt + 1, wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
