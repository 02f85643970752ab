package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * A media item is ready on the CDN: every output with its URL and the CDN information a player or
 * page needs.
 *
 * @param replaced whether an earlier version of the item was replaced (its paths were purged)
 */
public record MediaProcessed(String mediaId, String ownerId, MediaKind kind, String sourceKey, List<Output> outputs,
        Cdn cdn, Boolean replaced, Long durationMillis, Instant processedAt, List<String> causedBy)
        implements EdgeplaneEvent {

    public MediaProcessed {
        outputs = Lists.orEmpty(outputs);
        causedBy = Lists.orEmpty(causedBy);
    }

    /**
     * One output object. {@code role} names it: {@code thumbnail}, {@code small}, {@code medium},
     * {@code large} (with {@code format}), {@code poster}, {@code hls-master}, {@code hls-720p} …
     */
    public record Output(String role, String format, String key, String url, String contentType, String cacheControl,
            Long sizeBytes, Integer width, Integer height, Integer bitrateKbps) {
    }

    /** Where the outputs are served from and whether viewers need signed URLs. */
    public record Cdn(String distributionId, String domain, String baseUrl, Boolean signedUrlsRequired) {
    }

    @Override
    public String key() {
        return mediaId;
    }

    @Override
    public void check(Constraints c) {
        c.id("mediaId", mediaId).id("ownerId", ownerId).required("kind", kind).objectKey("sourceKey", sourceKey)
                .notEmpty("outputs", outputs).maxSize("outputs", outputs, Constraints.MAX_LIST)
                .each("outputs", outputs, (o, n) -> n.notBlank("role", o.role()).objectKey("key", o.key())
                        .notBlank("url", o.url()).notBlank("contentType", o.contentType())
                        .notBlank("cacheControl", o.cacheControl()).nonNegative("sizeBytes", o.sizeBytes()))
                .required("cdn", cdn).required("processedAt", processedAt).causedBy(causedBy);
    }
}
