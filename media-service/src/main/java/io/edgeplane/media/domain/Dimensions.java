package io.edgeplane.media.domain;

/** Width and height in pixels. */
public record Dimensions(int width, int height) {
    public Dimensions {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, were " + width + "x" + height);
        }
    }

    public long pixels() {
        return (long) width * height;
    }

    public Dimensions transposed() {
        return new Dimensions(height, width);
    }

    /**
     * The largest size with this aspect ratio inside a {@code box} x {@code box} square, never larger
     * than this one (no upscaling). Sides are rounded and at least 1 px.
     */
    public Dimensions fitInside(int box) {
        if (width <= box && height <= box) {
            return this;
        }
        double scale = Math.min((double) box / width, (double) box / height);
        return new Dimensions(Math.max(1, Math.min(box, (int) Math.round(width * scale))),
                Math.max(1, Math.min(box, (int) Math.round(height * scale))));
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
