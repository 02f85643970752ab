package io.edgeplane.fetcher.aws;

import io.edgeplane.fetcher.domain.Dataset;
import io.edgeplane.fetcher.domain.DatasetBuilder;
import io.edgeplane.fetcher.domain.DatasetFile;
import io.edgeplane.fetcher.domain.DatasetStore;
import io.edgeplane.fetcher.domain.StoredDataset;
import io.edgeplane.platform.aws.AwsErrors;
import io.edgeplane.platform.aws.Backoff;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The source bucket. Each latest file carries user metadata {@code content-sha256} (its own checksum),
 * {@code content-hash} (the dataset's), {@code run-id} and {@code generated-at}, so that after a restart
 * three HeadObject calls tell what is there without reading or re-hashing the bodies.
 */
public final class S3DatasetStore implements DatasetStore {
    public static final String META_SHA256 = "content-sha256";
    public static final String META_CONTENT_HASH = "content-hash";
    public static final String META_RUN_ID = "run-id";
    public static final String META_GENERATED_AT = "generated-at";

    /** A few quick attempts: the run as a whole is retried by the next trigger. */
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 4);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String historyPrefix;

    public S3DatasetStore(S3Client s3, String bucket, String prefix, String historyPrefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = folder(prefix);
        this.historyPrefix = folder(historyPrefix);
    }

    private static String folder(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    public String historyPrefix() {
        return historyPrefix;
    }

    @Override
    public Optional<StoredDataset> loadLatest() {
        List<StoredDataset.StoredFile> files = new ArrayList<>();
        String contentHash = null;
        String runId = null;
        Instant generatedAt = null;
        for (String name : DatasetBuilder.FILE_NAMES) {
            HeadObjectResponse head;
            try {
                head = retrying(() -> s3.headObject(b -> b.bucket(bucket).key(prefix + name)));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                // Without s3:ListBucket, S3 answers 403 instead of 404 for a missing key: either way nothing
                // usable is known, so the run writes the files (and fails loudly there if it may not).
                if (e.statusCode() == 404 || e.statusCode() == 403) {
                    return Optional.empty();
                }
                throw e;
            }
            Map<String, String> meta = head.metadata();
            String hash = meta.get(META_CONTENT_HASH);
            String sha = meta.get(META_SHA256);
            // A file written by someone else, or a run that crashed half-way: treat as nothing known.
            if (hash == null || sha == null || (contentHash != null && !contentHash.equals(hash))) {
                return Optional.empty();
            }
            contentHash = hash;
            runId = meta.get(META_RUN_ID);
            generatedAt = parseInstant(meta.get(META_GENERATED_AT));
            files.add(new StoredDataset.StoredFile(prefix + name, sha, head.contentLength(), head.contentType()));
        }
        return Optional.of(new StoredDataset(runId, generatedAt, contentHash, files));
    }

    @Override
    public StoredDataset writeLatest(Dataset dataset, String runId, Instant generatedAt) {
        List<StoredDataset.StoredFile> files = new ArrayList<>();
        for (DatasetFile file : dataset.files()) {
            String key = prefix + file.name();
            retrying(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(file.contentType())
                    .metadata(Map.of(META_SHA256, file.sha256(), META_CONTENT_HASH, dataset.contentHash(),
                            META_RUN_ID, runId, META_GENERATED_AT, generatedAt.toString())),
                    RequestBody.fromBytes(file.bytes())));
            files.add(new StoredDataset.StoredFile(key, file.sha256(), file.size(), file.contentType()));
        }
        return new StoredDataset(runId, generatedAt, dataset.contentHash(), files);
    }

    @Override
    public List<String> writeHistory(Dataset dataset, LocalDate date, String runId) {
        List<String> keys = new ArrayList<>();
        for (DatasetFile file : dataset.files()) {
            String key = historyPrefix + date + "/" + runId + "/" + file.name();
            retrying(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(file.contentType())
                    .metadata(Map.of(META_SHA256, file.sha256(), META_CONTENT_HASH, dataset.contentHash(),
                            META_RUN_ID, runId)),
                    RequestBody.fromBytes(file.bytes())));
            keys.add(key);
        }
        return keys;
    }

    @Override
    public List<String> historyFolders() {
        List<String> folders = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(historyPrefix).delimiter("/")).forEach(page -> {
            for (CommonPrefix p : page.commonPrefixes()) {
                String folder = p.prefix().substring(historyPrefix.length());
                folders.add(folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder);
            }
        });
        return folders;
    }

    @Override
    public int deleteHistoryFolder(String folder) {
        if (folder.isEmpty() || folder.contains("/")) {
            throw new IllegalArgumentException("history folder must be one path segment, was '" + folder + "'");
        }
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(historyPrefix + folder + "/"))
                .contents().stream().map(S3Object::key).forEach(keys::add);
        // One DeleteObject per key: a day holds a handful of objects, and DeleteObjects' required
        // checksum header is not supported alike by every S3-compatible server.
        for (String key : keys) {
            retrying(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
        }
        return keys.size();
    }

    /**
     * Retries what the SDK's own retries did not absorb. Besides AWS's transient errors this includes a
     * bare {@link UncheckedIOException} ("Unexpected end of file from server"): the URL-connection
     * client can surface a keep-alive connection the server already closed that way.
     */
    private static <T> T retrying(Supplier<T> call) {
        for (int attempt = 0;; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                boolean transientError = e instanceof UncheckedIOException || AwsErrors.isTransient(e);
                if (!transientError || attempt + 1 >= RETRY.maxAttempts()) {
                    throw e;
                }
                try {
                    Thread.sleep(RETRY.delay(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
