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

    /** How many video frames ffprobe decodes from {@code file} (every frame, not the header's count). */
    public static int decodedFrames(FfmpegBinaries ffmpeg, Path file) {
        List<String> c = List.of(ffmpeg.ffprobe().toString(), "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString());
        try {
            ChildProcess.Result result = ChildProcess.run(ffmpeg.command(c), Duration.ofSeconds(60), line -> {
            }, true);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("ffprobe cannot read " + file + ": " + result.stderrTail());
            }
            return Integer.parseInt(result.stdout().strip());
        } catch (IOException | ChildProcess.TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
