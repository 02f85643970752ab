package io.edgeplane.media.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness waits for ffmpeg; a directory whose programs cannot run keeps it DOWN with their error. */
class FfmpegReadinessTest {

    @Test
    void notReadyBeforeTheProgramsWereChecked() {
        HealthCheckResponse response = new FfmpegReadiness().call();
        assertThat(response.getName()).isEqualTo("media-ffmpeg");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsKey("state");
    }

    @Test
    void programsThatCannotRunKeepItDownNamingTheProgram(@TempDir Path dir) throws Exception {
        // An ffmpeg that exists but fails, as the bundled one does in an image without libpulse.
        Path ffmpeg = dir.resolve("ffmpeg");
        Files.writeString(ffmpeg, "#!/bin/sh\necho 'error while loading shared libraries: libpulse.so.0' >&2\nexit 127\n");
        ffmpeg.toFile().setExecutable(true);
        FfmpegReadiness readiness = new FfmpegReadiness();
        readiness.start(Optional.of(dir));

        await().atMost(Duration.ofSeconds(30)).until(() -> readiness.call().getData().orElseThrow().containsKey("error"));
        HealthCheckResponse response = readiness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("error").toString()).contains(ffmpeg.toString())
                .contains("exited with 127").contains("libpulse.so.0");
        assertThatThrownBy(readiness::binaries).hasMessageContaining("ffmpeg is not usable");
    }

    @Test
    void theBundledProgramsAreReadyWithTheirVersion() {
        FfmpegReadiness readiness = new FfmpegReadiness();
        readiness.start(Optional.empty());

        await().atMost(Duration.ofSeconds(120)).until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.UP);
        assertThat(readiness.call().getData().orElseThrow().get("version").toString()).startsWith("ffmpeg version");
        assertThat(Files.isExecutable(readiness.binaries().ffprobe())).isTrue();
    }
}
