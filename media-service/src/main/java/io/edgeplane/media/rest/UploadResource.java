package io.edgeplane.media.rest;

import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.VideoUploaded;
import io.edgeplane.media.aws.S3UploadUrls;
import io.edgeplane.media.config.MediaConfig;
import io.edgeplane.media.domain.UploadSource;
import io.edgeplane.platform.messaging.MetricNames;
import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.platform.rest.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Pre-signed upload URLs: the browser uploads straight to S3, under the user's own prefix. */
@Path("/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "uploads")
public class UploadResource {
    @Inject
    S3UploadUrls urls;

    @Inject
    MediaConfig config;

    @Inject
    Ownership ownership;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String app;

    Clock clock = Clock.systemUTC();

    /** Where and how to upload: PUT the file to {@code url} with exactly these {@code headers} before {@code expiresAt}. */
    public record UploadUrl(String bucket, String key, String url, String method, Map<String, String> headers,
            Instant expiresAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A pre-signed S3 PUT URL for one upload",
            description = "Key uploads/{userId}/{yyyy}/{mm}/{dd}/{uuid}; the content type (and length, if given) is "
                    + "signed; the URL expires after edgeplane.media.upload.expiry. After the upload, the caller "
                    + "publishes ImageUploaded or VideoUploaded with this bucket and key.")
    @APIResponse(responseCode = "200", description = "Signed")
    @APIResponse(responseCode = "400", description = "Content type not accepted, or size over the limit")
    public Response create(@Valid @NotNull UploadUrlRequest request) {
        List<String> allowed = config.upload().contentTypes();
        if (!allowed.contains(request.contentType())) {
            return Problem.invalid("contentType '" + request.contentType() + "' is not accepted; accepted: " + allowed,
                    List.of(new io.edgeplane.events.Violation("contentType", "accepted-type",
                            "must be one of " + allowed))).toResponse();
        }
        long max = request.contentType().startsWith("image/") ? ImageUploaded.MAX_BYTES : VideoUploaded.MAX_BYTES;
        if (request.sizeBytes() != null && request.sizeBytes() > max) {
            return Problem.invalid("sizeBytes " + request.sizeBytes() + " is over the limit of " + max,
                    List.of(new io.edgeplane.events.Violation("sizeBytes", "max-size", "must be <= " + max))).toResponse();
        }
        String key = UploadSource.keyFor(ownership, request.userId(), clock.instant(), UUID.randomUUID());
        String bucket = config.buckets().uploads();
        PresignedPutObjectRequest signed = urls.presignPut(bucket, key, request.contentType(),
                Optional.ofNullable(request.sizeBytes()), config.upload().expiry());
        Map<String, String> headers = new java.util.TreeMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        uploadUrls(registry, app).increment();
        return Response.ok(new UploadUrl(bucket, key, signed.url().toString(), "PUT", headers, signed.expiration()))
                .build();
    }

    /** Pre-signed upload URLs handed out. */
    public static Counter uploadUrls(MeterRegistry registry, String app) {
        return registry.counter(MetricNames.of(app, "upload.urls"));
    }
}
