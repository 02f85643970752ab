package io.edgeplane.distributor.deployment.domain;

/** A pointer store call failed; {@code conflict}: the version moved on, re-read and retry; {@code transientError}: retry later. */
public class PointerStoreException extends RuntimeException {
    private final boolean conflict;
    private final boolean transientError;

    public PointerStoreException(String message, boolean conflict, boolean transientError) {
        this(message, conflict, transientError, null);
    }

    public PointerStoreException(String message, boolean conflict, boolean transientError, Throwable cause) {
        super(message, cause);
        this.conflict = conflict;
        this.transientError = transientError;
    }

    public boolean conflict() {
        return conflict;
    }

    public boolean transientError() {
        return transientError;
    }
}
