package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/** A build is now what viewers get. Counts say what the promotion cost; {@code durationMillis} how long. */
public record DeploymentPromoted(String deploymentId, String tenantId, String siteId, String buildId,
        String previousBuildId, DeploymentMode mode, Integer filesCopied, Integer filesDeleted, Integer filesUnchanged,
        Integer pathsChanged, Long durationMillis, Instant promotedAt, List<String> causedBy) implements DeploymentEvent {

    public DeploymentPromoted {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public void check(Constraints c) {
        c.id("deploymentId", deploymentId).id("buildId", buildId).required("mode", mode)
                .nonNegative("filesCopied", filesCopied).nonNegative("filesDeleted", filesDeleted)
                .nonNegative("filesUnchanged", filesUnchanged).nonNegative("pathsChanged", pathsChanged)
                .nonNegative("durationMillis", durationMillis).required("promotedAt", promotedAt)
                .tenantOrSite(tenantId, siteId).causedBy(causedBy);
    }
}
