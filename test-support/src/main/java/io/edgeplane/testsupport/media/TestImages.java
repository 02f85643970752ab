package io.edgeplane.testsupport.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Real image files made in the test, byte by byte where the JDK cannot: JPEGs with an EXIF
 * orientation (and GPS) block, CMYK JPEGs as Photoshop writes them, PNGs with alpha, headers that
 * lie about their size, truncated files, embedded ICC profiles. Only the JDK is used, so the
 * generator shares no code with the decoder under test.
 */
public final class TestImages {
    /** Quadrant colours of {@link #quadrants}: top-left, top-right, bottom-left, bottom-right. */
    public static final Color TOP_LEFT = new Color(220, 30, 30);
    public static final Color TOP_RIGHT = new Color(30, 200, 30);
    public static final Color BOTTOM_LEFT = new Color(30, 30, 220);
    public static final Color BOTTOM_RIGHT = new Color(240, 240, 240);

    private TestImages() {
    }

    /** An upright picture with four distinctly coloured quadrants, so orientation mistakes show. */
    public static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(TOP_LEFT);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(TOP_RIGHT);
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(BOTTOM_LEFT);
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(BOTTOM_RIGHT);
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    /**
     * The stored pixels a camera would write for an upright picture and EXIF orientation 1-8, by the
     * EXIF definition of where the stored row 0 and column 0 appear (e.g. 6: row 0 is the right side,
     * column 0 the top).
     */
    public static BufferedImage storedFor(BufferedImage upright, int orientation) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage stored = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < stored.getHeight(); r++) {
            for (int c = 0; c < stored.getWidth(); c++) {
                int x;
                int y;
                switch (orientation) {
                    case 1 -> { x = c; y = r; }
                    case 2 -> { x = w - 1 - c; y = r; }
                    case 3 -> { x = w - 1 - c; y = h - 1 - r; }
                    case 4 -> { x = c; y = h - 1 - r; }
                    case 5 -> { x = r; y = c; }
                    case 6 -> { x = w - 1 - r; y = c; }
                    case 7 -> { x = w - 1 - r; y = h - 1 - c; }
                    case 8 -> { x = r; y = h - 1 - c; }
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
                stored.setRGB(c, r, upright.getRGB(x, y));
            }
        }
        return stored;
    }

    /** Noisy, smoothly varying content that compresses like a photograph (not like flat colour). */
    public static BufferedImage photoLike(int width, int height, long seed) {
        Random random = new Random(seed);
        int cells = 8;
        float[][][] grid = new float[cells + 2][cells + 2][3];
        for (float[][] row : grid) {
            for (float[] cell : row) {
                for (int k = 0; k < 3; k++) {
                    cell[k] = 40 + random.nextFloat() * 175;
                }
            }
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] line = new int[width];
        for (int y = 0; y < height; y++) {
            float gy = (float) y / height * cells;
            int iy = (int) gy;
            float fy = gy - iy;
            for (int x = 0; x < width; x++) {
                float gx = (float) x / width * cells;
                int ix = (int) gx;
                float fx = gx - ix;
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    float top = grid[iy][ix][k] * (1 - fx) + grid[iy][ix + 1][k] * fx;
                    float bottom = grid[iy + 1][ix][k] * (1 - fx) + grid[iy + 1][ix + 1][k] * fx;
                    float v = top * (1 - fy) + bottom * fy + (float) random.nextGaussian() * 14;
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, Math.round(v)));
                }
                line[x] = rgb;
            }
            image.setRGB(0, y, width, 1, line, 0, width);
        }
        return image;
    }

    public static byte[] jpeg(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return stripJfif(out.toByteArray());
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG of {@link #storedFor} with an EXIF block carrying the orientation and, optionally, GPS coordinates. */
    public static byte[] jpegWithOrientation(BufferedImage upright, int orientation, boolean withGps) {
        return insertAfterSoi(jpeg(storedFor(upright, orientation), 95), exifSegment(orientation, withGps));
    }

    /**
     * An APP1 EXIF segment (big-endian TIFF): IFD0 with Orientation (0x0112) and, if asked, a GPS IFD
     * pointer (0x8825) to latitude/longitude entries.
     */
    public static byte[] exifSegment(int orientation, boolean withGps) {
        ByteBuffer tiff = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        int entries = withGps ? 2 : 1;
        tiff.putShort((short) entries);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        int gpsIfd = 8 + 2 + 12 * entries + 4;
        if (withGps) {
            tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
        }
        tiff.putInt(0);
        if (withGps) {
            // GPS IFD: LatitudeRef 'N', Latitude 3 rationals (data after the IFD).
            int data = gpsIfd + 2 + 12 * 2 + 4;
            tiff.putShort((short) 2);
            tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
            tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(data);
            tiff.putInt(0);
            tiff.putInt(48).putInt(1).putInt(51).putInt(1).putInt(2913).putInt(100);
        }
        byte[] body = Arrays.copyOf(tiff.array(), tiff.position());
        return segment(0xe1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), body));
    }

    /**
     * A CMYK JPEG as Photoshop writes it: four components, inverted values (255 = no ink) and an
     * Adobe APP14 marker with transform 0. Every pixel has the given ink (0-255 per channel).
     */
    public static byte[] cmykJpeg(int width, int height, int c, int m, int y, int k) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        int[] inverted = {255 - c, 255 - m, 255 - y, 255 - k};
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                raster.setPixel(col, row, inverted);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] adobe = segment(0xee, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        return insertAfterSoi(stripJfif(out.toByteArray()), adobe);
    }

    /** A JPEG with an ICC profile in APP2 (single chunk). */
    public static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        byte[] header = concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 1});
        return insertAfterSoi(jpeg, segment(0xe2, concat(header, profile)));
    }

    /** The JDK's linear-light RGB profile: a grey of 50 % linear light is sRGB ~188, not 128. */
    public static byte[] linearRgbProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    }

    /** A translucent PNG: a transparent background with an opaque red disc and a half-transparent blue band. */
    public static byte[] pngWithAlpha(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(220, 20, 20, 255));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.setColor(new Color(20, 20, 220, 128));
        g.fillRect(0, height - height / 8, width, height / 8);
        g.dispose();
        return png(image);
    }

    /**
     * A PNG whose IHDR claims {@code width} x {@code height} pixels with a tiny (valid) IDAT: a
     * decompression bomb's header without the bomb.
     */
    public static byte[] pngClaiming(long width, long height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt((int) width).putInt((int) height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        out.writeBytes(chunk("IHDR", ihdr.array()));
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] compressed = new byte[2048];
        int n = deflater.deflate(compressed);
        deflater.end();
        out.writeBytes(chunk("IDAT", Arrays.copyOf(compressed, n)));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /** The first {@code fraction} of the file, as an interrupted upload leaves it. */
    public static byte[] truncated(byte[] file, double fraction) {
        return Arrays.copyOf(file, (int) (file.length * fraction));
    }

    /** JPEG segment markers in file order up to the first scan, e.g. [0xe1, 0xdb, 0xc0, 0xc4, 0xda]. */
    public static java.util.List<Integer> jpegMarkers(byte[] jpeg) {
        java.util.List<Integer> markers = new java.util.ArrayList<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int marker = jpeg[pos + 1] & 0xff;
            markers.add(marker);
            if (marker == 0xda) {
                break;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff));
        }
        return markers;
    }

    /** Number of colour components in a JPEG's frame header. */
    public static int jpegComponents(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int marker = jpeg[pos + 1] & 0xff;
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            if (marker >= 0xc0 && marker <= 0xc2) {
                return jpeg[pos + 9] & 0xff;
            }
            pos += 2 + length;
        }
        throw new IllegalArgumentException("no frame header");
    }

    /** RIFF chunk ids of a WebP file, e.g. [VP8X, ALPH, VP8 ]. */
    public static java.util.List<String> webpChunks(byte[] webp) {
        java.util.List<String> chunks = new java.util.ArrayList<>();
        int pos = 12;
        while (pos + 8 <= webp.length) {
            chunks.add(new String(webp, pos, 4, StandardCharsets.ISO_8859_1));
            long length = ByteBuffer.wrap(webp, pos + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            pos += 8 + (int) length + (int) (length & 1);
        }
        return chunks;
    }

    static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        return concat(Arrays.copyOf(jpeg, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** Drops a leading JFIF APP0 so an inserted EXIF APP1 comes first, as cameras write it. */
    static byte[] stripJfif(byte[] jpeg) {
        if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xe0) {
            int length = ((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff);
            return concat(Arrays.copyOf(jpeg, 2), Arrays.copyOfRange(jpeg, 4 + length, jpeg.length));
        }
        return jpeg;
    }

    static byte[] segment(int marker, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + body.length);
        b.put((byte) 0xff).put((byte) marker).putShort((short) (body.length + 2)).put(body);
        return b.array();
    }

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        b.putInt(data.length).put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
