package io.edgeplane.distributor.deployment.domain;

import java.util.Iterator;

/**
 * The distributor's own records next to the builds: the manifest of each served prefix and each
 * target's history. Durable (S3), so a restart or another replica sees the same state.
 */
public interface DeploymentStateStore {
    /** The manifest of {@code prefix} (empty when there is none), its files in key order; close it when done. */
    LiveState live(String prefix);

    /** Writes the manifest of {@code prefix} from {@code files}, which come in key order and are not held. */
    void saveLive(String prefix, String buildId, boolean dirty, Iterator<LiveFile> files);

    DeploymentHistory history(DeploymentTarget target);

    void saveHistory(DeploymentTarget target, DeploymentHistory history);
}
