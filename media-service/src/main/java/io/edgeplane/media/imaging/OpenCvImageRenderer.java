package io.edgeplane.media.imaging;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;

import io.edgeplane.media.domain.Dimensions;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.ImageFormat;
import io.edgeplane.media.domain.ImageHeader;
import io.edgeplane.media.domain.ImageHeaderReader;
import io.edgeplane.media.domain.ImageRenderer;
import io.edgeplane.media.domain.ImageSettings;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.Orientation;
import io.edgeplane.media.domain.RenderedImage;
import io.edgeplane.media.domain.RenditionPlan;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders images with OpenCV (libjpeg-turbo, libpng, libwebp inside the bytedeco jars). One decode
 * per image, at the smallest JPEG DCT scale that still covers the largest rendition (shrink-on-load,
 * as libvips does); EXIF orientation applied; non-sRGB ICC profiles converted (see {@link IccToSrgb});
 * then a cascade of area-averaging resizes from the largest size down, each size's encodes running
 * in parallel on the given bounded executor. Encoders write no metadata, so EXIF (GPS included),
 * XMP and ICC never reach an output.
 */
public final class OpenCvImageRenderer implements ImageRenderer {
    private final Executor encoders;
    private final boolean shrinkOnLoad;

    /** @param encoders where the encodes of one size run in parallel; a pool sized to the cores */
    public OpenCvImageRenderer(Executor encoders) {
        this(encoders, true);
    }

    /** @param shrinkOnLoad decode JPEGs at a reduced DCT scale when the largest output allows (benchmarks compare both) */
    public OpenCvImageRenderer(Executor encoders, boolean shrinkOnLoad) {
        this.encoders = encoders;
        this.shrinkOnLoad = shrinkOnLoad;
        OpenCvRuntime.load();
    }

    /** Whether this build of OpenCV can write the format (AVIF depends on the native build). */
    public static boolean canWrite(ImageFormat format) {
        OpenCvRuntime.load();
        return opencv_imgcodecs.haveImageWriter("." + format.extension());
    }

    @Override
    public RenderedImage render(ByteBuffer source, ImageSettings settings) {
        ImageHeader header = ImageHeaderReader.read(source);
        if (header.stored().pixels() > settings.maxPixels()) {
            throw new MediaRejectedException(FailureReason.PIXEL_LIMIT, header.format().id() + " header claims "
                    + header.stored() + " = " + header.stored().pixels() + " pixels, more than the limit of "
                    + settings.maxPixels() + "; not decoded");
        }
        if (!header.complete()) {
            throw new MediaRejectedException(FailureReason.CORRUPT,
                    header.format().id() + " file is truncated (no end marker after " + source.remaining() + " bytes)");
        }
        List<RenditionPlan.Target> plan = RenditionPlan.plan(header.upright(), settings.renditions(), settings.formats());
        List<Mat> owned = new ArrayList<>();
        try {
            Mat image = orient(decode(source, header, plan.getFirst().size(), shrinkOnLoad, owned), header.orientation(),
                    owned);
            boolean alpha = image.channels() == 4;
            if (header.iccProfile() != null && !header.cmyk() && IccToSrgb.needsConversion(header.iccProfile())) {
                // Convert once, at the largest output size, and cascade down from there.
                image = resize(image, plan.getFirst().size(), owned);
                IccToSrgb.convertInPlace(image, header.iccProfile());
            }
            Map<Dimensions, Mat> sizes = new LinkedHashMap<>();
            Mat previous = image;
            for (RenditionPlan.Target target : plan) {
                if (!sizes.containsKey(target.size())) {
                    previous = resize(previous, target.size(), owned);
                    sizes.put(target.size(), previous);
                }
            }
            Map<Dimensions, Mat> flattened = new LinkedHashMap<>();
            if (alpha && plan.stream().anyMatch(t -> !t.format().supportsAlpha())) {
                for (var entry : sizes.entrySet()) {
                    flattened.put(entry.getKey(), flatten(entry.getValue(), settings.background(), owned));
                }
            }
            // The decode (half the source's pixels at most) and the intermediate rasters are not needed by any encode:
            // freed before the encodes allocate their work areas, so the two never add up.
            releaseAllBut(owned, sizes.values(), flattened.values());
            OpenCvRuntime.returnFreedMemory();
            Map<String, CompletableFuture<byte[]>> encoded = new LinkedHashMap<>();
            List<CompletableFuture<RenderedImage.Output>> outputs = new ArrayList<>();
            for (RenditionPlan.Target target : plan) {
                Mat pixels = alpha && !target.format().supportsAlpha() ? flattened.get(target.size())
                        : sizes.get(target.size());
                // Roles of equal size (a small source) share one encode.
                CompletableFuture<byte[]> bytes = encoded.computeIfAbsent(target.format() + "@" + target.size(),
                        k -> CompletableFuture.supplyAsync(() -> encode(pixels, target.format(), settings), encoders));
                outputs.add(bytes.thenApply(b -> new RenderedImage.Output(target.role(), target.format(), target.size(), b)));
            }
            List<RenderedImage.Output> result = new ArrayList<>();
            for (CompletableFuture<RenderedImage.Output> output : outputs) {
                result.add(output.join());
            }
            return new RenderedImage(header, alpha, List.copyOf(result));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            owned.forEach(Mat::close);
            OpenCvRuntime.returnFreedMemory();
        }
    }

    /** The source for the decoder: a direct buffer in place (no copy of an upload held outside the heap), else a copy. */
    private static BytePointer pointer(ByteBuffer source) {
        if (source.isDirect()) {
            return new BytePointer(source.slice());
        }
        BytePointer copy = new BytePointer(Math.max(1, source.remaining()));
        if (source.hasArray()) {
            copy.put(source.array(), source.arrayOffset() + source.position(), source.remaining());
        } else {
            copy.asByteBuffer().put(source.duplicate());
        }
        return copy.limit(source.remaining());
    }

    private static Mat decode(ByteBuffer source, ImageHeader header, Dimensions largestUpright, boolean shrinkOnLoad,
            List<Mat> owned) {
        int flags;
        if (header.format() == ImageFormat.JPEG) {
            flags = opencv_imgcodecs.IMREAD_COLOR | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION
                    | (shrinkOnLoad ? reducedFlag(header.orientation().upright(header.stored()), largestUpright) : 0);
        } else {
            // Keeps alpha and 16-bit samples; orientation is applied by us for every format alike.
            flags = opencv_imgcodecs.IMREAD_UNCHANGED;
        }
        Mat decoded;
        try (BytePointer bytes = pointer(source); Mat buffer = new Mat(1, source.remaining(), CV_8U, bytes)) {
            decoded = opencv_imgcodecs.imdecode(buffer, flags);
        } catch (RuntimeException e) {
            throw new MediaRejectedException(FailureReason.CORRUPT, "the decoder failed: " + e.getMessage(), e);
        }
        owned.add(decoded);
        if (decoded.empty()) {
            throw new MediaRejectedException(FailureReason.CORRUPT, header.format().id() + " data could not be decoded");
        }
        return normalize(decoded, owned);
    }

    /**
     * libjpeg can decode at 1/2, 1/4 or 1/8 scale for a fraction of the cost. Choose the largest
     * reduction that still leaves at least the largest output's size, so nothing is upscaled.
     */
    static int reducedFlag(Dimensions upright, Dimensions largest) {
        int[][] reductions = {{8, opencv_imgcodecs.IMREAD_REDUCED_COLOR_8}, {4, opencv_imgcodecs.IMREAD_REDUCED_COLOR_4},
                {2, opencv_imgcodecs.IMREAD_REDUCED_COLOR_2}};
        for (int[] r : reductions) {
            // libjpeg rounds scaled sizes up.
            int w = (upright.width() + r[0] - 1) / r[0];
            int h = (upright.height() + r[0] - 1) / r[0];
            if (w >= largest.width() && h >= largest.height()) {
                return r[1];
            }
        }
        return 0;
    }

    /** 8-bit BGR or BGRA; grey becomes BGR; an alpha channel that is fully opaque is dropped. */
    private static Mat normalize(Mat m, List<Mat> owned) {
        Mat image = m;
        if (image.depth() == CV_16U) {
            Mat eight = track(new Mat(), owned);
            image.convertTo(eight, CV_8U, 1.0 / 257, 0);
            image = eight;
        }
        switch (image.channels()) {
            case 1 -> {
                Mat bgr = track(new Mat(), owned);
                opencv_imgproc.cvtColor(image, bgr, opencv_imgproc.COLOR_GRAY2BGR);
                image = bgr;
            }
            case 2 -> {
                // Grey + alpha: expand grey to BGR and keep the alpha.
                try (MatVector planes = new MatVector()) {
                    opencv_core.split(image, planes);
                    Mat bgra = track(new Mat(), owned);
                    try (MatVector four = new MatVector(planes.get(0), planes.get(0), planes.get(0), planes.get(1))) {
                        opencv_core.merge(four, bgra);
                    }
                    image = bgra;
                }
            }
            default -> {
            }
        }
        if (image.channels() == 4 && fullyOpaque(image)) {
            Mat bgr = track(new Mat(), owned);
            opencv_imgproc.cvtColor(image, bgr, opencv_imgproc.COLOR_BGRA2BGR);
            image = bgr;
        }
        return image;
    }

    private static boolean fullyOpaque(Mat bgra) {
        try (Mat alpha = new Mat(); DoublePointer min = new DoublePointer(1); DoublePointer max = new DoublePointer(1)) {
            opencv_core.extractChannel(bgra, alpha, 3);
            opencv_core.minMaxLoc(alpha, min, max, null, null, null);
            return min.get() >= 255;
        }
    }

    private static Mat orient(Mat image, Orientation orientation, List<Mat> owned) {
        if (orientation == Orientation.NORMAL) {
            return image;
        }
        Mat out = track(new Mat(), owned);
        switch (orientation) {
            case FLIP_HORIZONTAL -> opencv_core.flip(image, out, 1);
            case ROTATE_180 -> opencv_core.rotate(image, out, ROTATE_180);
            case FLIP_VERTICAL -> opencv_core.flip(image, out, 0);
            case TRANSPOSE -> opencv_core.transpose(image, out);
            case ROTATE_90_CW -> opencv_core.rotate(image, out, ROTATE_90_CLOCKWISE);
            case TRANSVERSE -> {
                Mat transposed = track(new Mat(), owned);
                opencv_core.transpose(image, transposed);
                opencv_core.rotate(transposed, out, ROTATE_180);
            }
            case ROTATE_90_CCW -> opencv_core.rotate(image, out, ROTATE_90_COUNTERCLOCKWISE);
            default -> throw new IllegalStateException(orientation.name());
        }
        return out;
    }

    private static Mat resize(Mat image, Dimensions size, List<Mat> owned) {
        if (image.cols() == size.width() && image.rows() == size.height()) {
            return image;
        }
        Mat out = track(new Mat(), owned);
        try (Size target = new Size(size.width(), size.height())) {
            // Area averaging: the right filter for downscaling (no aliasing, no ringing).
            opencv_imgproc.resize(image, out, target, 0, 0, opencv_imgproc.INTER_AREA);
        }
        return out;
    }

    /** Composites BGRA over an opaque background colour: what a browser would show on that colour. */
    private static Mat flatten(Mat bgra, int rgb, List<Mat> owned) {
        try (Mat bgr = new Mat(); Mat alpha8 = new Mat(); Mat weights = new Mat(); Mat inverse = new Mat();
                Scalar colour = new Scalar(rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff, 0);
                Mat background = new Mat(bgra.rows(), bgra.cols(), CV_8UC3, colour)) {
            opencv_imgproc.cvtColor(bgra, bgr, opencv_imgproc.COLOR_BGRA2BGR);
            opencv_core.extractChannel(bgra, alpha8, 3);
            alpha8.convertTo(weights, CV_32F, 1.0 / 255, 0);
            weights.convertTo(inverse, CV_32F, -1, 1);
            Mat out = track(new Mat(), owned);
            opencv_imgproc.blendLinear(bgr, background, weights, inverse, out);
            return out;
        }
    }

    private static byte[] encode(Mat pixels, ImageFormat format, ImageSettings settings) {
        int[] params = switch (format) {
            // Optimized Huffman tables: a few percent smaller for little CPU; baseline for the widest support.
            case JPEG -> new int[] {opencv_imgcodecs.IMWRITE_JPEG_QUALITY, settings.jpegQuality(),
                    opencv_imgcodecs.IMWRITE_JPEG_OPTIMIZE, 1};
            case WEBP -> new int[] {opencv_imgcodecs.IMWRITE_WEBP_QUALITY, settings.webpQuality()};
            case AVIF -> new int[] {opencv_imgcodecs.IMWRITE_AVIF_QUALITY, settings.avifQuality(),
                    opencv_imgcodecs.IMWRITE_AVIF_SPEED, 8};
            case PNG -> new int[] {opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, 6};
        };
        try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params)) {
            if (!opencv_imgcodecs.imencode("." + format.extension(), pixels, out, p)) {
                throw new IllegalStateException("OpenCV could not encode " + format.id());
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    /** Closes every owned Mat that is not one of {@code kept}, and forgets it. */
    @SafeVarargs
    private static void releaseAllBut(List<Mat> owned, Collection<Mat>... kept) {
        Set<Mat> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Collection<Mat> k : kept) {
            keep.addAll(k);
        }
        for (Iterator<Mat> it = owned.iterator(); it.hasNext();) {
            Mat m = it.next();
            if (!keep.contains(m)) {
                m.close();
                it.remove();
            }
        }
    }

    private static Mat track(Mat m, List<Mat> owned) {
        owned.add(m);
        return m;
    }
}
