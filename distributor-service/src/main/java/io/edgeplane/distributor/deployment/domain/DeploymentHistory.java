package io.edgeplane.distributor.deployment.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A target's deployments, oldest first, capped at the newest {@code limit} lines. Decides what is
 * live and what a rollback goes back to.
 */
public record DeploymentHistory(List<DeploymentRecord> records) {
    public DeploymentHistory {
        records = List.copyOf(records);
    }

    public static DeploymentHistory empty() {
        return new DeploymentHistory(List.of());
    }

    public DeploymentHistory append(DeploymentRecord record, int limit) {
        List<DeploymentRecord> next = new ArrayList<>(records);
        next.add(record);
        return new DeploymentHistory(next.size() > limit ? next.subList(next.size() - limit, next.size()) : next);
    }

    /** The promotion that made the live build live. */
    public Optional<DeploymentRecord> current() {
        return records.reversed().stream().filter(DeploymentRecord::promoted).findFirst();
    }

    public Optional<DeploymentRecord> promotion(String deploymentId) {
        return records.reversed().stream()
                .filter(r -> r.promoted() && r.deploymentId().equals(deploymentId)).findFirst();
    }

    /**
     * The build a rollback makes live. With {@code buildId}: the newest successful promotion of that
     * build (not the live one). Without: walking back from the live build, the newest promoted build
     * that is not live and was not itself rolled away from, so repeated rollbacks keep going back
     * (b1, b2, b3 → b2 → b1) instead of toggling.
     */
    public Optional<DeploymentRecord> rollbackTarget(Optional<String> buildId) {
        Optional<DeploymentRecord> live = current();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        String liveBuild = live.get().buildId();
        if (buildId.isPresent()) {
            return records.reversed().stream()
                    .filter(r -> r.promoted() && r.buildId().equals(buildId.get()) && !r.buildId().equals(liveBuild))
                    .findFirst();
        }
        Set<String> rolledAway = new HashSet<>();
        for (DeploymentRecord r : records) {
            if (r.promoted() && r.action() == DeploymentRecord.Action.ROLLBACK && r.previousBuildId() != null) {
                rolledAway.add(r.previousBuildId());
            }
        }
        return records.reversed().stream()
                .filter(r -> r.promoted() && !r.buildId().equals(liveBuild) && !rolledAway.contains(r.buildId()))
                .findFirst();
    }
}
