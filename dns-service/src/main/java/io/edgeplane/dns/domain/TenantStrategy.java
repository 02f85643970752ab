package io.edgeplane.dns.domain;

import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TrafficTier;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks shared or individual for a tenant (seed 001, "Deployment Strategy Selector"). Pure; the rules, in order:
 * <ol>
 * <li>a custom domain needs an individual distribution; without quota the tenant cannot be served
 * ({@code quota}, retryable);</li>
 * <li>a requested strategy is honoured when allowed: shared always (unless rule 1), individual while there is
 * quota (otherwise shared with {@link StrategyReason#QUOTA_FALLBACK});</li>
 * <li>enterprise tier (when enabled) with quota left, high traffic tier or page views above the threshold,
 * compliance requirements: individual, or shared with a warning when the quota is exhausted;</li>
 * <li>otherwise shared.</li>
 * </ol>
 * A tenant that already has an individual distribution keeps its slot: it counts as having room.
 */
public final class TenantStrategy {

    /**
     * @param individualForEnterprise seed's ENABLE_INDIVIDUAL_FOR_ENTERPRISE
     * @param highTrafficPageViews    monthly page views from which a tenant counts as high traffic
     */
    public record Settings(boolean individualForEnterprise, long highTrafficPageViews) {
        public static final Settings DEFAULTS = new Settings(true, 10_000_000L);
    }

    /** The tenant attributes the rules read, and the strategy it has now (null for a new tenant). */
    public record Profile(SubscriptionTier tier, TrafficTier traffic, Long monthlyPageViews,
            List<String> compliance, String customDomain, DistributionStrategy requested,
            DistributionStrategy current) {
        public Profile {
            compliance = compliance == null ? List.of() : List.copyOf(compliance);
        }

        /** The same request from tenant management (the strategy the tenant has now aside). */
        public boolean sameRequestAs(Profile other) {
            return tier == other.tier && traffic == other.traffic && requested == other.requested
                    && java.util.Objects.equals(monthlyPageViews, other.monthlyPageViews)
                    && compliance.equals(other.compliance) && java.util.Objects.equals(customDomain, other.customDomain);
        }
    }

    private TenantStrategy() {
    }

    public static StrategyDecision select(Profile p, QuotaStatus quota, Settings settings) {
        boolean room = p.current() == DistributionStrategy.INDIVIDUAL || quota.hasRoom();
        List<String> warnings = new ArrayList<>();
        if (quota.warning() != null) {
            warnings.add(quota.warning());
        }
        String recommendation = quota.recommendation();

        if (p.customDomain() != null && !p.customDomain().isBlank()) {
            if (!room) {
                return new StrategyDecision(null, StrategyReason.CUSTOM_DOMAIN, StrategyReason.CUSTOM_DOMAIN.words(),
                        warnings, recommendation, new RuleViolation("quota", "custom domain '" + p.customDomain()
                                + "' needs an individual distribution, but " + quota.used() + " of " + quota.max()
                                + " are in use", true));
            }
            String explanation = StrategyReason.CUSTOM_DOMAIN.words();
            if (p.requested() == DistributionStrategy.SHARED) {
                explanation += "; the requested shared strategy cannot serve it";
            }
            return decided(DistributionStrategy.INDIVIDUAL, StrategyReason.CUSTOM_DOMAIN, explanation, warnings,
                    recommendation);
        }
        if (p.requested() == DistributionStrategy.SHARED) {
            return decided(DistributionStrategy.SHARED, StrategyReason.REQUESTED, StrategyReason.REQUESTED.words(),
                    warnings, recommendation);
        }
        if (p.requested() == DistributionStrategy.INDIVIDUAL) {
            if (room) {
                return decided(DistributionStrategy.INDIVIDUAL, StrategyReason.REQUESTED,
                        StrategyReason.REQUESTED.words(), warnings, recommendation);
            }
            return fallback("requested individual", warnings, recommendation);
        }
        StrategyReason qualifying = qualifyingReason(p, settings);
        if (qualifying != null) {
            if (room) {
                return decided(DistributionStrategy.INDIVIDUAL, qualifying, qualifying.words(), warnings,
                        recommendation);
            }
            return fallback(qualifying.words(), warnings, recommendation);
        }
        return decided(DistributionStrategy.SHARED, StrategyReason.DEFAULT, StrategyReason.DEFAULT.words(), warnings,
                recommendation);
    }

    private static StrategyReason qualifyingReason(Profile p, Settings settings) {
        if (p.tier() == SubscriptionTier.ENTERPRISE && settings.individualForEnterprise()) {
            return StrategyReason.ENTERPRISE_TIER;
        }
        boolean highTier = p.traffic() == TrafficTier.HIGH || p.traffic() == TrafficTier.ENTERPRISE;
        boolean highViews = p.monthlyPageViews() != null && p.monthlyPageViews() >= settings.highTrafficPageViews();
        if (highTier || highViews) {
            return StrategyReason.HIGH_TRAFFIC;
        }
        if (!p.compliance().isEmpty()) {
            return StrategyReason.COMPLIANCE;
        }
        return null;
    }

    private static StrategyDecision fallback(String wanted, List<String> warnings, String recommendation) {
        List<String> all = new ArrayList<>(warnings);
        all.add(wanted + ": served by the shared distribution until quota is available");
        return decided(DistributionStrategy.SHARED, StrategyReason.QUOTA_FALLBACK,
                StrategyReason.QUOTA_FALLBACK.words() + " (" + wanted + ")", all, recommendation);
    }

    private static StrategyDecision decided(DistributionStrategy strategy, StrategyReason reason, String explanation,
            List<String> warnings, String recommendation) {
        return new StrategyDecision(strategy, reason, explanation, warnings, recommendation, null);
    }
}
