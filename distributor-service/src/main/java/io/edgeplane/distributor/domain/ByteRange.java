package io.edgeplane.distributor.domain;

/** Bytes {@code first..last} (inclusive) of an object, as in an HTTP Range / x-amz-copy-source-range. */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    public String header() {
        return "bytes=" + first + "-" + last;
    }
}
