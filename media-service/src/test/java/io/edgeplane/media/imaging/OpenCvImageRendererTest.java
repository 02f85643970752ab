package io.edgeplane.media.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.media.domain.Dimensions;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.ImageFormat;
import io.edgeplane.media.domain.ImageSettings;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.RenderedImage;
import io.edgeplane.testsupport.media.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenCvImageRendererTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final OpenCvImageRenderer RENDERER = new OpenCvImageRenderer(POOL);
    private static final ImageSettings SETTINGS = ImageSettings.defaults();

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    @Test
    void theNativeBuffersOfALargeImageAreHandedBackOnceItIsRendered() throws Exception {
        // Measured in a fresh JVM whose heap is touched in full up front: its resident anonymous memory then grows only
        // with native memory, not with this JVM's heap or other tests.
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), NativeMemoryProbe.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();
        long grown = output.lines().filter(l -> l.startsWith("GROWN ")).mapToLong(l -> Long.parseLong(l.substring(6)))
                .findFirst().orElseThrow(() -> new AssertionError("no figure in: " + output));

        // Kept buffers (three arenas of one decode plus rasters each): about 66 MB. Trimmed: about 17 MB, the JIT,
        // class metadata and thread stacks of the first renders on new threads.
        assertThat(grown).as("resident anonymous memory kept after 3 renders of a %d-byte decode, each on a new thread",
                NativeMemoryProbe.DECODED).isLessThan(2 * NativeMemoryProbe.DECODED);
    }

    @ParameterizedTest(name = "EXIF orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationComesOutUprightWithoutMetadata(int orientation) throws IOException {
        BufferedImage upright = TestImages.quadrants(320, 240);
        byte[] jpeg = TestImages.jpegWithOrientation(upright, orientation, true);

        RenderedImage result = RENDERER.render(jpeg, SETTINGS);

        assertThat(result.source().orientation().exifValue()).isEqualTo(orientation);
        assertThat(result.outputs()).hasSize(8);
        for (RenderedImage.Output output : result.outputs()) {
            Dimensions expected = output.role().equals("thumbnail") ? new Dimensions(150, 113) : new Dimensions(320, 240);
            assertThat(output.size()).as(output.role()).isEqualTo(expected);
            BufferedImage decoded = decode(output);
            assertThat(decoded.getWidth()).isEqualTo(expected.width());
            assertThat(decoded.getHeight()).isEqualTo(expected.height());
            int w = decoded.getWidth();
            int h = decoded.getHeight();
            assertColour(decoded, w / 4, h / 4, TestImages.TOP_LEFT, output + " top-left");
            assertColour(decoded, 3 * w / 4, h / 4, TestImages.TOP_RIGHT, output + " top-right");
            assertColour(decoded, w / 4, 3 * h / 4, TestImages.BOTTOM_LEFT, output + " bottom-left");
            assertColour(decoded, 3 * w / 4, 3 * h / 4, TestImages.BOTTOM_RIGHT, output + " bottom-right");
            assertNoMetadata(output);
        }
    }

    @Test
    void largePhotoIsFittedIntoEachBoxInJpegAndWebp() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(2400, 1600, 7), 90);

        RenderedImage result = RENDERER.render(jpeg, SETTINGS);

        assertThat(result.outputs()).extracting(o -> o.role() + "." + o.format().extension() + "=" + o.size())
                .containsExactly("large.jpg=1200x800", "large.webp=1200x800", "medium.jpg=800x533",
                        "medium.webp=800x533", "small.jpg=400x267", "small.webp=400x267", "thumbnail.jpg=150x100",
                        "thumbnail.webp=150x100");
        for (RenderedImage.Output output : result.outputs()) {
            Mat decoded = opencvDecode(output.bytes());
            assertThat(decoded.cols()).isEqualTo(output.size().width());
            assertThat(decoded.rows()).isEqualTo(output.size().height());
            assertThat(output.bytes().length).isLessThan(jpeg.length);
        }
        assertThat(magic(result.outputs().get(0).bytes())).isEqualTo("JPEG");
        assertThat(magic(result.outputs().get(1).bytes())).isEqualTo("WEBP");
    }

    @Test
    void anUploadHeldOutsideTheHeapRendersAsTheSameBytesDo() {
        // The store hands the renderer a direct (native) read-only buffer, decoded in place; a truncated one is refused.
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(1600, 1200, 11), 90);
        ByteBuffer direct = ByteBuffer.allocateDirect(jpeg.length + 3).put(new byte[3]).put(jpeg).flip().position(3);

        RenderedImage fromHeap = RENDERER.render(jpeg, SETTINGS);
        RenderedImage fromNative = RENDERER.render(direct.slice().asReadOnlyBuffer(), SETTINGS);

        assertThat(fromNative.outputs()).hasSameSizeAs(fromHeap.outputs());
        for (int i = 0; i < fromHeap.outputs().size(); i++) {
            assertThat(fromNative.outputs().get(i).bytes()).isEqualTo(fromHeap.outputs().get(i).bytes());
        }
        ByteBuffer truncated = direct.slice(3, jpeg.length / 2).asReadOnlyBuffer();
        assertThatThrownBy(() -> RENDERER.render(truncated, SETTINGS)).isInstanceOfSatisfying(
                MediaRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));
    }

    @Test
    void cmykJpegBecomesThreeComponentRgb() throws IOException {
        // Magenta + yellow ink, no cyan or black: red.
        byte[] cmyk = TestImages.cmykJpeg(200, 100, 0, 255, 255, 0);
        assertThat(TestImages.jpegComponents(cmyk)).isEqualTo(4);

        RenderedImage result = RENDERER.render(cmyk, SETTINGS);

        assertThat(result.source().cmyk()).isTrue();
        RenderedImage.Output large = result.outputs().getFirst();
        assertThat(TestImages.jpegComponents(large.bytes())).isEqualTo(3);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(large.bytes()));
        assertColour(decoded, 100, 50, new Color(255, 0, 0), "CMYK red");
    }

    @Test
    void embeddedNonSrgbProfileIsConvertedToSrgb() throws IOException {
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        byte[] linear = TestImages.withIccProfile(TestImages.jpeg(grey, 95), TestImages.linearRgbProfile());
        byte[] untagged = TestImages.jpeg(grey, 95);

        BufferedImage fromLinear = decode(RENDERER.render(linear, SETTINGS).outputs().getFirst());
        BufferedImage fromUntagged = decode(RENDERER.render(untagged, SETTINGS).outputs().getFirst());

        // 50 % linear light is ~188 in sRGB; untagged pixels are taken as sRGB already.
        assertThat(new Color(fromLinear.getRGB(32, 32)).getGreen()).isBetween(180, 196);
        assertThat(new Color(fromUntagged.getRGB(32, 32)).getGreen()).isBetween(124, 132);
    }

    @Test
    void alphaIsKeptInWebpAndFlattenedOntoWhiteInJpeg() throws IOException {
        byte[] png = TestImages.pngWithAlpha(600, 400);

        RenderedImage result = RENDERER.render(png, SETTINGS);

        assertThat(result.alpha()).isTrue();
        RenderedImage.Output jpeg = result.outputs().stream().filter(o -> o.format() == ImageFormat.JPEG).findFirst().orElseThrow();
        RenderedImage.Output webp = result.outputs().stream().filter(o -> o.format() == ImageFormat.WEBP).findFirst().orElseThrow();
        assertThat(jpeg.size()).isEqualTo(new Dimensions(600, 400));
        BufferedImage flat = ImageIO.read(new ByteArrayInputStream(jpeg.bytes()));
        assertColour(flat, 5, 5, Color.WHITE, "transparent corner on white");
        assertColour(flat, 300, 200, new Color(220, 20, 20), "opaque disc");
        assertThat(TestImages.webpChunks(webp.bytes())).contains("ALPH");
        Mat withAlpha = opencvDecodeUnchanged(webp.bytes());
        assertThat(withAlpha.channels()).isEqualTo(4);
        UByteIndexer pixels = withAlpha.createIndexer();
        assertThat(pixels.get(5, 5, 3)).as("alpha of a transparent corner").isLessThan(10);
        assertThat(pixels.get(200, 300, 3)).as("alpha of the disc").isGreaterThan(245);
        assertThat(pixels.get(395, 300, 3)).as("alpha of the half-transparent band").isBetween(100, 156);
    }

    @Test
    void opaqueAlphaChannelIsDroppedSoWebpStaysLossyWithoutAlpha() {
        BufferedImage argb = new BufferedImage(300, 200, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                argb.setRGB(x, y, 0xff336699);
            }
        }
        RenderedImage result = RENDERER.render(TestImages.png(argb), SETTINGS);

        assertThat(result.alpha()).isFalse();
        assertThat(TestImages.webpChunks(result.outputs().get(1).bytes())).doesNotContain("ALPH");
    }

    @Test
    void truncatedJpegFailsAsCorrupt() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(800, 600, 3), 90);

        assertRejected(TestImages.truncated(jpeg, 0.6), FailureReason.CORRUPT, "truncated");
        assertRejected(TestImages.truncated(jpeg, 0.001), FailureReason.CORRUPT, "truncated");
    }

    @Test
    void truncatedPngFailsAsCorrupt() {
        byte[] png = TestImages.png(TestImages.photoLike(300, 200, 5));

        assertRejected(TestImages.truncated(png, 0.5), FailureReason.CORRUPT, "truncated");
    }

    @Test
    void headerClaimingTenGigapixelsIsRefusedBeforeDecoding() {
        byte[] bomb = TestImages.pngClaiming(100_000, 100_000);

        assertRejected(bomb, FailureReason.PIXEL_LIMIT, "100000x100000");
    }

    @Test
    void otherFormatsAreUnsupported() {
        assertRejected("GIF89a\1\0\1\0\0\0\0;".getBytes(StandardCharsets.ISO_8859_1), FailureReason.UNSUPPORTED_FORMAT, "GIF");
        assertRejected(new byte[0], FailureReason.UNSUPPORTED_FORMAT, "empty");
    }

    @Test
    void smallImageIsNeverUpscaled() {
        byte[] png = TestImages.png(TestImages.quadrants(120, 90));

        RenderedImage result = RENDERER.render(png, SETTINGS);

        assertThat(result.outputs()).allSatisfy(o -> assertThat(o.size()).isEqualTo(new Dimensions(120, 90)));
    }

    @Test
    void reducedDecodeKeepsAtLeastTheLargestSize() {
        assertThat(OpenCvImageRenderer.reducedFlag(new Dimensions(4000, 3000), new Dimensions(1200, 900)))
                .isEqualTo(opencv_imgcodecs.IMREAD_REDUCED_COLOR_2);
        assertThat(OpenCvImageRenderer.reducedFlag(new Dimensions(9600, 7200), new Dimensions(1200, 900)))
                .isEqualTo(opencv_imgcodecs.IMREAD_REDUCED_COLOR_8);
        assertThat(OpenCvImageRenderer.reducedFlag(new Dimensions(2000, 1500), new Dimensions(1200, 900))).isZero();
    }

    private static void assertRejected(byte[] data, FailureReason reason, String messagePart) {
        assertThatThrownBy(() -> RENDERER.render(data, SETTINGS))
                .isInstanceOfSatisfying(MediaRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
    }

    private static void assertNoMetadata(RenderedImage.Output output) {
        if (output.format() == ImageFormat.JPEG) {
            assertThat(TestImages.jpegMarkers(output.bytes())).as("no APP1 (EXIF/XMP) or APP2 (ICC)")
                    .doesNotContain(0xe1, 0xe2);
        } else {
            assertThat(TestImages.webpChunks(output.bytes())).doesNotContain("EXIF", "XMP ", "ICCP");
        }
        assertThat(new String(output.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
    }

    private static BufferedImage decode(RenderedImage.Output output) throws IOException {
        if (output.format() == ImageFormat.JPEG) {
            return ImageIO.read(new ByteArrayInputStream(output.bytes()));
        }
        Mat bgr = opencvDecode(output.bytes());
        BufferedImage image = new BufferedImage(bgr.cols(), bgr.rows(), BufferedImage.TYPE_INT_RGB);
        UByteIndexer px = bgr.createIndexer();
        for (int y = 0; y < bgr.rows(); y++) {
            for (int x = 0; x < bgr.cols(); x++) {
                image.setRGB(x, y, (px.get(y, x, 2) << 16) | (px.get(y, x, 1) << 8) | px.get(y, x, 0));
            }
        }
        return image;
    }

    private static Mat opencvDecode(byte[] bytes) {
        return opencv_imgcodecs.imdecode(new Mat(1, bytes.length, opencv_core.CV_8U, new BytePointer(bytes)),
                opencv_imgcodecs.IMREAD_COLOR);
    }

    private static Mat opencvDecodeUnchanged(byte[] bytes) {
        return opencv_imgcodecs.imdecode(new Mat(1, bytes.length, opencv_core.CV_8U, new BytePointer(bytes)),
                opencv_imgcodecs.IMREAD_UNCHANGED);
    }

    private static String magic(byte[] b) {
        if ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return "JPEG";
        }
        return new String(b, 8, 4, StandardCharsets.ISO_8859_1);
    }

    private static void assertColour(BufferedImage image, int x, int y, Color expected, String what) {
        Color actual = new Color(image.getRGB(x, y));
        assertThat(List.of(actual.getRed(), actual.getGreen(), actual.getBlue()))
                .as("%s at %d,%d: %s", what, x, y, actual)
                .satisfies(c -> {
                    assertThat(Math.abs(c.get(0) - expected.getRed())).isLessThanOrEqualTo(24);
                    assertThat(Math.abs(c.get(1) - expected.getGreen())).isLessThanOrEqualTo(24);
                    assertThat(Math.abs(c.get(2) - expected.getBlue())).isLessThanOrEqualTo(24);
                });
    }
}
