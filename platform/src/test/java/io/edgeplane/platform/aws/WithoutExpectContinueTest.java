package io.edgeplane.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class WithoutExpectContinueTest {
    @Test
    void theExpectationIsDroppedAndEverythingElseKept() {
        SdkHttpRequest put = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create("http://127.0.0.1:19000/b/k"))
                .putHeader("Expect", "100-continue").putHeader("Content-Type", "image/jpeg").build();
        Context.ModifyHttpRequest context = new Context.ModifyHttpRequest() {
            @Override
            public SdkHttpRequest httpRequest() {
                return put;
            }

            @Override
            public software.amazon.awssdk.core.SdkRequest request() {
                return null;
            }

            @Override
            public java.util.Optional<software.amazon.awssdk.core.sync.RequestBody> requestBody() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<software.amazon.awssdk.core.async.AsyncRequestBody> asyncRequestBody() {
                return java.util.Optional.empty();
            }
        };
        SdkHttpRequest sent = new AwsClients.WithoutExpectContinue().modifyHttpRequest(context, new ExecutionAttributes());
        assertThat(sent.firstMatchingHeader("Expect")).isEmpty();
        assertThat(sent.firstMatchingHeader("Content-Type")).contains("image/jpeg");
        assertThat(sent.getUri()).isEqualTo(put.getUri());
    }
}
