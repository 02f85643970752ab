package io.edgeplane.distributor.deployment;

/**
 * A promotion stopped on a transient failure (throttling, 5xx, a timeout) after its own retries.
 * Whatever was done is recorded; the caller runs the promotion again later and must not acknowledge
 * its cause meanwhile.
 */
public class RetryLater extends RuntimeException {
    public RetryLater(String message, Throwable cause) {
        super(message, cause);
    }
}
