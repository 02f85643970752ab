package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * CI finished a build and wants it live. Exactly one of {@code tenantId} (a tenant site served at
 * {@code tenant.<base>}) or {@code siteId} (a non-tenant site) is set; it is the record key.
 *
 * @param sourceBucket where the build's files are: one of the distributor's builds buckets
 * @param sourcePrefix key prefix of the build, under the tenant's or site's build root, e.g.
 *                     {@code tenants/t1/builds/b42/}; anything else is refused (DeploymentFailed, {@code foreign-source})
 * @param mode         promotion mode; absent means the distributor's configured default
 */
public record DeploymentCompleted(String deploymentId, String tenantId, String siteId, String buildId,
        String sourceBucket, String sourcePrefix, String distributionId, String version, DeploymentMode mode,
        Instant completedAt, List<String> causedBy) implements DeploymentEvent {

    public DeploymentCompleted {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public void check(Constraints c) {
        c.id("deploymentId", deploymentId).id("buildId", buildId)
                .matches("sourceBucket", sourceBucket, Constraints.BUCKET, "bucket-name")
                .objectKey("sourcePrefix", sourcePrefix)
                .matches("distributionId", distributionId, Constraints.DISTRIBUTION_ID, "distribution-id")
                .required("completedAt", completedAt)
                .tenantOrSite(tenantId, siteId).causedBy(causedBy);
    }
}
