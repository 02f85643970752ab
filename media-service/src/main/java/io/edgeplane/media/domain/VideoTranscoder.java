package io.edgeplane.media.domain;

import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/** Probes a video and packages it for streaming (poster + one CMAF ladder described by HLS and DASH). */
public interface VideoTranscoder {
    /** @throws MediaRejectedException when the file is not a readable video */
    VideoProbe probe(Path source);

    /**
     * Encodes the ladder and a poster into {@code workDir}; {@code progress} receives 0..1.
     *
     * @throws MediaRejectedException on timeout or when the encoder fails on the input
     */
    PackagedVideo packageStreams(Path source, VideoProbe probe, VideoSettings settings, Path workDir, DoubleConsumer progress);
}
