package io.edgeplane.media.domain;

import java.time.Duration;

/** What a video must satisfy before any transcoding starts. */
public record VideoLimits(Duration maxDuration, long maxPixels) {

    public void check(VideoProbe probe) {
        if (probe.videoCodec() == null || probe.displayed() == null) {
            throw new MediaRejectedException(FailureReason.UNSUPPORTED_FORMAT,
                    "no video stream in the upload (container " + probe.container() + ")");
        }
        if (!(probe.durationSeconds() > 0)) {
            throw new MediaRejectedException(FailureReason.CORRUPT, "the video has no duration");
        }
        if (probe.durationSeconds() > maxDuration.toSeconds()) {
            throw new MediaRejectedException(FailureReason.DURATION_LIMIT, String.format(
                    "the video lasts %.0f s, more than the limit of %d s", probe.durationSeconds(), maxDuration.toSeconds()));
        }
        if (probe.displayed().pixels() > maxPixels) {
            throw new MediaRejectedException(FailureReason.PIXEL_LIMIT, "frames of " + probe.displayed()
                    + " exceed the limit of " + maxPixels + " pixels");
        }
    }
}
