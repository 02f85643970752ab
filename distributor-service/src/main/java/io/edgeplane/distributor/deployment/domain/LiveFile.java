package io.edgeplane.distributor.deployment.domain;

import java.util.List;
import java.util.Objects;

/**
 * An object the distributor wrote under a served prefix, as it recorded it (it cannot read the
 * distribution bucket's objects back: see {@link LiveManifest}).
 *
 * @param contentHash {@link BuildFile#contentHash()} of the bytes copied; {@link #UNKNOWN} when a
 *                    copy failed midway and the bytes there are not known
 * @param cacheTags   the {@code cache-tag} metadata the object carries
 */
public record LiveFile(String path, String contentHash, long size, String cacheControl, String contentType,
        List<String> cacheTags) {
    public static final String UNKNOWN = "unknown";

    public LiveFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentHash, "contentHash");
        cacheTags = cacheTags == null ? List.of() : List.copyOf(cacheTags);
    }

    public LiveFile withUnknownContent() {
        return new LiveFile(path, UNKNOWN, size, cacheControl, contentType, cacheTags);
    }
}
