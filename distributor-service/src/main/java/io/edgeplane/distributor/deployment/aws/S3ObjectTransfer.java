package io.edgeplane.distributor.deployment.aws;

import io.edgeplane.distributor.deployment.domain.ObjectTransfer;
import io.edgeplane.distributor.domain.CopyOutcome;
import io.edgeplane.distributor.domain.PartPlanner;
import io.edgeplane.distributor.domain.PlannedCopy;
import io.edgeplane.distributor.domain.SourceFile;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.platform.aws.AwsErrors;
import io.edgeplane.platform.aws.Backoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Copies through the data distribution's {@link ParallelCopier} (bounded parallel server-side
 * CopyObject with {@code MetadataDirective=REPLACE}, multipart UploadPartCopy above the threshold,
 * retries with full-jitter backoff); deletes with DeleteObjects, 1,000 keys a request, retried the same way.
 */
public final class S3ObjectTransfer implements ObjectTransfer {
    private static final Set<String> TRANSIENT_DELETE_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable");

    private final ParallelCopier copier;
    private final PartPlanner parts;
    private final long multipartThreshold;
    private final S3Client s3;
    private final Backoff backoff;

    /** @param backoff the copier's backoff: a failure after {@code maxAttempts} attempts was a transient one */
    public S3ObjectTransfer(ParallelCopier copier, PartPlanner parts, long multipartThreshold, S3Client s3, Backoff backoff) {
        this.copier = copier;
        this.parts = parts;
        this.multipartThreshold = multipartThreshold;
        this.s3 = s3;
        this.backoff = backoff;
    }

    @Override
    public List<Result> copy(List<CopyOrder> orders) {
        List<PlannedCopy> planned = orders.stream().map(o -> new PlannedCopy(
                new SourceFile(o.sourceBucket(), o.sourceKey(), o.key(), null, o.size(), o.contentType()),
                o.bucket(), o.key(), o.contentType(), o.cacheControl(), o.cacheRule(), o.metadata(),
                o.size() > multipartThreshold ? parts.parts(o.size()) : List.of())).toList();
        return copier.copyAll(planned).stream().map(this::result).toList();
    }

    private Result result(CopyOutcome outcome) {
        if (outcome.success()) {
            return Result.success(outcome.copy().targetKey());
        }
        // The copier fails a permanent error at once and a transient one only when the attempts are used up.
        boolean transientError = backoff.maxAttempts() > 1 && outcome.attempts() >= backoff.maxAttempts();
        return new Result(outcome.copy().targetKey(), false, outcome.error(), outcome.errorType(), transientError);
    }

    @Override
    public List<Result> delete(String bucket, List<String> keys) {
        List<Result> results = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += 1000) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
            List<ObjectIdentifier> ids = batch.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsResponse response = null;
            RuntimeException failure = null;
            for (int attempt = 0; ; attempt++) {
                try {
                    response = s3.deleteObjects(r -> r.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
                    break;
                } catch (RuntimeException e) {
                    if (!ParallelCopier.isTransient(e) || attempt + 1 >= backoff.maxAttempts()) {
                        failure = e;
                        break;
                    }
                    sleep(backoff.delay(attempt).toMillis());
                }
            }
            for (String key : batch) {
                if (failure != null) {
                    results.add(new Result(key, false, failure.getMessage(), AwsErrors.code(failure),
                            ParallelCopier.isTransient(failure)));
                    continue;
                }
                S3Error error = response.errors().stream().filter(e -> key.equals(e.key())).findFirst().orElse(null);
                results.add(error == null ? Result.success(key)
                        : new Result(key, false, error.message(), error.code(), TRANSIENT_DELETE_CODES.contains(error.code())));
            }
        }
        return results;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
