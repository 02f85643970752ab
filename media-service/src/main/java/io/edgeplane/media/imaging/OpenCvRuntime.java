package io.edgeplane.media.imaging;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;

/** Loads OpenCV's natives once (extracted from the jars into ~/.javacpp/cache on first use). */
public final class OpenCvRuntime {
    private static volatile boolean loaded;

    private OpenCvRuntime() {
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
