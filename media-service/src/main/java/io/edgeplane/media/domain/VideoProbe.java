package io.edgeplane.media.domain;

/**
 * What ffprobe says about an upload.
 *
 * @param container     format name(s) as ffprobe reports them, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param videoCodec    codec of the first video stream, or null when there is none
 * @param displayed     width x height as displayed (rotation applied), or null without video
 * @param frameRate     frames per second of the video stream (0 when unknown)
 * @param bitrateKbps   overall bitrate, 0 when unknown
 */
public record VideoProbe(String container, double durationSeconds, String videoCodec, Dimensions displayed,
        double frameRate, boolean hasAudio, long bitrateKbps) {
}
