package io.edgeplane.media.domain;

import java.nio.ByteBuffer;

/**
 * An upload's bytes for the time of one job. The store holds a large image outside the Java heap and hands the memory
 * back on {@link #close()}: a 12 MP JPEG (5 MB, up to {@code ImageUploaded.MAX_BYTES}) read into a heap array outlives
 * several young collections while it is rendered, is promoted, and grows the old generation by its size for every
 * image until a full collection (bench/results/media-image-renditions.md, 2026-12-07 fourth session).
 */
public final class SourceBytes implements AutoCloseable {
    private final ByteBuffer bytes;
    private final Runnable release;
    private boolean closed;

    public SourceBytes(ByteBuffer bytes, Runnable release) {
        this.bytes = bytes.asReadOnlyBuffer();
        this.release = release;
    }

    /** Bytes held on the Java heap, released with the array. */
    public static SourceBytes of(byte[] bytes) {
        return new SourceBytes(ByteBuffer.wrap(bytes), () -> {
        });
    }

    /** The bytes, position 0 to limit; read-only. Not to be used after {@link #close()}. */
    public ByteBuffer bytes() {
        if (closed) {
            throw new IllegalStateException("the upload's bytes were released");
        }
        return bytes.duplicate();
    }

    public long size() {
        return bytes.limit();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
