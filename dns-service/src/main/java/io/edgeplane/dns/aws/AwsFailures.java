package io.edgeplane.dns.aws;

import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.platform.aws.AwsErrors;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** SDK exceptions into the domain's {@link DnsApiException}, sorted transient or not by the platform's rules. */
final class AwsFailures {
    private AwsFailures() {
    }

    static DnsApiException of(SdkException e) {
        if (e instanceof AwsServiceException s && (s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null)) {
            // No parsed error body (an unexpected document): judge by the HTTP status alone.
            boolean retry = s.statusCode() >= 500 || s.statusCode() == 429;
            return new DnsApiException("HTTP" + s.statusCode(), List.of(String.valueOf(e.getMessage())), retry, e);
        }
        String message = e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorMessage() != null ? s.awsErrorDetails().errorMessage() : e.getMessage();
        return new DnsApiException(AwsErrors.code(e), List.of(message == null ? "" : message), AwsErrors.isTransient(e),
                e);
    }
}
