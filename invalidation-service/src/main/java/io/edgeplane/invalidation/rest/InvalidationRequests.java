package io.edgeplane.invalidation.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** REST bodies of the invalidation endpoints. */
public final class InvalidationRequests {
    private InvalidationRequests() {
    }

    /** When the items go out: with the next coalescing window, or right away (quota and rate permitting). */
    public enum Mode {
        queued, immediate
    }

    /**
     * Invalidate paths and/or cache tags.
     *
     * @param paths viewer paths as stored (not URL-encoded): leading {@code /}, {@code *} only last
     * @param tags  cache tags, for distributions with a cache tag header
     */
    public record Invalidate(@Size(max = 3_000) List<@NotBlank @Size(max = 4_000) String> paths,
            @Size(max = 100) List<@NotBlank @Size(max = 257) String> tags, Mode mode) {

        public List<String> pathsOrEmpty() {
            return paths == null ? List.of() : paths;
        }

        public List<String> tagsOrEmpty() {
            return tags == null ? List.of() : tags;
        }
    }

    /** Invalidate the whole distribution ({@code /*}): {@code confirm} must say so. */
    public record InvalidateAll(@NotBlank @Pattern(regexp = "/\\*", message = "must be \"/*\"") String confirm) {
    }

    /** Invalidate the static assets (CSS, JS, images, fonts), of one tenant or of the shared site. */
    public record StaticAssets(@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}") String tenantId) {
    }

    /**
     * Invalidate for a deployment: the tenant's site, the given paths, or the configured entry
     * points. The same version asked twice is the same invalidation (CallerReference), billed once.
     */
    public record Deployment(@NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+-]{0,63}") String version,
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}") String tenantId,
            @Size(max = 100) List<@NotBlank @Size(max = 4_000) String> paths) {
    }
}
