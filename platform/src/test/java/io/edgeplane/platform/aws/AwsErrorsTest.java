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
        return service(status, code, null);
    }

    private static AwsServiceException service(int status, String code, String message) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
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
        assertThat(AwsErrors.isTransient(service(404, null))).isFalse();
        assertThat(AwsErrors.isTransient(service(502, null))).isTrue();
        assertThat(AwsErrors.code(service(400, null))).isEqualTo("AwsServiceException");
    }

    @Test
    void anInvalidRequestThatGivesNoCauseIsTheServersHttpLayerAndTransient() {
        // S3Proxy renders any 400 of its HTTP server (Jetty) whose request line it did parse as InvalidRequest with
        // the bare reason phrase; seen on a CopyObject when the endpoint ran out of heap (issue 18).
        assertThat(AwsErrors.isTransient(service(400, "InvalidRequest", "Bad Request"))).isTrue();
        assertThat(AwsErrors.isTransient(service(400, "InvalidRequest", null))).isTrue();
        assertThat(AwsErrors.isTransient(service(400, "InvalidRequest", " "))).isTrue();
        assertThat(AwsErrors.isAmbiguous400(service(400, "InvalidRequest", "Bad Request"))).isTrue();
    }

    @Test
    void a400ThatStatesItsCauseIsTheRequestsFaultAndNotTransient() {
        // Real S3's InvalidRequest always says why; retrying the same request cannot change the answer.
        assertThat(AwsErrors.isTransient(service(400, "InvalidRequest", "This copy request is illegal because it is "
                + "trying to copy an object to itself without changing the object's metadata, storage class, website "
                + "redirect location or encryption attributes."))).isFalse();
        assertThat(AwsErrors.isTransient(service(400, "InvalidArgument", "Bad Request"))).isFalse();
        assertThat(AwsErrors.isTransient(service(400, "BadDigest", "The Content-MD5 you specified did not match"))).isFalse();
        assertThat(AwsErrors.isTransient(service(400, "InvalidStorageClass", "Bad Request"))).isFalse();
        assertThat(AwsErrors.isAmbiguous400(service(400, "InvalidArgument", "x"))).isFalse();
        assertThat(AwsErrors.isAmbiguous400(service(503, null))).isFalse();
        assertThat(AwsErrors.isAmbiguous400(new IllegalStateException())).isFalse();
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
