package io.edgeplane.media.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which image outputs to make from a source of given (upright) dimensions: every rendition in every
 * format, largest first, so each size can be resized from the previous one (decode once, cascade
 * down, fan the encodes out).
 */
public final class RenditionPlan {
    /** One output: a role's size in one format. */
    public record Target(String role, ImageFormat format, Dimensions size) {
    }

    private RenditionPlan() {
    }

    /** The sizes, largest box first; a source smaller than a box keeps its own size (no upscaling). */
    public static List<Target> plan(Dimensions upright, List<RenditionSpec> specs, List<ImageFormat> formats) {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one output format is needed");
        }
        List<RenditionSpec> ordered = new ArrayList<>(specs);
        ordered.sort(Comparator.comparingInt(RenditionSpec::box).reversed());
        List<Target> targets = new ArrayList<>();
        for (RenditionSpec spec : ordered) {
            Dimensions size = upright.fitInside(spec.box());
            for (ImageFormat format : formats) {
                targets.add(new Target(spec.role(), format, size));
            }
        }
        return List.copyOf(targets);
    }
}
