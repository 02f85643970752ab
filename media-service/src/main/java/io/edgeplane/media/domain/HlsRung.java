package io.edgeplane.media.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One rung of an HLS ladder: a name ({@code 720p}), the output height and the target video bitrate.
 * Width follows the source's aspect ratio (rounded to even, as H.264 4:2:0 requires).
 */
public record HlsRung(String name, int height, int videoKbps) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,15}");
    public static final String DEFAULTS = "1080p:1080:5000,720p:720:2800,360p:360:800";

    public HlsRung {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("HLS rung name '" + name + "' must match " + NAME.pattern());
        }
        if (height < 72 || height > 4320 || height % 2 != 0) {
            throw new IllegalArgumentException("HLS rung '" + name + "' height " + height + " must be even, 72..4320");
        }
        if (videoKbps < 50 || videoKbps > 100_000) {
            throw new IllegalArgumentException("HLS rung '" + name + "' bitrate " + videoKbps + " kbps must be 50..100000");
        }
    }

    /** Parses {@code name:height:kbps,...}, e.g. {@value #DEFAULTS}. */
    public static List<HlsRung> parseList(String value) {
        List<HlsRung> rungs = new ArrayList<>();
        for (String item : value.split(",")) {
            String[] parts = item.trim().split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("HLS rung '" + item.trim() + "' must look like name:height:kbps, e.g. 720p:720:2800");
            }
            try {
                HlsRung rung = new HlsRung(parts[0].trim(), Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim()));
                if (rungs.stream().anyMatch(r -> r.name().equals(rung.name()))) {
                    throw new IllegalArgumentException("HLS rung '" + rung.name() + "' appears twice");
                }
                rungs.add(rung);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("HLS rung '" + item.trim() + "' has a height or bitrate that is not a number");
            }
        }
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("at least one HLS rung is needed");
        }
        return List.copyOf(rungs);
    }
}
