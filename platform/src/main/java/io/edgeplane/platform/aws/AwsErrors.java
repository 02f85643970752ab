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
     * A 400 that is not about the request: a server whose HTTP layer failed under the request (out of memory,
     * a kept-alive connection out of step) answers its own parser's 400 without an S3 error code, or reads the
     * rest of a request body as the next request line ({@code InvalidURI}, "Couldn't parse the specified URI").
     * Every key Edgeplane sends was validated before, so these are retried (boundedly, by the caller).
     */
    private static final Set<String> DESYNC_CODES = Set.of("InvalidURI");

    /**
     * S3Proxy renders every 400 of its HTTP server whose request line it could parse as InvalidRequest with the
     * bare reason phrase (and S3ErrorHandler in 4.1.0 does so for heap exhaustion mid-request: reproduced, issue
     * 18). S3 itself always says why a request is invalid, and so does any refusal the caller can act on.
     */
    private static final Set<String> CAUSELESS_MESSAGES = Set.of("", "bad request");

    public static boolean isTransient(Throwable error) {
        if (error instanceof AwsServiceException service) {
            String code = errorCode(service);
            return service.statusCode() >= 500 || service.isThrottlingException()
                    || (code != null && TRANSIENT_CODES.contains(code))
                    || isAmbiguous400(service);
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

    /**
     * A 400 that does not say what is wrong with the request: no S3 error code (not an S3 error document),
     * {@code InvalidURI} for keys that were validated, or {@code InvalidRequest} without a cause. Transient, but
     * only for a few attempts: if it persists, it is the request's after all and is reported with its code.
     */
    public static boolean isAmbiguous400(Throwable error) {
        if (!(error instanceof AwsServiceException service) || service.statusCode() != 400) {
            return false;
        }
        String code = errorCode(service);
        if (code == null || code.isBlank() || DESYNC_CODES.contains(code)) {
            return true;
        }
        String message = service.awsErrorDetails().errorMessage();
        return "InvalidRequest".equals(code)
                && (message == null || CAUSELESS_MESSAGES.contains(message.strip().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Null when the answer carried no code (not an AWS error document: a proxy's page, a broken connection). */
    private static String errorCode(AwsServiceException service) {
        return service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
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
