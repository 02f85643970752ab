package io.edgeplane.distributor.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a large object into UploadPartCopy ranges. S3 copies at most 5 GiB in one CopyObject; above
 * that a multipart upload is needed, with parts of 5 MiB to 5 GiB (the last may be smaller) and at most
 * 10,000 parts. The preferred part size is raised when the object would otherwise need more parts.
 */
public final class PartPlanner {
    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024L * MIB;
    /** Largest object one CopyObject may copy. */
    public static final long SINGLE_COPY_LIMIT = 5 * GIB;
    public static final long MIN_PART = 5 * MIB;
    public static final long MAX_PART = 5 * GIB;
    public static final int MAX_PARTS = 10_000;
    /** Largest S3 object. */
    public static final long MAX_OBJECT = 5L * 1024 * GIB;

    private final long preferredPartSize;

    public PartPlanner(long preferredPartSize) {
        if (preferredPartSize < MIN_PART || preferredPartSize > MAX_PART) {
            throw new IllegalArgumentException("part size must be between 5 MiB and 5 GiB, was " + preferredPartSize);
        }
        this.preferredPartSize = preferredPartSize;
    }

    /** Contiguous ranges covering {@code size} bytes; empty for an empty object. */
    public List<ByteRange> parts(long size) {
        if (size < 0 || size > MAX_OBJECT) {
            throw new IllegalArgumentException("object size " + size + " is outside 0..5 TiB");
        }
        long partSize = Math.max(preferredPartSize, ceilDiv(size, MAX_PARTS));
        List<ByteRange> parts = new ArrayList<>();
        for (long first = 0; first < size; first += partSize) {
            parts.add(new ByteRange(first, Math.min(size, first + partSize) - 1));
        }
        return parts;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
