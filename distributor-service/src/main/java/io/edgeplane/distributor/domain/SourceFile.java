package io.edgeplane.distributor.domain;

/**
 * A file announced by DataFetched, in the source bucket.
 *
 * @param relativeName its key below the announced prefix, e.g. {@code regions.json}
 * @param sha256       hex SHA-256 of its bytes as the producer computed it
 */
public record SourceFile(String bucket, String key, String relativeName, String sha256, long size,
        String contentType) {

    /** {@code aws-data/regions.json} under {@code aws-data/} is {@code regions.json}; outside it, the last segment. */
    public static String relativeName(String key, String prefix) {
        if (prefix != null && !prefix.isEmpty() && key.startsWith(prefix) && key.length() > prefix.length()) {
            return key.substring(prefix.length());
        }
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
