package io.edgeplane.e2e;

import io.edgeplane.media.video.FfmpegBinaries;
import io.edgeplane.testsupport.media.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Upload bodies for the media cases, generated in the test (nothing binary is checked in). */
final class TestMedia {
    private static byte[] video;

    private TestMedia() {
    }

    static byte[] generate(String kind, long seed) {
        return switch (kind) {
            case "pixel-bomb-png" -> TestImages.pngClaiming(100_000, 100_000);
            case "truncated-jpeg" -> TestImages.truncated(TestImages.jpeg(TestImages.photoLike(640, 480, seed), 85), 0.5);
            case "text-as-image" -> "this is not an image, it only says it is one\n".getBytes(StandardCharsets.UTF_8);
            case "random-bytes" -> {
                byte[] bytes = new byte[64 * 1024];
                new Random(seed).nextBytes(bytes);
                yield bytes;
            }
            case "tiny-jpeg" -> TestImages.jpeg(TestImages.photoLike(320, 240, seed), 85);
            case "photo-jpeg" -> TestImages.jpeg(TestImages.photoLike(1600, 1200, seed), 90);
            case "short-video" -> shortVideo();
            default -> throw new IllegalArgumentException("unknown upload generator " + kind);
        };
    }

    /** A 4 s 640x360 H.264/AAC MP4 made once with the ffmpeg the media-service ships with. */
    static synchronized byte[] shortVideo() {
        if (video == null) {
            try {
                Path dir = Files.createTempDirectory("e2e-video");
                Path out = dir.resolve("short.mp4");
                FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
                Process p = ffmpeg.command(List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", "testsrc2=duration=4:size=640x360:rate=25",
                        "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
                        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                        out.toString())).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("ffmpeg could not make the test video: " + output);
                }
                video = Files.readAllBytes(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return video;
    }
}
