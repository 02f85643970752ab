package io.edgeplane.media.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which HLS renditions to encode for a source: the configured rungs no taller than the source
 * (never upscale). A source shorter than every rung gets one rung at its own height, named after it.
 */
public final class LadderPlan {
    /** A rung fitted to a source: output size and the bitrate cap. */
    public record Rendition(String name, int width, int height, int videoKbps) {
    }

    private LadderPlan() {
    }

    public static List<Rendition> plan(Dimensions source, List<HlsRung> rungs) {
        List<HlsRung> ordered = new ArrayList<>(rungs);
        ordered.sort(Comparator.comparingInt(HlsRung::height).reversed());
        List<Rendition> out = new ArrayList<>();
        for (HlsRung rung : ordered) {
            if (rung.height() <= source.height()) {
                out.add(new Rendition(rung.name(), evenWidth(source, rung.height()), rung.height(), rung.videoKbps()));
            }
        }
        if (out.isEmpty()) {
            HlsRung lowest = ordered.getLast();
            int height = source.height() - source.height() % 2;
            height = Math.max(2, height);
            // Scale the bitrate with the pixel count, never above the lowest rung's.
            double ratio = Math.min(1.0, (double) height / lowest.height());
            int kbps = Math.max(50, (int) Math.round(lowest.videoKbps() * ratio * ratio));
            out.add(new Rendition(height + "p", evenWidth(source, height), height, kbps));
        }
        return List.copyOf(out);
    }

    private static int evenWidth(Dimensions source, int height) {
        long width = Math.round((double) source.width() * height / source.height());
        width -= width % 2;
        return (int) Math.max(2, width);
    }
}
