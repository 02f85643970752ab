package io.edgeplane.platform.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Sorts AWS failures on purpose: transient ones are retried, the rest are the caller's to report. */
public final class AwsErrors {
    private static final Set<String> TRANSIENT_CODES = Set.of("Throttling", "ThrottlingException",
            "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "PriorRequestNotComplete",
            "ServiceUnavailable", "InternalError", "InternalFailure", "RequestTimeout", "RequestTimeoutException");

    /**
     * A 400 that is not about the request: a server that lost track of a kept-alive connection answers its
     * own parser's 400 without an S3 error code, and then reads the rest of the request as the next one's
     * request line ({@code InvalidURI}, "Couldn't parse the specified URI"). Every key Edgeplane sends was
     * validated before, so these are retried (boundedly, by the caller) on a fresh connection; a 400 with
     * any other code (InvalidArgument, InvalidRequest, …) is the request's fault and is not.
     */
    private static final Set<String> DESYNC_CODES = Set.of("InvalidURI");

    public static boolean isTransient(Throwable error) {
        if (error instanceof AwsServiceException service) {
            // An error answer without a code (not an AWS error document: a proxy's page, a desynchronised
            // connection) has none to look up; Set.of(...).contains(null) would throw.
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return service.statusCode() >= 500 || service.isThrottlingException()
                    || (code != null && TRANSIENT_CODES.contains(code))
                    || service.statusCode() == 400 && (code == null || code.isBlank() || DESYNC_CODES.contains(code));
        }
        // Connection refused, timeouts, resets, a kept-alive connection the server had closed: the request may
        // not have arrived; retry. Some HTTP clients surface these as (Unchecked)IOException, not SdkClientException.
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SdkClientException || t instanceof java.io.IOException
                    || t instanceof java.io.UncheckedIOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The AWS error code, or the exception's simple name when there is none. */
    public static String code(Throwable error) {
        if (error instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return error.getClass().getSimpleName();
    }

    private AwsErrors() {
    }
}
