package io.edgeplane.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a PutObject puts on the wire with the platform's HTTP client: the request header block as a raw socket
 * reads it, because the SDK-level interceptor alone does not decide it (Apache's client adds the expectation to
 * every PUT with a body by itself; seen with the SDK 2.40 client, issue 18).
 */
class ExpectContinueOnTheWireTest {

    @Test
    void towardsAStandInEndpointNoPutCarriesTheExpectation() throws Exception {
        assertThat(headersOfAPut(AwsClients.httpClient(false)).toLowerCase()).doesNotContain("expect:");
    }

    @Test
    void towardsAwsThePutKeepsIt() throws Exception {
        assertThat(headersOfAPut(AwsClients.httpClient(true)).toLowerCase()).contains("expect: 100-continue");
    }

    private static String headersOfAPut(SdkHttpClient http) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                        .region(Region.US_EAST_1).forcePathStyle(true).httpClient(http)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                        .overrideConfiguration(o -> o.addExecutionInterceptor(new AwsClients.WithoutExpectContinue()))
                        .build()) {
            CompletableFuture<String> headers = CompletableFuture.supplyAsync(() -> answerOnce(server));
            s3.putObject(p -> p.bucket("b").key("k"), RequestBody.fromBytes(new byte[4096]));
            return headers.get(10, TimeUnit.SECONDS);
        }
    }

    /** Reads one request's header block, answers 100 if asked, drains the body it can, then 200 and close. */
    private static String answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            if (headers.toLowerCase().contains("expect: 100-continue")) {
                socket.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            long length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .mapToLong(l -> Long.parseLong(l.substring(15).strip())).findFirst().orElse(0);
            in.readNBytes((int) length);
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return headers;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
