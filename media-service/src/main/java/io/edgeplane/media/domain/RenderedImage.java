package io.edgeplane.media.domain;

import java.util.List;

/** The outputs of one image, in plan order, and what the source was. */
public record RenderedImage(ImageHeader source, boolean alpha, List<Output> outputs) {
    /** One encoded output. */
    public record Output(String role, ImageFormat format, Dimensions size, byte[] bytes) {
    }
}
