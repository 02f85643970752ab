package io.edgeplane.media.config;

import io.edgeplane.media.video.FfmpegBinaries;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Makes ffmpeg available before the first video job: at start-up the bundled programs are extracted
 * (first run: into the JavaCPP cache, tens of MB) and run once ({@code -version}); until that has
 * succeeded the service is not ready ({@code media-ffmpeg}), so {@code ./edgeplane up} and a
 * Kubernetes rollout wait for it instead of the first upload timing out or failing. A program that
 * cannot run (a shared library missing from the image) keeps readiness DOWN with its own error.
 */
@Readiness
@ApplicationScoped
public class FfmpegReadiness implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(FfmpegReadiness.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

    private final CompletableFuture<FfmpegBinaries> binaries = new CompletableFuture<>();
    private volatile String version;

    @Inject
    MediaConfig config;

    void warmUp(@Observes StartupEvent event) {
        start(config.video().ffmpegDirectory());
    }

    /** Locates (extracts) and checks the programs in {@code directory}, or the bundled ones. */
    void start(Optional<Path> directory) {
        // Off the start-up thread: the HTTP endpoints (liveness, readiness naming this check) answer meanwhile.
        Thread.ofPlatform().name("ffmpeg-warm-up").daemon().start(() -> {
            long start = System.nanoTime();
            try {
                FfmpegBinaries located = FfmpegBinaries.locate(directory);
                version = located.verify(CHECK_TIMEOUT);
                LOG.infof("ffmpeg ready in %d ms: %s (%s)", (System.nanoTime() - start) / 1_000_000, located.ffmpeg(),
                        version);
                binaries.complete(located);
            } catch (RuntimeException e) {
                LOG.errorf("ffmpeg is not usable, video jobs cannot run: %s", e.getMessage());
                binaries.completeExceptionally(e);
            }
        });
    }

    /** The verified programs; waits while they are being extracted, throws if they cannot run. */
    public FfmpegBinaries binaries() {
        try {
            return binaries.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("ffmpeg is not usable: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("media-ffmpeg");
        if (!binaries.isDone()) {
            return response.down().withData("state", "extracting and checking the ffmpeg programs").build();
        }
        if (binaries.isCompletedExceptionally()) {
            return response.down().withData("error", binaries.exceptionNow().getMessage())
                    .withData("setting", "edgeplane.media.video.ffmpeg-directory").build();
        }
        return response.up().withData("ffmpeg", binaries.resultNow().ffmpeg().toString()).withData("version", version)
                .build();
    }
}
