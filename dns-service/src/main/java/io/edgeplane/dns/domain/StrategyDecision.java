package io.edgeplane.dns.domain;

import io.edgeplane.events.DistributionStrategy;
import java.util.List;

/**
 * The outcome of {@link TenantStrategy#select}: a strategy with its reason, warnings as the quota fills and a
 * recommendation, or a violation when the tenant cannot be served at all (custom domain and no quota left).
 */
public record StrategyDecision(DistributionStrategy strategy, StrategyReason reason, String explanation,
        List<String> warnings, String recommendation, RuleViolation violation) {

    public StrategyDecision {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public boolean ok() {
        return violation == null;
    }
}
