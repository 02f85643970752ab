package io.edgeplane.distributor.deployment;

import io.edgeplane.distributor.deployment.domain.DeploymentRecord;
import io.edgeplane.distributor.deployment.domain.PromotionRejected;
import io.edgeplane.events.DeploymentMode;
import java.time.Duration;

/** What a promotion reports to metrics; no-op by default so benchmarks need no registry. */
public interface DeploymentObserver {
    default void promoted(DeploymentRecord record) {
    }

    default void rejected(DeploymentMode mode, PromotionRejected.Reason reason) {
    }

    default void pointerSwitched(Duration took, int conflicts) {
    }

    default void retrying(String cause) {
    }

    DeploymentObserver NONE = new DeploymentObserver() {
    };
}
