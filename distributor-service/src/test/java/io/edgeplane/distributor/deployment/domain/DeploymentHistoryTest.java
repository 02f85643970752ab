package io.edgeplane.distributor.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.DeploymentMode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentHistoryTest {
    private static DeploymentRecord promote(String build, String previous) {
        return line("d-" + build, build, previous, DeploymentRecord.Action.PROMOTE, DeploymentRecord.Status.PROMOTED);
    }

    private static DeploymentRecord rollback(String build, String from) {
        return line("r-" + build + "-" + from, build, from, DeploymentRecord.Action.ROLLBACK, DeploymentRecord.Status.PROMOTED);
    }

    private static DeploymentRecord line(String id, String build, String previous, DeploymentRecord.Action action,
            DeploymentRecord.Status status) {
        return new DeploymentRecord(id, build, previous, DeploymentMode.COPY, action, status, null, "src", "b/" + build + "/",
                null, "E1EDGEPLANE0001", 0, 0, 0, 0, 0, Instant.EPOCH);
    }

    private static DeploymentHistory of(DeploymentRecord... records) {
        DeploymentHistory h = DeploymentHistory.empty();
        for (DeploymentRecord r : records) {
            h = h.append(r, 50);
        }
        return h;
    }

    @Test
    void rollbackGoesToThePreviousBuildAndRepeatedRollbacksKeepGoingBack() {
        DeploymentHistory h = of(promote("b1", null), promote("b2", "b1"), promote("b3", "b2"));
        assertThat(h.rollbackTarget(Optional.empty())).map(DeploymentRecord::buildId).contains("b2");
        h = h.append(rollback("b2", "b3"), 50);
        assertThat(h.current()).map(DeploymentRecord::buildId).contains("b2");
        assertThat(h.rollbackTarget(Optional.empty())).map(DeploymentRecord::buildId).contains("b1");
        h = h.append(rollback("b1", "b2"), 50);
        assertThat(h.rollbackTarget(Optional.empty())).isEmpty();
    }

    @Test
    void rejectedPromotionsAreNeitherLiveNorRollbackTargets() {
        DeploymentHistory h = of(promote("b1", null),
                line("d-b2", "b2", "b1", DeploymentRecord.Action.PROMOTE, DeploymentRecord.Status.REJECTED));
        assertThat(h.current()).map(DeploymentRecord::buildId).contains("b1");
        assertThat(h.rollbackTarget(Optional.empty())).isEmpty();
        assertThat(h.promotion("d-b2")).isEmpty();
    }

    @Test
    void anExplicitBuildMustHaveBeenPromotedAndNotBeLive() {
        DeploymentHistory h = of(promote("b1", null), promote("b2", "b1"), promote("b3", "b2"));
        assertThat(h.rollbackTarget(Optional.of("b1"))).map(DeploymentRecord::buildId).contains("b1");
        assertThat(h.rollbackTarget(Optional.of("b3"))).isEmpty();
        assertThat(h.rollbackTarget(Optional.of("nope"))).isEmpty();
    }

    @Test
    void historyKeepsOnlyTheNewestLines() {
        DeploymentHistory h = DeploymentHistory.empty();
        for (int i = 0; i < 10; i++) {
            h = h.append(promote("b" + i, null), 3);
        }
        assertThat(h.records()).extracting(DeploymentRecord::buildId).containsExactly("b7", "b8", "b9");
    }
}
