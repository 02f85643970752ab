package io.edgeplane.distributor.deployment.domain;

import io.edgeplane.events.DeploymentMode;
import java.time.Instant;

/**
 * One line of a target's deployment history.
 *
 * @param action        a promotion from an event or a rollback from the API
 * @param status        {@code PROMOTED} (the build became live) or {@code REJECTED} (it did not; see
 *                      {@code reason})
 * @param sourceBucket  where the build was read from; a copy-mode rollback reads it there again
 * @param distributionId the distribution serving the target (FilesDistributed of a rollback go there)
 */
public record DeploymentRecord(String deploymentId, String buildId, String previousBuildId, DeploymentMode mode,
        Action action, Status status, String reason, String sourceBucket, String sourcePrefix, String version,
        String distributionId, int filesCopied, int filesDeleted, int filesUnchanged, int pathsChanged, long durationMillis, Instant at) {

    public enum Action {
        PROMOTE, ROLLBACK
    }

    public enum Status {
        PROMOTED, REJECTED
    }

    public boolean promoted() {
        return status == Status.PROMOTED;
    }
}
