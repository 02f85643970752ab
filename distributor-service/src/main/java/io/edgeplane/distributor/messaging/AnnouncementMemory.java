package io.edgeplane.distributor.messaging;

import io.edgeplane.distributor.config.DistributorConfig;
import io.edgeplane.distributor.domain.Announcements;
import io.edgeplane.events.EventType;
import io.edgeplane.events.Topics;
import io.edgeplane.platform.messaging.OwnOutputs;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The distributor's {@link Announcements}, rebuilt at start-up by reading its own output topics
 * ({@code edgeplane.files.distributed}, {@code edgeplane.deployments.promoted}) back over
 * {@code edgeplane.distributor.announced.lookback} and then following them ({@link OwnOutputs}): only events with
 * this service's {@code ce_source} count, from every replica. Consumers wait for the read-back before handing a
 * record over, so a replay after a crash is recognised; following, a replica that takes over a killed one's
 * partitions also knows what that one announced.
 */
@ApplicationScoped
public class AnnouncementMemory {
    private static final Logger LOG = Logger.getLogger(AnnouncementMemory.class);
    private static final EnumSet<EventType> OUTPUTS = EnumSet.of(EventType.FILES_DISTRIBUTED,
            EventType.DEPLOYMENT_PROMOTED, EventType.DEPLOYMENT_FAILED);

    @Inject
    DistributorConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private volatile Announcements announcements;
    private volatile OwnOutputs outputs;

    /** The memory shared by data distribution and promotion; filled in place by the read-back. */
    public synchronized Announcements announcements() {
        if (announcements == null) {
            announcements = new Announcements(config.announced().events(), config.announced().items());
        }
        return announcements;
    }

    void onStart(@Observes StartupEvent start) {
        follow();
    }

    private synchronized void follow() {
        Announcements into = announcements();
        outputs = OwnOutputs.follow("announcements", kafkaConfig, List.of(Topics.FILES_DISTRIBUTED,
                Topics.DEPLOYMENTS_PROMOTED), "/edgeplane/" + applicationName,
                Instant.now().minus(config.announced().lookback()), OUTPUTS, config.announced().timeout(),
                into::remember);
    }

    @PreDestroy
    synchronized void stop() {
        if (outputs != null) {
            outputs.close();
        }
    }

    /** Blocks until the output topics were read back (or the read-back gave up). */
    public void awaitReadBack() {
        try {
            OwnOutputs current = outputs;
            if (current != null && !current.awaitCaughtUp(config.announced().timeout().plusSeconds(5))) {
                LOG.warn("Output topics not read back in time; a replayed input may be announced again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets everything and reads the output topics back again, as a restarted process would (tests). */
    public void restart() {
        stop();
        announcements().forget();
        follow();
        awaitReadBack();
    }
}
