package io.edgeplane.media.rest;

import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.Violation;
import io.edgeplane.media.config.MediaConfig;
import io.edgeplane.media.domain.AccessGrant;
import io.edgeplane.media.domain.CdnLocation;
import io.edgeplane.media.domain.MediaManifest;
import io.edgeplane.media.domain.MediaStore;
import io.edgeplane.media.domain.SignatureRequest;
import io.edgeplane.media.domain.SignedAccess;
import io.edgeplane.media.domain.SigningPolicy;
import io.edgeplane.media.domain.UrlSigner;
import io.edgeplane.platform.messaging.MetricNames;
import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.platform.rest.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Media items and signed viewer URLs. */
@Path("/media")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "media")
public class MediaResource {
    private static final Logger LOG = Logger.getLogger(MediaResource.class);
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    @Inject
    MediaStore store;

    @Inject
    UrlSigner signer;

    @Inject
    CdnLocation cdn;

    @Inject
    MediaConfig config;

    @Inject
    Ownership ownership;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String app;

    Clock clock = Clock.systemUTC();

    /** A media item as it is now: its outputs with CDN URLs. */
    public record MediaItem(String mediaId, String ownerId, String kind, String version, String sourceKey,
            List<MediaProcessed.Output> outputs, MediaProcessed.Cdn cdn, Long durationMillis, Instant processedAt,
            Instant replacedAt) {
    }

    /** A signed URL; for the custom policy also the signed cookies (for HLS players, which drop query strings). */
    public record SignedUrl(String mediaId, String url, String policy, Instant expiresAt, String keyPairId,
            String resource, Map<String, String> cookies) {
    }

    @GET
    @Path("/{mediaId}")
    @Operation(summary = "A processed media item: outputs, URLs, sizes, Cache-Control and the CDN")
    @APIResponse(responseCode = "404", description = "No processed item with this id")
    public Response item(@PathParam("mediaId") @Pattern(regexp = ID) String mediaId) {
        return store.manifest(mediaId).filter(MediaManifest::processed).map(m -> Response.ok(view(m)).build())
                .orElseGet(() -> notFound(mediaId));
    }

    @POST
    @Path("/{mediaId}/signed-url")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A CloudFront signed URL for the item's owner",
            description = "Called by a trusted backend (API token) that has authenticated the user and passes userId; "
                    + "the URL is only issued when that user is the item's recorded owner and the item was made from "
                    + "that user's own upload.")
    @APIResponse(responseCode = "200", description = "Signed")
    @APIResponse(responseCode = "403", description = "The user does not own the item (rule owner-mismatch) or the item "
            + "was made from another owner's upload (rule foreign-source); no URL")
    @APIResponse(responseCode = "404", description = "No such item or output")
    @APIResponse(responseCode = "503", description = "No signing key configured")
    public Response sign(@PathParam("mediaId") @Pattern(regexp = ID) String mediaId,
            @Valid @NotNull SignedUrlRequest request) {
        Optional<MediaManifest> item = store.manifest(mediaId).filter(MediaManifest::processed);
        if (item.isEmpty()) {
            return notFound(mediaId);
        }
        if (!signer.configured()) {
            count("unconfigured", request.policy());
            return new Problem("https://edgeplane.io/problems/signing-unconfigured", "Signing not configured", 503,
                    "set edgeplane.media.signing.key-pair-id and a private key", List.of()).toResponse();
        }
        AccessGrant.Ask ask = new AccessGrant.Ask(request.userId(), Optional.ofNullable(request.role()),
                Optional.ofNullable(request.format()), SigningPolicy.parse(request.policy()),
                Optional.ofNullable(request.expiresInSeconds()).map(Duration::ofSeconds),
                Optional.ofNullable(request.activeFrom()), Optional.ofNullable(request.ipRange()));
        try {
            SignatureRequest decided = AccessGrant.decide(item.get(), ask, ownership, cdn, config.signing().defaultExpiry(),
                    config.signing().maxExpiry(), clock.instant());
            SignedAccess signed = signer.sign(decided);
            count("signed", request.policy());
            LOG.infof("signed %s URL for media %s (user %s) until %s", signed.policy().id(), mediaId, request.userId(),
                    signed.expiresAt());
            return Response.ok(new SignedUrl(mediaId, signed.url(), signed.policy().id(), signed.expiresAt(),
                    signed.keyPairId(), signed.resource(), signed.cookies())).build();
        } catch (AccessGrant.NotOwnerException e) {
            count("denied", request.policy());
            LOG.warnf("refused a signed URL for media %s to user %s: %s", mediaId, request.userId(), e.getMessage());
            return new Problem("https://edgeplane.io/problems/not-owner", "Not the owner", 403, e.getMessage(),
                    List.of(new Violation(e.field(), e.rule(), e.getMessage()))).toResponse();
        } catch (AccessGrant.NoSuchOutputException e) {
            return Problem.of(Response.Status.NOT_FOUND, e.getMessage()).toResponse();
        }
    }

    private void count(String outcome, String policy) {
        signedUrls(registry, app, outcome, policy == null ? "canned" : policy).increment();
    }

    /** Outcomes of signed-URL requests ({@code signed}, {@code denied}) per policy ({@code canned}, {@code custom}). */
    public static Counter signedUrls(MeterRegistry registry, String app, String outcome, String policy) {
        return registry.counter(MetricNames.of(app, "signed.urls"), "outcome", outcome, "policy", policy);
    }

    private MediaItem view(MediaManifest m) {
        List<MediaProcessed.Output> outputs = m.outputs().stream().map(o -> new MediaProcessed.Output(o.role(), o.format(),
                o.key(), cdn.url(o.key()), o.contentType(), o.cacheControl(), o.sizeBytes(), o.width(), o.height(),
                o.bitrateKbps())).toList();
        MediaProcessed.Cdn info = new MediaProcessed.Cdn(cdn.distributionId().orElse(null), cdn.host(), cdn.baseUrl(),
                cdn.signedUrlsRequired());
        return new MediaItem(m.mediaId(), m.ownerId(), m.kind().json(), m.version(), m.sourceKey(), outputs, info,
                m.durationMillis(), m.processedAt(), m.replacedAt());
    }

    private static Response notFound(String mediaId) {
        return Problem.of(Response.Status.NOT_FOUND, "no processed media item '" + mediaId + "'").toResponse();
    }
}
