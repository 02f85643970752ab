package io.edgeplane.distributor.deployment.domain;

import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.platform.ownership.Refusal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where deployments come from and live, derived from the one {@link Ownership} model so the
 * distributor, the invalidation-service, the routing function and the IAM policies agree. A build is
 * read only from a builds bucket under the owner's build root ({@code tenants/{id}/builds/},
 * {@code sites/{id}/builds/}). In the distribution bucket a tenant's builds stay immutable under
 * {@code <served root>deployments/{buildId}/} and copy mode keeps what viewers get under
 * {@code <served root>deployments/current/}, the prefix the routing function falls back to; a
 * non-tenant site is served from its served root ({@code sites/{id}/}) and is always promoted by copy.
 *
 * @param ownership         the owners' roots and the builds buckets
 * @param deploymentsFolder the folder under a tenant's served root that holds its builds (seed 001: {@code deployments})
 * @param liveFolder        the folder under it that copy mode syncs into; also the pointer value that sends the
 *                          routing function there, so no build may use this id
 */
public record DeploymentLayout(Ownership ownership, String deploymentsFolder, String liveFolder) {
    public static final DeploymentLayout DEFAULT = new DeploymentLayout(Ownership.DEFAULTS, "deployments", "current");

    public DeploymentLayout {
        Objects.requireNonNull(ownership, "ownership");
        for (String folder : List.of(deploymentsFolder, liveFolder)) {
            if (folder == null || folder.isBlank() || folder.contains("/") || folder.equals(".") || folder.equals("..")) {
                throw new IllegalArgumentException("folder '" + folder + "' must be one path segment");
            }
        }
    }

    /** The same layout reading builds from {@code buckets} (benchmarks and tests). */
    public DeploymentLayout withBuildsBuckets(java.util.Set<String> buckets) {
        return new DeploymentLayout(ownership.withBuildsBuckets(buckets), deploymentsFolder, liveFolder);
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

    /** Where a target's deployments live: {@code tenants/{id}/deployments/}, {@code sites/{id}/}. */
    public String root(DeploymentTarget target) {
        String served = ownership.servedRoot(target.owner());
        return target.isTenant() ? served + deploymentsFolder + "/" : served;
    }

    /**
     * Why a build at {@code bucket}/{@code prefix} may not be promoted for {@code target}: not a builds
     * bucket, not under the target's own build root (segment-exact), or a prefix that could be read
     * two ways. Empty: the source is the target's own.
     */
    public Optional<Refusal> checkSource(DeploymentTarget target, String bucket, String prefix) {
        return ownership.checkBuildSource(target.owner(), bucket, prefix);
    }

    /** The tag every object the target serves carries, e.g. {@code tenant-acme}. */
    public String ownerTag(DeploymentTarget target) {
        return ownership.ownerTag(target.owner());
    }

    /** The tag of one build, scoped to its owner so no other owner can invalidate it: {@code tenant-acme:build-b42}. */
    public String buildTag(DeploymentTarget target, String buildId) {
        return ownership.scopedTag(target.owner(), "build-" + buildId);
    }

    /**
     * The tags to announce for objects that carry {@code tags}: the target's own tags as they are; a tag
     * that is not the target's (objects copied before tags were scoped carry a bare {@code build-b41})
     * becomes the owner tag, a wider invalidation within the target, never one reaching another owner.
     */
    public List<String> announcedTags(DeploymentTarget target, List<String> tags) {
        Owner owner = target.owner();
        return tags.stream().map(t -> ownership.checkTag(Optional.of(owner), t).isEmpty() ? t : ownerTag(target))
                .distinct().toList();
    }

    /** The path CloudFront caches an object under (the origin is the bucket root): {@code /} + key. */
    public static String viewerPath(String prefix, String relativePath) {
        return "/" + prefix + relativePath;
    }
}
