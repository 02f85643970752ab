package io.edgeplane.media.domain;

import java.util.List;

/**
 * How images are rendered. Part of every output's version fingerprint: changing a setting produces
 * new keys instead of silently different bytes under old ones.
 *
 * @param maxPixels   decompression-bomb guard, checked against the header before decoding
 * @param background  RGB (0xRRGGBB) that transparent pixels are flattened onto for formats without alpha
 */
public record ImageSettings(List<RenditionSpec> renditions, List<ImageFormat> formats, int jpegQuality,
        int webpQuality, int avifQuality, long maxPixels, int background) {

    public ImageSettings {
        renditions = List.copyOf(renditions);
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one image output format is needed");
        }
        for (int q : new int[] {jpegQuality, webpQuality, avifQuality}) {
            if (q < 1 || q > 100) {
                throw new IllegalArgumentException("image quality " + q + " must be within 1..100");
            }
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive");
        }
    }

    /** The seed's defaults: 150/400/800/1200 px, JPEG q85 and WebP q80, 64 megapixels at most, white background. */
    public static ImageSettings defaults() {
        return new ImageSettings(RenditionSpec.parseList(RenditionSpec.DEFAULTS), List.of(ImageFormat.JPEG, ImageFormat.WEBP),
                85, 80, 60, 64_000_000L, 0xffffff);
    }

    public String fingerprint() {
        return "img1;" + renditions + ";" + formats + ";q" + jpegQuality + "/" + webpQuality + "/" + avifQuality
                + ";bg" + Integer.toHexString(background);
    }
}
