package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * A deployment was not promoted, and will not be without a new DeploymentCompleted (or a replay of the
 * dead-lettered one after the cause is fixed). Sent on the deployment status topic with the same key as
 * DeploymentPromoted, so the CI that deployed learns every outcome from one place. {@code rule} is
 * machine-readable ({@code foreign-source}, {@code max-deletes}, {@code missing-build}, {@code s3-failure},
 * …); {@code message} says it in words, naming the value that was refused.
 */
public record DeploymentFailed(String deploymentId, String tenantId, String siteId, String buildId, String rule,
        String message, Instant failedAt, List<String> causedBy) implements DeploymentEvent {

    public DeploymentFailed {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public void check(Constraints c) {
        c.id("deploymentId", deploymentId).id("buildId", buildId).notBlank("rule", rule)
                .notBlank("message", message).required("failedAt", failedAt)
                .tenantOrSite(tenantId, siteId).causedBy(causedBy);
    }
}
