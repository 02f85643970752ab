package io.edgeplane.media.aws;

import io.edgeplane.platform.aws.AwsErrors;
import io.edgeplane.platform.aws.Backoff;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries transient AWS failures (throttling, 5xx, connection errors) with full-jitter backoff until
 * they succeed: an upload is never acknowledged, failed or dead-lettered because S3 had a bad
 * minute. Anything else is thrown to the caller at once.
 */
final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class);
    private static final Backoff BACKOFF = Backoff.DEFAULT;

    private Retrying() {
    }

    static <T> T call(String what, Supplier<T> action) {
        for (int attempt = 0; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!AwsErrors.isTransient(e)) {
                    throw e;
                }
                long wait = BACKOFF.delay(attempt).toMillis();
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
