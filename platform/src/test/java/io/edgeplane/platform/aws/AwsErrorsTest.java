package io.edgeplane.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

    private static AwsServiceException service(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void throttlingAndServerErrorsAreTransient() {
        assertThat(AwsErrors.isTransient(service(400, "Throttling"))).isTrue();
        assertThat(AwsErrors.isTransient(service(400, "PriorRequestNotComplete"))).isTrue();
        assertThat(AwsErrors.isTransient(service(503, "SlowDown"))).isTrue();
        assertThat(AwsErrors.isTransient(service(500, "InternalError"))).isTrue();
    }

    @Test
    void clientMistakesAreNot() {
        assertThat(AwsErrors.isTransient(service(403, "AccessDenied"))).isFalse();
        assertThat(AwsErrors.isTransient(service(400, "InvalidArgument"))).isFalse();
        assertThat(AwsErrors.isTransient(new IllegalArgumentException("bad"))).isFalse();
    }

    @Test
    void aCodeless400AndTheDesynchronisedConnectionsInvalidUriAreTransient() {
        // Seen under load against the local S3 endpoint: a 400 that is not an S3 error document (the server's
        // HTTP parser on a broken kept-alive connection), then "400 InvalidURI" for the request bytes left over.
        assertThat(AwsErrors.isTransient(service(400, null))).isTrue();
        assertThat(AwsErrors.isTransient(AwsServiceException.builder().statusCode(400).build())).isTrue();
        assertThat(AwsErrors.isTransient(service(400, "InvalidURI"))).isTrue();
        assertThat(AwsErrors.isTransient(service(400, "InvalidRequest"))).isFalse();
        assertThat(AwsErrors.isTransient(service(404, null))).isFalse();
        assertThat(AwsErrors.isTransient(service(502, null))).isTrue();
        assertThat(AwsErrors.code(service(400, null))).isEqualTo("AwsServiceException");
    }

    @Test
    void connectionFailuresAreTransientHoweverTheClientWrapsThem() {
        assertThat(AwsErrors.isTransient(SdkClientException.create("Unable to execute HTTP request"))).isTrue();
        assertThat(AwsErrors.isTransient(new UncheckedIOException(new IOException("Error writing request body")))).isTrue();
        assertThat(AwsErrors.isTransient(new IllegalStateException("wrapped",
                new IOException("Unexpected end of file from server")))).isTrue();
    }

    @Test
    void codeNamesTheAwsErrorOrTheExceptionType() {
        assertThat(AwsErrors.code(service(400, "Throttling"))).isEqualTo("Throttling");
        assertThat(AwsErrors.code(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
