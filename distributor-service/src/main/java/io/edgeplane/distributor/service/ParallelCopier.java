package io.edgeplane.distributor.service;

import io.edgeplane.distributor.domain.CopyOutcome;
import io.edgeplane.distributor.domain.ObjectCopier;
import io.edgeplane.distributor.domain.PlannedCopy;
import io.edgeplane.platform.aws.AwsErrors;
import io.edgeplane.platform.aws.Backoff;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs planned copies on virtual threads, at most {@code maxConcurrent} in flight. A transient failure
 * (throttling, 5xx, connection trouble) is retried with exponential backoff and full jitter; a file
 * counts as failed only when the error is permanent (NoSuchKey, AccessDenied...) or the attempts are
 * used up. One file's failure never stops the others. Plain Java: benchmarks use it as is.
 */
public final class ParallelCopier {
    private final ObjectCopier copier;
    private final int maxConcurrent;
    private final Backoff backoff;
    private final Clock clock;

    public ParallelCopier(ObjectCopier copier, int maxConcurrent, Backoff backoff, Clock clock) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, was " + maxConcurrent);
        }
        this.copier = copier;
        this.maxConcurrent = maxConcurrent;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Outcomes in the order of {@code copies}. */
    public List<CopyOutcome> copyAll(List<PlannedCopy> copies) {
        Semaphore permits = new Semaphore(maxConcurrent);
        List<Future<CopyOutcome>> futures = new ArrayList<>(copies.size());
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedCopy copy : copies) {
                // The permit is taken before the thread starts: a 100,000-file build keeps max-concurrent threads
                // alive, not 100,000 parked ones (about 1 KB of stack each, plus their captured state).
                permits.acquire();
                futures.add(executor.submit(() -> {
                    try {
                        return copyWithRetry(copy);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<CopyOutcome> outcomes = new ArrayList<>(copies.size());
            for (Future<CopyOutcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying", e);
        } catch (ExecutionException e) {
            // copyWithRetry turns every failure into an outcome; this is a bug, not a copy failure.
            throw new IllegalStateException(e.getCause());
        }
    }

    CopyOutcome copyWithRetry(PlannedCopy copy) throws InterruptedException {
        long start = System.nanoTime();
        for (int attempt = 0;; attempt++) {
            try {
                String etag = copier.copy(copy);
                return CopyOutcome.copied(copy, etag, attempt + 1, Duration.ofNanos(System.nanoTime() - start),
                        clock.instant());
            } catch (RuntimeException e) {
                if (!isTransient(e) || attempt + 1 >= backoff.maxAttempts()) {
                    String prefix = isTransient(e) ? "still failing after " + (attempt + 1) + " attempts: " : "";
                    return CopyOutcome.failed(copy, prefix + message(e), errorType(e), attempt + 1,
                            Duration.ofNanos(System.nanoTime() - start), clock.instant());
                }
                Thread.sleep(backoff.delay(attempt).toMillis());
            }
        }
    }

    /**
     * AWS's transient errors, plus a bare {@link UncheckedIOException}: the URL-connection HTTP client can
     * surface a keep-alive connection that the server closed ("Unexpected end of file from server") that way.
     */
    public static boolean isTransient(Throwable e) {
        return AwsErrors.isTransient(e) || e instanceof UncheckedIOException;
    }

    static String errorType(Throwable e) {
        return AwsErrors.code(e);
    }

    static String message(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorMessage() != null) {
            return aws.awsErrorDetails().errorMessage() + " (HTTP " + aws.statusCode() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
