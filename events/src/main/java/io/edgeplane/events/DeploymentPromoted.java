package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/** A build is now what viewers get. Counts say what the promotion cost; {@code durationMillis} how long. */
public record DeploymentPromoted(String deploymentId, String tenantId, String siteId, String buildId,
        String previousBuildId, DeploymentMode mode, Integer filesCopied, Integer filesDeleted, Integer filesUnchanged,
        Integer pathsChanged, Long durationMillis, Instant promotedAt, List<String> causedBy) implements EdgeplaneEvent {

    public DeploymentPromoted {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public String key() {
        return tenantId != null ? tenantId : siteId;
    }

    @Override
    public void check(Constraints c) {
        c.id("deploymentId", deploymentId).id("buildId", buildId).required("mode", mode)
                .nonNegative("filesCopied", filesCopied).nonNegative("filesDeleted", filesDeleted)
                .nonNegative("filesUnchanged", filesUnchanged).nonNegative("pathsChanged", pathsChanged)
                .nonNegative("durationMillis", durationMillis).required("promotedAt", promotedAt)
                .optionalMatches("tenantId", tenantId, Constraints.ID, "id")
                .optionalMatches("siteId", siteId, Constraints.ID, "id")
                .causedBy(causedBy);
        if ((tenantId == null) == (siteId == null)) {
            c.fail("tenantId", "one-of", "exactly one of tenantId and siteId must be set");
        }
    }
}
