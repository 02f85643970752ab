package io.edgeplane.invalidation.domain;

/**
 * CloudFront refused or did not answer. {@code code} is CloudFront's error code
 * ({@code TooManyInvalidationsInProgress}, {@code BatchTooLarge}, {@code InvalidArgument},
 * {@code Throttling}, {@code InvalidationBatchAlreadyExists}, {@code NoSuchDistribution},
 * {@code AccessDenied}...) or the client-side failure's name; {@code transient} when a retry of
 * the same request may succeed (throttling, 5xx, timeouts).
 */
public class CloudFrontFailure extends RuntimeException {
    public static final String TOO_MANY_IN_PROGRESS = "TooManyInvalidationsInProgress";
    public static final String BATCH_TOO_LARGE = "BatchTooLarge";
    public static final String INVALID_ARGUMENT = "InvalidArgument";
    public static final String THROTTLING = "Throttling";
    public static final String ALREADY_EXISTS = "InvalidationBatchAlreadyExists";
    public static final String NO_SUCH_DISTRIBUTION = "NoSuchDistribution";
    public static final String NO_SUCH_INVALIDATION = "NoSuchInvalidation";
    /** The …ForDistributionTenant calls' answer for a distribution tenant that does not exist (any longer). */
    public static final String ENTITY_NOT_FOUND = "EntityNotFound";
    public static final String ACCESS_DENIED = "AccessDenied";
    /**
     * Not sent: this replica's share of the account's CloudFront request budget had no slot in time (no partition of
     * the driving topic, or the next slot too far). Handled like Throttling, but never reached AWS.
     */
    public static final String NO_BUDGET = "AccountBudget";
    /**
     * Not queued: another replica holds the distribution's in-progress quotas (the partition its id keys), so this
     * one could not submit the request. A retry may reach that replica.
     */
    public static final String HELD_ELSEWHERE = "QuotaHeldElsewhere";

    private final String code;
    private final int status;
    private final boolean transientFailure;

    public CloudFrontFailure(String code, int status, boolean transientFailure, String message) {
        super(code + " (" + status + "): " + message);
        this.code = code;
        this.status = status;
        this.transientFailure = transientFailure;
    }

    public CloudFrontFailure(String code, int status, boolean transientFailure, String message, Throwable cause) {
        this(code, status, transientFailure, message);
        initCause(cause);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
