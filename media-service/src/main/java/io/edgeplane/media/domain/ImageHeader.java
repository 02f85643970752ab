package io.edgeplane.media.domain;

/**
 * What the first bytes of an image say, read without decoding pixels: enough to refuse a
 * decompression bomb or a truncated file before any decoder allocates memory.
 *
 * @param stored      dimensions of the stored pixels (before orientation)
 * @param components  colour components in the file (JPEG: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK); PNG/WebP: with alpha
 * @param cmyk        a 4-component JPEG (printed-matter CMYK or YCCK), converted to sRGB on decode
 * @param iccProfile  the embedded ICC profile, or null
 * @param hasAlpha    the header announces transparency (PNG colour type, tRNS, WebP alpha flag)
 * @param complete    the end marker is present (JPEG EOI, PNG IEND, full RIFF length)
 */
public record ImageHeader(ImageFormat format, Dimensions stored, Orientation orientation, int components,
        boolean cmyk, byte[] iccProfile, boolean hasAlpha, boolean complete) {

    public Dimensions upright() {
        return orientation.upright(stored);
    }
}
