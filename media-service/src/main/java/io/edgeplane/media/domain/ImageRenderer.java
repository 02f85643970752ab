package io.edgeplane.media.domain;

import java.nio.ByteBuffer;

/** Turns image bytes into renditions: decode once, orient, convert to sRGB, resize, encode. */
public interface ImageRenderer {
    /**
     * Renders the image in {@code source} (position to limit; a direct buffer is decoded in place, without a copy).
     *
     * @throws MediaRejectedException when the input cannot be rendered (corrupt, unsupported, pixel limit)
     */
    RenderedImage render(ByteBuffer source, ImageSettings settings);

    default RenderedImage render(byte[] source, ImageSettings settings) {
        return render(ByteBuffer.wrap(source), settings);
    }
}
