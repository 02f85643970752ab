package io.edgeplane.media.domain;

/** Turns image bytes into renditions: decode once, orient, convert to sRGB, resize, encode. */
public interface ImageRenderer {
    /**
     * @throws MediaRejectedException when the input cannot be rendered (corrupt, unsupported, pixel limit)
     */
    RenderedImage render(byte[] source, ImageSettings settings);
}
