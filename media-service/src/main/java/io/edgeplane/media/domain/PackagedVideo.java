package io.edgeplane.media.domain;

import java.nio.file.Path;
import java.util.List;

/**
 * What the transcoder wrote into its work directory.
 *
 * @param poster       the poster frame (JPEG)
 * @param streamRoot   directory holding {@code master.m3u8}, {@code manifest.mpd} and one sub-directory per
 *                     track (init segment, media segments, HLS media playlist)
 * @param renditions   the video rungs encoded, with their measured average bitrate
 * @param presentation the CMAF presentation both manifests describe
 */
public record PackagedVideo(Path poster, Dimensions posterSize, Path streamRoot, List<Rung> renditions,
        StreamPresentation presentation) {
    /** One encoded rung. */
    public record Rung(String name, int width, int height, int targetKbps, int measuredKbps, int segments) {
    }
}
