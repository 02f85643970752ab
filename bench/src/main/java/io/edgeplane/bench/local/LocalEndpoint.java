package io.edgeplane.bench.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 endpoint as `./edgeplane up` (or `up --s3-only`) started it: its URL and credentials from the
 * same environment variables, its pid from .edgeplane/pids/s3 (for RSS from /proc), its data directory.
 */
final class LocalEndpoint {
    final URI endpoint;
    final Path home;
    private final StaticCredentialsProvider credentials;

    LocalEndpoint() {
        this.endpoint = URI.create(env("S3_ENDPOINT", "http://127.0.0.1:19000"));
        this.home = Path.of(env("EDGEPLANE_HOME", ".")).toAbsolutePath().normalize();
        this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                env("AWS_ACCESS_KEY_ID", "edgeplane-local"), env("AWS_SECRET_ACCESS_KEY", "edgeplane-local-secret")));
    }

    /** Configured as the services' AwsClients configures it: path style, checksums only where S3 requires them. */
    S3Client servicesClient() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * The services' configuration without the SDK's {@code Expect: 100-continue} on uploads: through the JDK's
     * HttpURLConnection against S3Proxy's Jetty, about 1 upload in 1,500 on a reused connection fails with
     * "Unexpected end of file from server" (not retried by the SDK); without the header, none in 6,000. The
     * capacity run writes through this client so that its figures are the endpoint's, not that race's.
     */
    S3Client bulkClient() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                        return context.httpRequest().toBuilder().removeHeader("Expect").build();
                    }
                }))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * The SDK's defaults, as a third-party tool built on SDK 2.40 sends them: CRC32 on every upload, sent as an
     * aws-chunked body with a trailing x-amz-checksum-crc32, and response checksums validated.
     */
    S3Client sdkDefaultClient() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** As the media-service's S3UploadUrls builds it. */
    S3Presigner presigner() {
        return S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(credentials).endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    Optional<Long> pid() {
        Path file = home.resolve(".edgeplane/pids/s3");
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM), or -1 when the process is not there. */
    long statusMib(String field) {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid.get().toString(), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Files and bytes under the endpoint's data directory (one file per object). */
    long[] onDisk() {
        Path data = home.resolve(".edgeplane/s3/data");
        long[] countAndBytes = new long[2];
        if (!Files.isDirectory(data)) {
            return countAndBytes;
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                countAndBytes[0]++;
                try {
                    countAndBytes[1] += Files.size(f);
                } catch (IOException e) {
                    // deleted while walking
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return countAndBytes;
    }

    /** How the endpoint was started, quoted from the properties `./edgeplane` wrote. */
    String providerLine() {
        Path props = home.resolve(".edgeplane/s3/s3proxy.properties");
        try {
            return Files.isRegularFile(props) ? Files.readAllLines(props).stream().filter(l -> l.startsWith("jclouds.provider"))
                    .findFirst().orElse("?") : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    static void writeResult(Path home, String name, String markdown) throws IOException {
        Path out = home.resolve("bench/results").resolve(name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, markdown);
        System.out.println("wrote " + out);
    }

    /** The 1, 5 and 15 minute load averages: the CPUs are shared, so every figure is read next to them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String machine() {
        return "%s, %d CPUs, JDK %s".formatted(LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
