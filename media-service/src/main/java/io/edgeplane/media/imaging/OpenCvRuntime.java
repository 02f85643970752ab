package io.edgeplane.media.imaging;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;

/** Loads OpenCV's natives once (extracted from the jars into ~/.javacpp/cache on first use). */
public final class OpenCvRuntime {
    private static volatile boolean loaded;

    private OpenCvRuntime() {
    }

    /**
     * Hands freed native memory back to the system (glibc {@code malloc_trim}, through JavaCPP's own JNI library).
     * glibc raises its mmap threshold to the largest block freed so far (up to 32 MiB), so after a first large image
     * the decode buffers, rasters and codec work areas come from malloc arenas, one per thread that allocated, and an
     * arena keeps what was freed resident: the service decodes on the worker that took the record and encodes on the
     * encode pool, so several arenas each kept one image's buffers (bench, 12 MP at 2 workers: peak 233 MiB without
     * the trims, 214 with them; bench/results/media-image-renditions.md). A trim is cheap next to a decode.
     */
    public static void returnFreedMemory() {
        Pointer.trimMemory();
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCvRuntime.class) {
                if (!loaded) {
                    Loader.load(opencv_imgcodecs.class);
                    // Parallelism comes from our bounded encode pool; OpenCV's own threads would oversubscribe the cores.
                    opencv_core.setNumThreads(1);
                    loaded = true;
                }
            }
        }
    }
}
