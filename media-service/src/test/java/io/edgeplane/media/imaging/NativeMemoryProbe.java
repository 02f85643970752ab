package io.edgeplane.media.imaging;

import io.edgeplane.media.domain.ImageSettings;
import io.edgeplane.testsupport.media.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Child process of {@link OpenCvImageRendererTest}: renders a 2400x1800 PNG (a 13 MB decode: above glibc's starting
 * mmap threshold and under its 32 MiB cap, so once a first such block is freed the next ones come from the rendering
 * thread's malloc arena, which keeps them unless trimmed) once, then three times on new threads (new arenas, as when
 * another worker takes the next record), and prints how much resident anonymous memory grew meanwhile.
 */
public final class NativeMemoryProbe {
    static final long DECODED = 2400L * 1800 * 3;

    private NativeMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] png = TestImages.png(TestImages.photoLike(2400, 1800, 7));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            OpenCvImageRenderer renderer = new OpenCvImageRenderer(pool);
            renderer.render(png, ImageSettings.defaults());
            long before = residentAnonymousKib();
            for (int i = 0; i < 3; i++) {
                Thread worker = Thread.ofPlatform().start(() -> renderer.render(png, ImageSettings.defaults()));
                worker.join();
            }
            System.out.println("GROWN " + (residentAnonymousKib() - before) * 1024);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long residentAnonymousKib() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("RssAnon:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}
