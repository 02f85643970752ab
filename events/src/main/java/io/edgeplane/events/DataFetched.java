package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * The fetcher wrote a dataset's files to the source bucket.
 *
 * @param datasetId   which dataset, e.g. {@code aws-infrastructure}; the record key
 * @param runId       the fetch run that produced the files
 * @param bucket      source bucket
 * @param prefix      key prefix of the files, e.g. {@code aws-data/}
 * @param files       every file of the dataset, changed or not
 * @param changed     whether content differs from the previous run (volatile metadata ignored)
 * @param contentHash hash over the non-volatile content of all files
 * @param source      where the data came from, e.g. {@code ssm} or {@code offline}
 */
public record DataFetched(String datasetId, String runId, String bucket, String prefix, List<FetchedFile> files,
        Boolean changed, String contentHash, String source, Instant fetchedAt, List<String> causedBy)
        implements EdgeplaneEvent {

    public DataFetched {
        files = Lists.orEmpty(files);
        causedBy = Lists.orEmpty(causedBy);
    }

    /** One file written to the source bucket. */
    public record FetchedFile(String key, String sha256, Long size, String contentType) {
    }

    @Override
    public String key() {
        return datasetId;
    }

    @Override
    public void check(Constraints c) {
        c.id("datasetId", datasetId).id("runId", runId)
                .matches("bucket", bucket, Constraints.BUCKET, "bucket-name")
                .required("prefix", prefix)
                .notEmpty("files", files).maxSize("files", files, Constraints.MAX_LIST)
                .each("files", files, (f, n) -> n.objectKey("key", f.key())
                        .matches("sha256", f.sha256(), Constraints.SHA256, "sha256-hex")
                        .nonNegative("size", f.size())
                        .notBlank("contentType", f.contentType()))
                .required("changed", changed)
                .notBlank("source", source)
                .required("fetchedAt", fetchedAt)
                .causedBy(causedBy);
        if (prefix != null && !prefix.isEmpty()) {
            c.objectKey("prefix", prefix);
        }
    }
}
