package io.edgeplane.media.imaging;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Converts pixels described by an embedded RGB ICC profile (Adobe RGB, Display P3, ProPhoto ...)
 * to sRGB with the JDK's colour management (LittleCMS), so wide-gamut photos do not look washed out
 * once the profile is stripped. sRGB profiles, grey and CMYK profiles are left alone (CMYK is turned
 * into RGB by the JPEG decoder; see the README).
 */
final class IccToSrgb {
    private IccToSrgb() {
    }

    /**
     * An RGB profile whose description does not start with "sRGB" (the common sRGB profiles are named
     * "sRGB IEC61966-2.1", "sRGB built-in", "sRGB"; "linear sRGB" or "Display P3" are not sRGB). Unreadable
     * profiles are ignored (treated as sRGB, as browsers do with untagged images).
     */
    static boolean needsConversion(byte[] profile) {
        if (profile.length < 132) {
            return false;
        }
        String colourSpace = new String(profile, 16, 4, StandardCharsets.US_ASCII);
        if (!colourSpace.equals("RGB ")) {
            return false;
        }
        String description = description(profile);
        return description != null && !description.strip().startsWith("sRGB");
    }

    /** The 'desc' tag's text (v2 textDescriptionType or v4 multiLocalizedUnicodeType), or null. */
    static String description(byte[] p) {
        try {
            int count = (int) u32(p, 128);
            for (int i = 0; i < count && 132 + 12 * i + 12 <= p.length; i++) {
                int entry = 132 + 12 * i;
                if (new String(p, entry, 4, StandardCharsets.US_ASCII).equals("desc")) {
                    int offset = (int) u32(p, entry + 4);
                    int size = (int) u32(p, entry + 8);
                    if (offset < 0 || size < 12 || offset + size > p.length) {
                        return null;
                    }
                    String type = new String(p, offset, 4, StandardCharsets.US_ASCII);
                    if (type.equals("desc")) {
                        int length = (int) u32(p, offset + 8);
                        return new String(p, offset + 12, Math.max(0, Math.min(length, size - 12)), StandardCharsets.US_ASCII);
                    }
                    if (type.equals("mluc")) {
                        int recordLength = (int) u32(p, offset + 20);
                        int textOffset = (int) u32(p, offset + 24);
                        return new String(p, offset + textOffset, recordLength, StandardCharsets.UTF_16BE);
                    }
                    return null;
                }
            }
            return null;
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Converts an 8-bit BGR or BGRA Mat in place. Alpha is carried over untouched. */
    static void convertInPlace(Mat image, byte[] profileBytes) {
        ICC_ColorSpace source;
        try {
            source = new ICC_ColorSpace(ICC_Profile.getInstance(profileBytes));
        } catch (IllegalArgumentException e) {
            return; // a broken profile: keep the pixels as they are, like a browser would
        }
        int width = image.cols();
        int height = image.rows();
        int channels = image.channels();
        boolean alpha = channels == 4;
        byte[] pixels = new byte[width * height * channels];
        image.data().get(pixels);
        int[] offsets = alpha ? new int[] {2, 1, 0, 3} : new int[] {2, 1, 0};
        WritableRaster in = Raster.createInterleavedRaster(new DataBufferByte(pixels, pixels.length), width, height,
                width * channels, channels, offsets, new Point());
        int transparency = alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE;
        BufferedImage src = new BufferedImage(new ComponentColorModel(source, alpha, false, transparency,
                DataBuffer.TYPE_BYTE), in, false, null);
        byte[] converted = new byte[pixels.length];
        WritableRaster out = Raster.createInterleavedRaster(new DataBufferByte(converted, converted.length), width, height,
                width * channels, channels, offsets, new Point());
        BufferedImage dst = new BufferedImage(new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha,
                false, transparency, DataBuffer.TYPE_BYTE), out, false, null);
        new ColorConvertOp(null).filter(src, dst);
        image.data().put(converted);
    }

    private static long u32(byte[] d, int i) {
        return ((long) (d[i] & 0xff) << 24) | ((d[i + 1] & 0xff) << 16) | ((d[i + 2] & 0xff) << 8) | (d[i + 3] & 0xff);
    }
}
