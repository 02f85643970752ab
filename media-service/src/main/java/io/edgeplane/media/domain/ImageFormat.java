package io.edgeplane.media.domain;

import java.util.Locale;

/** Image formats read or written by the image pipeline. */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg", false),
    PNG("png", "image/png", true),
    WEBP("webp", "image/webp", true),
    AVIF("avif", "image/avif", true);

    private final String extension;
    private final String contentType;
    private final boolean alpha;

    ImageFormat(String extension, String contentType, boolean alpha) {
        this.extension = extension;
        this.contentType = contentType;
        this.alpha = alpha;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether the format can carry an alpha channel (JPEG cannot: it gets a flattened background). */
    public boolean supportsAlpha() {
        return alpha;
    }

    /** The name used in events and configuration: {@code jpeg}, {@code webp}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageFormat parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (f.id().equals(v) || f.extension.equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown image format '" + value + "' (jpeg, png, webp, avif)");
    }
}
