package io.edgeplane.distributor.deployment.domain;

/**
 * The distributor's own records next to the builds: the manifest of each served prefix and each
 * target's history. Durable (S3), so a restart or another replica sees the same state.
 */
public interface DeploymentStateStore {
    LiveManifest live(String prefix);

    void saveLive(String prefix, LiveManifest manifest);

    DeploymentHistory history(DeploymentTarget target);

    void saveHistory(DeploymentTarget target, DeploymentHistory history);
}
