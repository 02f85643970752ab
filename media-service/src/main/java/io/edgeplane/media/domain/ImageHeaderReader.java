package io.edgeplane.media.domain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@link ImageHeader}s from JPEG, PNG and WebP bytes by walking their markers/chunks; no
 * pixel is decoded. Anything else is {@link FailureReason#UNSUPPORTED_FORMAT}; broken structure is
 * {@link FailureReason#CORRUPT}.
 */
public final class ImageHeaderReader {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageHeaderReader() {
    }

    public static ImageHeader read(byte[] data) {
        return read(ByteBuffer.wrap(data));
    }

    /**
     * The header of the image in {@code data} from its position to its limit (a heap or a direct buffer: an upload is
     * held outside the Java heap); the buffer's position is not moved.
     */
    public static ImageHeader read(ByteBuffer data) {
        ByteBuffer d = data.slice();
        if (d.limit() >= 3 && (d.get(0) & 0xff) == 0xff && (d.get(1) & 0xff) == 0xd8 && (d.get(2) & 0xff) == 0xff) {
            return jpeg(d);
        }
        if (startsWith(d, PNG_SIGNATURE)) {
            return png(d);
        }
        if (d.limit() >= 12 && ascii(d, 0, 4).equals("RIFF") && ascii(d, 8, 4).equals("WEBP")) {
            return webp(d);
        }
        throw new MediaRejectedException(FailureReason.UNSUPPORTED_FORMAT,
                "not a JPEG, PNG or WebP image (" + sniff(d) + ")");
    }

    // --- JPEG: markers up to SOS; then look for EOI, which entropy-coded data cannot contain.
    private static ImageHeader jpeg(ByteBuffer d) {
        int pos = 2;
        Orientation orientation = Orientation.NORMAL;
        ByteArrayOutputStream icc = null;
        Dimensions size = null;
        int components = 0;
        boolean adobe = false;
        while (true) {
            if (pos + 4 > d.limit()) {
                throw corrupt("JPEG ends inside its headers at byte " + pos + " (truncated)");
            }
            if ((d.get(pos) & 0xff) != 0xff) {
                throw corrupt("JPEG marker expected at byte " + pos);
            }
            int marker = d.get(pos + 1) & 0xff;
            if (marker == 0xff) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                pos += 2;
                continue;
            }
            int length = u16be(d, pos + 2);
            if (length < 2 || pos + 2 + length > d.limit()) {
                throw corrupt("JPEG segment 0x" + Integer.toHexString(marker) + " at byte " + pos
                        + " runs past the end of the file (truncated)");
            }
            int body = pos + 4;
            int bodyLength = length - 2;
            if (marker == 0xe1 && bodyLength > 6 && ascii(d, body, 4).equals("Exif") && d.get(body + 4) == 0) {
                orientation = Orientation.fromExif(TiffOrientation.read(d, body + 6, bodyLength - 6));
            } else if (marker == 0xe2 && bodyLength > 14 && ascii(d, body, 11).equals("ICC_PROFILE")) {
                // ICC profiles may span several APP2 chunks, numbered in order.
                if (icc == null) {
                    icc = new ByteArrayOutputStream();
                }
                icc.write(bytes(d, body + 14, bodyLength - 14), 0, bodyLength - 14);
            } else if (marker == 0xee && bodyLength >= 5 && ascii(d, body, 5).equals("Adobe")) {
                adobe = true;
            } else if (isStartOfFrame(marker)) {
                if (bodyLength < 6) {
                    throw corrupt("JPEG frame header too short");
                }
                int height = u16be(d, body + 1);
                int width = u16be(d, body + 3);
                components = d.get(body + 5) & 0xff;
                if (width == 0 || height == 0) {
                    throw corrupt("JPEG frame header claims " + width + "x" + height + " pixels");
                }
                size = new Dimensions(width, height);
            } else if (marker == 0xda) {
                if (size == null) {
                    throw corrupt("JPEG scan starts before any frame header");
                }
                boolean complete = containsEoi(d, pos + 2 + length);
                byte[] profile = icc == null ? null : icc.toByteArray();
                boolean cmyk = components == 4;
                return new ImageHeader(ImageFormat.JPEG, size, orientation, components, cmyk || (adobe && cmyk),
                        profile, false, complete);
            } else if (marker == 0xd9) {
                throw corrupt("JPEG ends before its first scan");
            }
            pos += 2 + length;
        }
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    private static boolean containsEoi(ByteBuffer d, int from) {
        for (int i = d.limit() - 2; i >= from; i--) {
            if ((d.get(i) & 0xff) == 0xff && (d.get(i + 1) & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }

    // --- PNG: IHDR first, then walk chunks to IEND.
    private static ImageHeader png(ByteBuffer d) {
        if (d.limit() < 33 || !ascii(d, 12, 4).equals("IHDR")) {
            throw corrupt("PNG without an IHDR chunk (truncated)");
        }
        long width = u32be(d, 16);
        long height = u32be(d, 20);
        int colourType = d.get(25) & 0xff;
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw corrupt("PNG header claims " + width + "x" + height + " pixels");
        }
        boolean alpha = colourType == 4 || colourType == 6;
        byte[] icc = null;
        Orientation orientation = Orientation.NORMAL;
        boolean complete = false;
        int pos = 8;
        while (pos + 8 <= d.limit()) {
            long length = u32be(d, pos);
            String type = ascii(d, pos + 4, 4);
            if (length > d.limit() - pos - 12L) {
                break; // chunk runs past the end: truncated
            }
            int body = pos + 8;
            switch (type) {
                case "tRNS" -> alpha = true;
                case "eXIf" -> orientation = Orientation.fromExif(TiffOrientation.read(d, body, (int) length));
                case "iCCP" -> icc = inflateIccp(d, body, (int) length);
                case "IEND" -> complete = true;
                default -> {
                }
            }
            if (complete) {
                break;
            }
            pos = body + (int) length + 4;
        }
        int components = switch (colourType) {
            case 0 -> 1;
            case 4 -> 2;
            case 6 -> 4;
            default -> 3;
        };
        return new ImageHeader(ImageFormat.PNG, new Dimensions((int) width, (int) height), orientation, components,
                false, icc, alpha, complete);
    }

    // --- WebP: RIFF container with a VP8, VP8L or VP8X first chunk.
    private static ImageHeader webp(ByteBuffer d) {
        long riffSize = u32le(d, 4);
        boolean complete = riffSize + 8 <= d.limit();
        if (d.limit() < 30) {
            throw corrupt("WebP too short for a frame header (truncated)");
        }
        String first = ascii(d, 12, 4);
        int body = 20;
        Orientation orientation = Orientation.NORMAL;
        return switch (first) {
            case "VP8 " -> {
                if ((d.get(body + 3) & 0xff) != 0x9d || (d.get(body + 4) & 0xff) != 0x01 || (d.get(body + 5) & 0xff) != 0x2a) {
                    throw corrupt("WebP VP8 frame without its start code");
                }
                int width = u16le(d, body + 6) & 0x3fff;
                int height = u16le(d, body + 8) & 0x3fff;
                yield new ImageHeader(ImageFormat.WEBP, dims(width, height), orientation, 3, false, null, false,
                        complete);
            }
            case "VP8L" -> {
                if ((d.get(body) & 0xff) != 0x2f) {
                    throw corrupt("WebP VP8L frame without its signature");
                }
                long bits = u32le(d, body + 1);
                int width = (int) (bits & 0x3fff) + 1;
                int height = (int) ((bits >> 14) & 0x3fff) + 1;
                boolean alpha = ((bits >> 28) & 1) == 1;
                yield new ImageHeader(ImageFormat.WEBP, dims(width, height), orientation, alpha ? 4 : 3, false, null,
                        alpha, complete);
            }
            case "VP8X" -> {
                int flags = d.get(body) & 0xff;
                int width = u24le(d, body + 4) + 1;
                int height = u24le(d, body + 7) + 1;
                boolean alpha = (flags & 0x10) != 0;
                byte[] icc = null;
                int pos = 12;
                while (pos + 8 <= d.limit()) {
                    String type = ascii(d, pos, 4);
                    long length = u32le(d, pos + 4);
                    if (length > d.limit() - pos - 8L) {
                        break;
                    }
                    if (type.equals("ICCP")) {
                        icc = bytes(d, pos + 8, (int) length);
                    } else if (type.equals("EXIF")) {
                        int start = pos + 8;
                        int len = (int) length;
                        if (len > 6 && ascii(d, start, 4).equals("Exif")) {
                            start += 6;
                            len -= 6;
                        }
                        orientation = Orientation.fromExif(TiffOrientation.read(d, start, len));
                    }
                    pos += 8 + (int) length + (int) (length & 1);
                }
                yield new ImageHeader(ImageFormat.WEBP, dims(width, height), orientation, alpha ? 4 : 3, false, icc,
                        alpha, complete);
            }
            default -> throw corrupt("WebP with an unknown first chunk '" + first + "'");
        };
    }

    /** iCCP: profile name, NUL, compression method 0, zlib data. A broken profile is ignored (treated as sRGB). */
    private static byte[] inflateIccp(ByteBuffer d, int body, int length) {
        int nul = body;
        while (nul < body + length && d.get(nul) != 0) {
            nul++;
        }
        int start = nul + 2;
        if (start >= body + length) {
            return null;
        }
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try {
            inflater.setInput(d.slice(start, body + length - start));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
                if (out.size() > 4 * 1024 * 1024) {
                    return null; // no real profile is this large
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static Dimensions dims(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw corrupt("header claims " + width + "x" + height + " pixels");
        }
        return new Dimensions(width, height);
    }

    private static MediaRejectedException corrupt(String message) {
        return new MediaRejectedException(FailureReason.CORRUPT, message);
    }

    private static String sniff(ByteBuffer d) {
        if (d.limit() == 0) {
            return "empty file";
        }
        if (d.limit() >= 6 && (ascii(d, 0, 6).equals("GIF87a") || ascii(d, 0, 6).equals("GIF89a"))) {
            return "GIF";
        }
        if (d.limit() >= 12 && ascii(d, 4, 4).equals("ftyp")) {
            return "ISO-BMFF '" + ascii(d, 8, 4).trim() + "' (HEIC/AVIF/MP4)";
        }
        if (d.limit() >= 4 && (ascii(d, 0, 4).equals("II*\0") || ascii(d, 0, 4).equals("MM\0*"))) {
            return "TIFF";
        }
        if (d.limit() >= 2 && ascii(d, 0, 2).equals("BM")) {
            return "BMP";
        }
        StringBuilder hex = new StringBuilder("starts with");
        for (int i = 0; i < Math.min(4, d.limit()); i++) {
            hex.append(String.format(" %02x", d.get(i) & 0xff));
        }
        return hex.toString();
    }

    static boolean startsWith(ByteBuffer d, byte[] prefix) {
        if (d.limit() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (d.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(ByteBuffer d, int offset, int length) {
        if (offset < 0 || offset + length > d.limit()) {
            return "";
        }
        return new String(bytes(d, offset, length), StandardCharsets.ISO_8859_1);
    }

    /** A copy of {@code length} bytes at {@code offset} (absolute: the buffer's position does not move). */
    static byte[] bytes(ByteBuffer d, int offset, int length) {
        byte[] copy = new byte[length];
        d.get(offset, copy);
        return copy;
    }

    static int u16be(ByteBuffer d, int i) {
        return ((d.get(i) & 0xff) << 8) | (d.get(i + 1) & 0xff);
    }

    static long u32be(ByteBuffer d, int i) {
        return ((long) (d.get(i) & 0xff) << 24) | ((d.get(i + 1) & 0xff) << 16) | ((d.get(i + 2) & 0xff) << 8) | (d.get(i + 3) & 0xff);
    }

    static int u16le(ByteBuffer d, int i) {
        return (d.get(i) & 0xff) | ((d.get(i + 1) & 0xff) << 8);
    }

    static int u24le(ByteBuffer d, int i) {
        return (d.get(i) & 0xff) | ((d.get(i + 1) & 0xff) << 8) | ((d.get(i + 2) & 0xff) << 16);
    }

    static long u32le(ByteBuffer d, int i) {
        return (d.get(i) & 0xff) | ((d.get(i + 1) & 0xff) << 8) | ((d.get(i + 2) & 0xff) << 16) | ((long) (d.get(i + 3) & 0xff) << 24);
    }
}
