package io.edgeplane.distributor.messaging;

import io.edgeplane.distributor.deployment.DeploymentPromoter;
import io.edgeplane.distributor.deployment.RetryLater;
import io.edgeplane.distributor.deployment.domain.PromotionRejected;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.distributor.deployment.config.DeploymentConfig;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventType;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.messaging.EventDecoder;
import io.edgeplane.platform.messaging.EventPublisher;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for DeploymentCompleted: decode and validate, then hand over to the promoter.
 * Errors are sorted on purpose: a record that breaks the contract is dead-lettered (no DeploymentFailed:
 * its ids cannot be trusted); a promotion that cannot succeed as asked (foreign source, delete guard,
 * missing build...) has been announced with DeploymentFailed by the promoter and, where a replay could ever
 * succeed, dead-lettered with the reason (a foreign source is not: the failure event is the whole answer);
 * either way the partition moves on; a transient failure (S3 or the KeyValueStore throttling, 5xx,
 * timeouts) runs the promotion again after a backoff, without acknowledging the record, for up to
 * {@code retry.give-up-after}; then, and for any other error, one DeploymentFailed ({@code s3-failure})
 * and the dead letter.
 */
@ApplicationScoped
public class DeploymentCompletedConsumer {
    private static final Logger LOG = Logger.getLogger(DeploymentCompletedConsumer.class);

    @Inject
    EventDecoder decoder;

    @Inject
    EventPublisher publisher;

    @Inject
    DeploymentPromoter promoter;

    @Inject
    DeploymentConfig config;

    @Inject
    AnnouncementMemory announcements;

    @Incoming(DistributorChannels.DEPLOYMENTS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = decoder.decode(record, EventType.DEPLOYMENT_COMPLETED);
        DeploymentCompleted deployment = (DeploymentCompleted) event.data();
        announcements.awaitReadBack(); // a replay after a restart must be recognised
        Backoff backoff = new Backoff(config.retry().base(), config.retry().cap(), Integer.MAX_VALUE);
        long giveUpAt = System.nanoTime() + config.retry().giveUpAfter().toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                promoter.promote(deployment, event.id(), this::publishDurably);
                return;
            } catch (PromotionRejected e) {
                if (!e.reason().replayable()) {
                    return; // announced with DeploymentFailed; a replay would be refused the same way
                }
                throw e; // announced with DeploymentFailed; dead-lettered for an operator to replay after a fix
            } catch (RuntimeException e) {
                boolean transientFailure = e instanceof RetryLater || ParallelCopier.isTransient(e);
                if (!transientFailure || System.nanoTime() - giveUpAt >= 0) {
                    throw promoter.gaveUp(deployment, event.id(), e, this::publishDurably);
                }
                retry(attempt, backoff, deployment, e);
            }
        }
    }

    private void retry(int attempt, Backoff backoff, DeploymentCompleted deployment, RuntimeException cause) {
        long wait = backoff.delay(Math.min(attempt, 20)).toMillis();
        LOG.warnf("Deployment %s (build %s of %s) hit a transient failure, retrying in %d ms: %s",
                deployment.deploymentId(), deployment.buildId(), deployment.key(), wait, cause.getMessage());
        promoter.observer().retrying(cause.getClass().getSimpleName());
        sleep(wait);
    }

    /** The broker is the only way the edge learns what to forget: wait for it rather than lose an event. */
    private void publishDurably(EdgeplaneEvent event) {
        for (int attempt = 0; ; attempt++) {
            try {
                publisher.publishAndWait(event);
                return;
            } catch (EventPublisher.EventPublishException e) {
                if (e.getCause() instanceof io.edgeplane.events.InvalidEventException) {
                    throw e;
                }
                LOG.warnf("Publishing %s failed, retrying: %s", event.getClass().getSimpleName(), e.getMessage());
                sleep(Math.min(30_000, 500L << Math.min(attempt, 6)));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // Neither ack nor dead-letter on shutdown: an unacknowledged record is delivered again after restart.
            LOG.debug("interrupted while waiting to retry; continuing until the process stops");
        }
    }
}
