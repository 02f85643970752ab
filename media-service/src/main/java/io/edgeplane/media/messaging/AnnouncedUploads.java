package io.edgeplane.media.messaging;

import io.edgeplane.events.EventType;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.Topics;
import io.edgeplane.media.config.MediaConfig;
import io.edgeplane.media.domain.AnnouncedInputs;
import io.edgeplane.platform.messaging.OwnOutputs;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which uploads already have their outcome on the status topic. At start-up the service reads its own
 * MediaProcessed/MediaFailed of the last {@code edgeplane.media.announced.lookback} back from
 * {@code edgeplane.media.status} and then follows the topic ({@link OwnOutputs}); the consumers wait for the
 * read-back before their first record, so a record redelivered after a crash (its outcome published, its offset not
 * yet committed) is recognised by its ce_id — also when another replica published the outcome and died before
 * committing, and its partition came here.
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

    private volatile AnnouncedInputs memory;
    private volatile OwnOutputs outputs;

    void load(@Observes StartupEvent event) {
        memory = new AnnouncedInputs(config.announced().memory());
        outputs = follow(kafka, "/edgeplane/" + app, Instant.now().minus(config.announced().lookback()), memory);
    }

    @PreDestroy
    void stop() {
        if (outputs != null) {
            outputs.close();
        }
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
            OwnOutputs current = outputs;
            if (current == null || !current.awaitCaughtUp(READ_TIMEOUT.multipliedBy(2))) {
                LOG.warn("status topic still being read back; going on without the memory of earlier outcomes");
                return new AnnouncedInputs(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the status read-back", e);
        }
        return memory;
    }

    private static OwnOutputs follow(Map<String, Object> kafka, String source, Instant since, AnnouncedInputs into) {
        return OwnOutputs.follow("media-status", kafka, List.of(Topics.MEDIA_STATUS), source, since, OUTCOMES,
                READ_TIMEOUT, event -> (switch (event) {
                    case MediaProcessed processed -> processed.causedBy();
                    case MediaFailed failed -> failed.causedBy();
                    default -> List.<String>of();
                }).forEach(into::remember));
    }

    /**
     * Reads the outcomes {@code source} published to the status topic since {@code since} into {@code into}, as a
     * restarted process does, and returns how many there were.
     */
    public static int read(Map<String, Object> kafka, String source, Instant since, AnnouncedInputs into) {
        try (OwnOutputs once = follow(kafka, source, since, into)) {
            if (!once.awaitCaughtUp(READ_TIMEOUT)) {
                throw new IllegalStateException("not at the end of " + Topics.MEDIA_STATUS + " within " + READ_TIMEOUT);
            }
            return (int) once.remembered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + Topics.MEDIA_STATUS + " back", e);
        }
    }
}
