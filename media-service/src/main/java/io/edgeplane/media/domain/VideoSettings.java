package io.edgeplane.media.domain;

import java.time.Duration;
import java.util.List;

/**
 * How videos are packaged. Part of the outputs' version fingerprint.
 *
 * @param segmentSeconds  CMAF segment and GOP length (closed GOPs, keyframes forced on the boundary)
 * @param preset          x264 preset (speed/size trade-off)
 * @param threads         encoder/filter threads of the ffmpeg child process (bounded CPU)
 * @param posterBox       bounding box of the poster frame
 * @param timeoutFactor   the transcode may take this many times the video's duration ...
 * @param minTimeout      ... but never less than this
 */
public record VideoSettings(List<HlsRung> rungs, int segmentSeconds, String preset, int threads, int audioKbps,
        int posterBox, double posterAtSeconds, double timeoutFactor, Duration minTimeout, VideoLimits limits) {

    public VideoSettings {
        rungs = List.copyOf(rungs);
        if (segmentSeconds < 1 || segmentSeconds > 30) {
            throw new IllegalArgumentException("segmentSeconds " + segmentSeconds + " must be within 1..30");
        }
        if (!preset.matches("ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow")) {
            throw new IllegalArgumentException("x264 preset '" + preset + "' is not one of x264's presets");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
    }

    public static VideoSettings defaults() {
        return new VideoSettings(HlsRung.parseList(HlsRung.DEFAULTS), 4, "veryfast",
                Math.max(1, Runtime.getRuntime().availableProcessors()), 128, 1280, 1.0, 4.0, Duration.ofMinutes(2),
                new VideoLimits(Duration.ofHours(4), 4096L * 2160));
    }

    /** How long one transcode of a video this long may run before it is stopped. */
    public Duration timeoutFor(double durationSeconds) {
        Duration scaled = Duration.ofMillis((long) (durationSeconds * timeoutFactor * 1000));
        return scaled.compareTo(minTimeout) > 0 ? scaled : minTimeout;
    }

    public String fingerprint() {
        return "vid2-cmaf;" + rungs + ";seg" + segmentSeconds + ";" + preset + ";a" + audioKbps + ";poster" + posterBox + "@"
                + posterAtSeconds;
    }
}
