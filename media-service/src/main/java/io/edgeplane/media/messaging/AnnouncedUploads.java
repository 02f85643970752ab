package io.edgeplane.media.messaging;

import io.edgeplane.events.EventType;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.Topics;
import io.edgeplane.media.config.MediaConfig;
import io.edgeplane.media.domain.AnnouncedInputs;
import io.edgeplane.platform.messaging.OwnOutputReadBack;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which uploads already have their outcome on the status topic. At start-up the service reads its own
 * MediaProcessed/MediaFailed of the last {@code edgeplane.media.announced.lookback} back from
 * {@code edgeplane.media.status} (partitions assigned directly: no group, nothing committed); the
 * consumers wait for that before their first record, so a record redelivered after a crash (its
 * outcome published, its offset not yet committed) is recognised by its ce_id.
 */
@ApplicationScoped
public class AnnouncedUploads {
    private static final Logger LOG = Logger.getLogger(AnnouncedUploads.class);
    private static final EnumSet<EventType> OUTCOMES = EnumSet.of(EventType.MEDIA_PROCESSED, EventType.MEDIA_FAILED);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    MediaConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "quarkus.application.name")
    String app;

    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile AnnouncedInputs memory;

    void load(@Observes StartupEvent event) {
        Thread.ofPlatform().name("media-status-read-back").daemon().start(this::readBack);
    }

    void readBack() {
        AnnouncedInputs inputs = new AnnouncedInputs(config.announced().memory());
        Instant since = Instant.now().minus(config.announced().lookback());
        long start = System.nanoTime();
        try {
            int n = read(kafka, "/edgeplane/" + app, since, inputs);
            LOG.infof("read back %d outcomes published since %s in %d ms: a redelivered upload is announced once", n, since,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            // Availability first: without the memory a redelivery may be announced twice, never lost.
            LOG.warnf("status topic %s not read back (%s); a redelivered upload may be announced again", Topics.MEDIA_STATUS,
                    e.getMessage());
        }
        memory = inputs;
        loaded.countDown();
    }

    /** True when the outcome of upload event {@code ceId} was already published (waits for the read-back). */
    public boolean announced(String ceId) {
        return memory().contains(ceId);
    }

    /** The outcome of upload event {@code ceId} is on the status topic. */
    public void remember(String ceId) {
        memory().remember(ceId);
    }

    private AnnouncedInputs memory() {
        try {
            if (!loaded.await(2 * READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("status topic still being read back; going on without the memory of earlier outcomes");
                return new AnnouncedInputs(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the status read-back", e);
        }
        return memory;
    }

    /** Reads the outcomes {@code source} published to the status topic since {@code since} into {@code into}. */
    public static int read(Map<String, Object> kafka, String source, Instant since, AnnouncedInputs into) {
        return OwnOutputReadBack.read(kafka, List.of(Topics.MEDIA_STATUS), source, since, OUTCOMES, READ_TIMEOUT,
                event -> {
                    switch (event) {
                        case MediaProcessed processed -> processed.causedBy().forEach(into::remember);
                        case MediaFailed failed -> failed.causedBy().forEach(into::remember);
                        default -> { }
                    }
                    return true;
                });
    }
}
