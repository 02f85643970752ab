package io.edgeplane.fetcher.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * One generated document.
 *
 * @param name        file name under the output prefix, e.g. {@code regions.json}
 * @param bytes       exactly what is written
 * @param sha256      hex SHA-256 of {@code bytes}
 * @param contentType what the object is stored with
 */
public record DatasetFile(String name, byte[] bytes, String sha256, String contentType) {
    public DatasetFile {
        Objects.requireNonNull(name, "name");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public long size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetFile other && name.equals(other.name) && Arrays.equals(bytes, other.bytes)
                && contentType.equals(other.contentType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(bytes), contentType);
    }

    @Override
    public String toString() {
        return "DatasetFile[" + name + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
    }
}
