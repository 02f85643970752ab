package io.edgeplane.distributor.messaging;

import io.edgeplane.distributor.config.DistributorConfig;
import io.edgeplane.distributor.domain.Announcements;
import io.edgeplane.events.EventType;
import io.edgeplane.events.Topics;
import io.edgeplane.platform.messaging.OwnOutputReadBack;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The distributor's {@link Announcements}, rebuilt at start-up by reading its own output topics
 * ({@code edgeplane.files.distributed}, {@code edgeplane.deployments.promoted}) back over
 * {@code edgeplane.distributor.announced.lookback}: only events with this service's {@code ce_source}
 * count. Consumers wait for the read-back before handing a record over, so a replay after a crash is
 * recognised. Assigns partitions directly (no consumer group, nothing committed).
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
    private volatile CountDownLatch readBack = new CountDownLatch(1);

    /** The memory shared by data distribution and promotion; filled in place by the read-back. */
    public synchronized Announcements announcements() {
        if (announcements == null) {
            announcements = new Announcements(config.announced().events(), config.announced().items());
        }
        return announcements;
    }

    void onStart(@Observes StartupEvent start) {
        Thread.ofVirtual().name("announcements-read-back").start(this::readBack);
    }

    /** Blocks until the output topics were read back (or the read-back gave up). */
    public void awaitReadBack() {
        try {
            if (!readBack.await(config.announced().timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Output topics not read back in time; a replayed input may be announced again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void readBack() {
        Instant since = Instant.now().minus(config.announced().lookback());
        try {
            int n = read(List.of(Topics.FILES_DISTRIBUTED, Topics.DEPLOYMENTS_PROMOTED), since);
            LOG.infof("Read back %d events this service announced in the last %s: a replayed input is announced and "
                    + "counted once", n, config.announced().lookback());
        } catch (RuntimeException e) {
            // Availability first: without the memory a replay may be announced twice, never lost.
            LOG.warnf("Output topics not read back (%s); a replayed input may be announced again", e.getMessage());
        } finally {
            readBack.countDown();
        }
    }

    /** Forgets everything and reads the output topics back again, as a restarted process would (tests). */
    public void restart() {
        readBack = new CountDownLatch(1);
        announcements().forget();
        readBack();
    }

    private int read(List<String> topics, Instant since) {
        Announcements into = announcements();
        return OwnOutputReadBack.read(kafkaConfig, topics, "/edgeplane/" + applicationName, since, OUTPUTS,
                config.announced().timeout(), event -> {
                    into.remember(event);
                    return true;
                });
    }
}
