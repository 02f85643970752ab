package io.edgeplane.media.domain;

/**
 * EXIF orientation (tag 0x0112): how the stored pixels must be turned to display upright. The
 * names follow the transform applied to the stored image.
 */
public enum Orientation {
    NORMAL(1), FLIP_HORIZONTAL(2), ROTATE_180(3), FLIP_VERTICAL(4), TRANSPOSE(5), ROTATE_90_CW(6),
    TRANSVERSE(7), ROTATE_90_CCW(8);

    private final int exifValue;

    Orientation(int exifValue) {
        this.exifValue = exifValue;
    }

    public int exifValue() {
        return exifValue;
    }

    /** Orientations 5-8 swap width and height. */
    public boolean swapsAxes() {
        return exifValue >= 5;
    }

    public Dimensions upright(Dimensions stored) {
        return swapsAxes() ? stored.transposed() : stored;
    }

    /** The EXIF value, or NORMAL for absent or out-of-range values (as browsers do). */
    public static Orientation fromExif(int value) {
        for (Orientation o : values()) {
            if (o.exifValue == value) {
                return o;
            }
        }
        return NORMAL;
    }
}
