package io.edgeplane.bench.media;

import io.edgeplane.media.domain.ImageFormat;
import io.edgeplane.media.domain.ImageSettings;
import io.edgeplane.media.domain.RenderedImage;
import io.edgeplane.media.domain.RenditionSpec;
import io.edgeplane.media.imaging.OpenCvImageRenderer;
import io.edgeplane.testsupport.media.TestImages;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The media-service's image job on a 4000x3000 photographic-like JPEG (noise over smooth colour
 * fields, q92) generated in the run: 4 JPEG (q85) + 4 WebP (q80) renditions in 150/400/800/1200 px
 * boxes, through the service's own renderer with its encode pool of 2 threads. Reports single-image
 * latency (median, p90) with and without JPEG shrink-on-load, JPEG-only next to JPEG+WebP, the
 * throughput of 2 workers, and the peak RSS of the throughput phase. The reference figures (libvips,
 * sharp) are those measured on this kind of machine in shared/notes/media-figures.md.
 *
 * <p>Args: {@code [--runs N] [--throughput-images N]}
 */
public final class ImageRenditions {
    private static final double LIBVIPS_JPEG_WEBP_MS = 530;
    private static final double LIBVIPS_JPEG_MS = 270;
    private static final String SHARP_JPEG_WEBP_MS = "315-440";
    private static final double SHARP_JPEG_MS = 150;

    public static void main(String[] args) throws Exception {
        int runs = intArg(args, "--runs", 15);
        int throughputImages = intArg(args, "--throughput-images", 24);
        System.out.println("generating a 4000x3000 photographic-like JPEG (q92) ...");
        byte[] source = TestImages.jpeg(TestImages.photoLike(4000, 3000, 42), 92);
        ImageSettings both = ImageSettings.defaults();
        ImageSettings jpegOnly = new ImageSettings(RenditionSpec.parseList(RenditionSpec.DEFAULTS), List.of(ImageFormat.JPEG),
                85, 80, 60, both.maxPixels(), 0xffffff);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            OpenCvImageRenderer shrinking = new OpenCvImageRenderer(pool, true);
            OpenCvImageRenderer fullDecode = new OpenCvImageRenderer(pool, false);
            long outputBytes = 0;
            for (RenderedImage.Output o : shrinking.render(source, both).outputs()) {
                outputBytes += o.bytes().length;
            }
            double[] jpegWebp = latency(shrinking, source, both, runs);
            double[] jpeg = latency(shrinking, source, jpegOnly, runs);
            double[] jpegWebpFull = latency(fullDecode, source, both, runs);
            double[] jpegFull = latency(fullDecode, source, jpegOnly, runs);

            boolean reset = BenchReport.resetPeakRss();
            long rssBefore = BenchReport.rssMib();
            double imagesPerSecond = throughput(shrinking, source, both, throughputImages);
            long peak = BenchReport.peakRssMib();

            double medianBoth = BenchReport.median(jpegWebp);
            StringBuilder md = new StringBuilder(BenchReport.header("media.ImageRenditions",
                    "bench/run media.ImageRenditions" + (args.length > 0 ? " " + String.join(" ", args) : "")));
            md.append("Source: 4000x3000 JPEG q92, ").append(source.length / 1024).append(" KiB, noisy photographic-like ")
                    .append("content. Job: 4 renditions in 150/400/800/1200 px boxes; JPEG q85 (optimized Huffman) and ")
                    .append("WebP q80; EXIF/ICC handling and header checks included. OpenCV 4.13 (bytedeco), one decode, ")
                    .append("area-averaging resize cascade, the encodes of each size on a pool of 2 threads. ")
                    .append("Outputs: ").append(outputBytes / 1024).append(" KiB for all 8. ")
                    .append(runs).append(" timed runs after warm-up; ms.\n\n");
            md.append("| route | JPEG only (4) median / p90 | JPEG + WebP (8) median / p90 |\n|---|---|---|\n");
            md.append(row("edgeplane, shrink-on-load decode (service default)", jpeg, jpegWebp));
            md.append(row("edgeplane, full-size decode", jpegFull, jpegWebpFull));
            md.append(String.format(Locale.ROOT, "| libvips 8.14 (notes, same machine kind) | %.0f | %.0f |%n",
                    LIBVIPS_JPEG_MS, LIBVIPS_JPEG_WEBP_MS));
            md.append("| sharp 0.34 (notes) | ").append((int) SHARP_JPEG_MS).append(" | ").append(SHARP_JPEG_WEBP_MS)
                    .append(" |\n\n");
            md.append(String.format(Locale.ROOT, "- JPEG+WebP vs libvips: %.2fx of its time (target <= 1.2x); full-size "
                    + "decode %.2fx.%n", medianBoth / LIBVIPS_JPEG_WEBP_MS, BenchReport.median(jpegWebpFull) / LIBVIPS_JPEG_WEBP_MS));
            md.append(String.format(Locale.ROOT, "- Throughput, 2 workers (each renders whole images; encodes share the pool "
                    + "of 2): %.2f images/s over %d images.%n", imagesPerSecond, throughputImages));
            md.append(String.format(Locale.ROOT, "- Peak RSS of the throughput phase: %d MiB (RSS before it %d MiB%s; JVM "
                    + "heap -Xmx from BENCH_JAVA_OPTS, native OpenCV buffers outside the heap).%n", peak, rssBefore,
                    reset ? ", peak reset through /proc/self/clear_refs" : ", peak NOT reset: includes generation"));
            md.append("- The load average is printed above: other processes on the 2 cores inflate every figure.\n");
            BenchReport.write("media-image-renditions.md", md.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String row(String name, double[] jpeg, double[] both) {
        return String.format(Locale.ROOT, "| %s | %.0f / %.0f | %.0f / %.0f |%n", name, BenchReport.median(jpeg),
                BenchReport.percentile(jpeg, 0.9), BenchReport.median(both), BenchReport.percentile(both, 0.9));
    }

    private static double[] latency(OpenCvImageRenderer renderer, byte[] source, ImageSettings settings, int runs) {
        for (int i = 0; i < 3; i++) {
            renderer.render(source, settings);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            renderer.render(source, settings);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static double throughput(OpenCvImageRenderer renderer, byte[] source, ImageSettings settings, int images)
            throws InterruptedException {
        AtomicInteger left = new AtomicInteger(images);
        Runnable worker = () -> {
            while (left.getAndDecrement() > 0) {
                renderer.render(source, settings);
            }
        };
        long t = System.nanoTime();
        Thread a = Thread.ofPlatform().start(worker);
        Thread b = Thread.ofPlatform().start(worker);
        a.join();
        b.join();
        return images / ((System.nanoTime() - t) / 1e9);
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
