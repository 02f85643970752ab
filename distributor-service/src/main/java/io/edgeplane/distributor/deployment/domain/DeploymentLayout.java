package io.edgeplane.distributor.deployment.domain;

import java.util.Objects;

/**
 * Where deployments live in the distribution bucket (seed 001): a tenant's builds stay immutable
 * under {@code tenants/{id}/deployments/{buildId}/}; copy mode keeps what viewers get under
 * {@code tenants/{id}/deployments/current/}, the prefix the routing function falls back to. A
 * non-tenant site is served from its own prefix and is always promoted by copy.
 *
 * @param tenantRoot template with {@code {id}}, ending in {@code /}
 * @param siteRoot   template with {@code {id}}, ending in {@code /} (may be empty: the bucket root)
 * @param liveFolder the folder under {@code tenantRoot} that copy mode syncs into; also the pointer
 *                   value that sends the routing function there, so no build may use this id
 */
public record DeploymentLayout(String tenantRoot, String siteRoot, String liveFolder) {
    public static final DeploymentLayout DEFAULT = new DeploymentLayout("tenants/{id}/deployments/", "sites/{id}/", "current");

    public DeploymentLayout {
        Objects.requireNonNull(tenantRoot, "tenantRoot");
        Objects.requireNonNull(siteRoot, "siteRoot");
        Objects.requireNonNull(liveFolder, "liveFolder");
        if (!tenantRoot.contains("{id}") || !tenantRoot.endsWith("/")) {
            throw new IllegalArgumentException("tenant root '" + tenantRoot + "' must contain {id} and end with '/'");
        }
        if (!siteRoot.isEmpty() && !siteRoot.endsWith("/")) {
            throw new IllegalArgumentException("site root '" + siteRoot + "' must be empty or end with '/'");
        }
        if (liveFolder.isBlank() || liveFolder.contains("/")) {
            throw new IllegalArgumentException("live folder '" + liveFolder + "' must be one path segment");
        }
    }

    /** The prefix viewers are served from in copy mode. */
    public String livePrefix(DeploymentTarget target) {
        return target.isTenant() ? root(target) + liveFolder + "/" : root(target);
    }

    /** The immutable home of one tenant build (pointer mode). */
    public String buildPrefix(DeploymentTarget target, String buildId) {
        if (!target.isTenant()) {
            throw new IllegalArgumentException("only tenant builds have an immutable build prefix");
        }
        return root(target) + buildId + "/";
    }

    public String root(DeploymentTarget target) {
        return (target.isTenant() ? tenantRoot : siteRoot).replace("{id}", target.id());
    }

    /** The path CloudFront caches an object under (the origin is the bucket root): {@code /} + key. */
    public static String viewerPath(String prefix, String relativePath) {
        return "/" + prefix + relativePath;
    }
}
