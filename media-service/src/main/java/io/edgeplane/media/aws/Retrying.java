package io.edgeplane.media.aws;

import io.edgeplane.platform.aws.AwsErrors;
import io.edgeplane.platform.aws.Backoff;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries transient AWS failures (throttling, 5xx, connection errors) with full-jitter backoff until
 * they succeed: an upload is never acknowledged, failed or dead-lettered because S3 had a bad
 * minute. A 400 the platform calls transient (no error code, InvalidURI, InvalidRequest without a cause:
 * the local S3 endpoint's HTTP layer failing under the request) is retried at most the
 * backoff's attempts. Anything else is thrown to the caller at once.
 */
final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class);
    private static final Backoff BACKOFF = Backoff.DEFAULT;

    private Retrying() {
    }

    static <T> T call(String what, Supplier<T> action) {
        return call(BACKOFF, what, action);
    }

    static <T> T call(Backoff backoff, String what, Supplier<T> action) {
        int badRequests = 0;
        for (int attempt = 0; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!AwsErrors.isTransient(e)) {
                    throw e;
                }
                // A cause-less 400 is the endpoint's HTTP layer failing, healed within a few attempts; one that persists
                // is the request's own and is not retried forever. Counted apart from the 5xx before it: an endpoint out
                // of heap for a minute answers both, and its first 400 after twenty 500s is no more the request's.
                if (AwsErrors.isAmbiguous400(e) && ++badRequests >= backoff.maxAttempts()) {
                    throw e;
                }
                long wait = backoff.delay(attempt).toMillis();
                LOG.warnf("%s failed transiently (%s), retry %d in %d ms", what, AwsErrors.code(e), attempt + 1, wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }
}
