package io.edgeplane.media.video;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Short real videos made with ffmpeg's test sources (colour bars, a tone), for tests and benchmarks. */
public final class TestVideos {
    private TestVideos() {
    }

    /** An H.264/AAC MP4 of {@code seconds} seconds at {@code width}x{@code height}, 25 fps; with a 440 Hz tone if {@code audio}. */
    public static Path mp4(FfmpegBinaries ffmpeg, Path target, int seconds, int width, int height, boolean audio) {
        List<String> c = new ArrayList<>(List.of(ffmpeg.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel",
                "error", "-y", "-f", "lavfi", "-i", "testsrc2=duration=" + seconds + ":size=" + width + "x" + height + ":rate=25"));
        if (audio) {
            c.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-c:a", "aac", "-b:a", "64k"));
        }
        c.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
                "-shortest", target.toString()));
        try {
            ChildProcess.Result result = ChildProcess.run(ffmpeg.command(c), Duration.ofSeconds(120), line -> {
            }, false);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("ffmpeg could not make a test video: " + result.stderrTail());
            }
            return target;
        } catch (IOException | ChildProcess.TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
