package io.edgeplane.fetcher.domain;

/**
 * Where the AWS global-infrastructure metadata comes from: SSM public parameters in production, a
 * snapshot shipped with the service for local runs and tests. Both produce the same snapshot shape.
 */
public interface InfrastructureSource {
    /** Short name recorded in the dataset's metadata and in DataFetched, e.g. {@code ssm}. */
    String name();

    /** Reads everything; throws {@link SourceException} when the source cannot be read completely. */
    InfrastructureSnapshot fetch();

    /** The source could not deliver a complete snapshot; nothing is written for such a run. */
    class SourceException extends RuntimeException {
        public SourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
