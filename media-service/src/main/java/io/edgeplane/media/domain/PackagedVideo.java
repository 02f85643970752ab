package io.edgeplane.media.domain;

import java.nio.file.Path;
import java.util.List;

/**
 * What the transcoder wrote into its work directory.
 *
 * @param poster     the poster frame (JPEG)
 * @param hlsRoot    directory holding {@code master.m3u8} and one sub-directory per rung
 * @param renditions the rungs encoded, with their measured average bitrate
 */
public record PackagedVideo(Path poster, Dimensions posterSize, Path hlsRoot, List<Rung> renditions) {
    /** One encoded rung. */
    public record Rung(String name, int width, int height, int targetKbps, int measuredKbps, int segments) {
    }
}
