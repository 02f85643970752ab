package io.edgeplane.media.domain;

import java.nio.ByteBuffer;

/** Reads the orientation tag (0x0112) from IFD0 of a TIFF structure (the body of an EXIF block). */
final class TiffOrientation {
    private TiffOrientation() {
    }

    /** The orientation value, or 1 when absent or unreadable (a broken EXIF block never fails an image). */
    static int read(ByteBuffer d, int start, int length) {
        try {
            if (length < 8 || start + length > d.limit()) {
                return 1;
            }
            boolean little = d.get(start) == 'I' && d.get(start + 1) == 'I';
            boolean big = d.get(start) == 'M' && d.get(start + 1) == 'M';
            if (!little && !big) {
                return 1;
            }
            long ifd = u32(d, start + 4, little);
            if (ifd < 8 || ifd + 2 > length) {
                return 1;
            }
            int entries = u16(d, start + (int) ifd, little);
            for (int i = 0; i < entries; i++) {
                int entry = start + (int) ifd + 2 + 12 * i;
                if (entry + 12 > start + length) {
                    return 1;
                }
                if (u16(d, entry, little) == 0x0112) {
                    return u16(d, entry + 8, little);
                }
            }
            return 1;
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
    }

    private static int u16(ByteBuffer d, int i, boolean little) {
        return little ? (d.get(i) & 0xff) | ((d.get(i + 1) & 0xff) << 8) : ((d.get(i) & 0xff) << 8) | (d.get(i + 1) & 0xff);
    }

    private static long u32(ByteBuffer d, int i, boolean little) {
        return little
                ? (d.get(i) & 0xff) | ((d.get(i + 1) & 0xff) << 8) | ((d.get(i + 2) & 0xff) << 16) | ((long) (d.get(i + 3) & 0xff) << 24)
                : ((long) (d.get(i) & 0xff) << 24) | ((d.get(i + 1) & 0xff) << 16) | ((d.get(i + 2) & 0xff) << 8) | (d.get(i + 3) & 0xff);
    }
}
