package io.edgeplane.dns.domain;

import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TrafficTier;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks shared, distribution-tenant or individual for a tenant (seed 001's "Deployment Strategy Selector", with
 * CloudFront SaaS Manager's distribution tenants). Pure; the rules, in order:
 * <ol>
 * <li>a custom domain (its own certificate and alias) gets a <b>distribution tenant</b> of the multi-tenant
 * distribution, unless the tenant also has a reason only a separate distribution serves (requested individual,
 * enterprise tier, high traffic, compliance) and individual quota is left. No distribution-tenant quota left: the
 * tenant is refused ({@code distribution-tenant-quota}, retryable), never quietly moved to a costlier strategy.
 * With distribution tenants disabled the seed's rule applies: individual, or {@code quota} when none is left;</li>
 * <li>a requested strategy is honoured when allowed: shared always, distribution-tenant and individual while their
 * quota lasts (otherwise shared with {@link StrategyReason#QUOTA_FALLBACK});</li>
 * <li>what only a separate distribution gives (enterprise tier when enabled: a different origin/behaviour set; high
 * traffic: its own request quota and cache; compliance: its own logs, WAF, origin settings): individual, or shared
 * with a warning when the quota is exhausted;</li>
 * <li>otherwise shared.</li>
 * </ol>
 * A tenant that already holds an individual distribution or a distribution tenant keeps its slot: it counts as
 * having room.
 */
public final class TenantStrategy {
    /** No distribution tenant can be created (the configured maximum is reached); retryable. */
    public static final String TENANT_QUOTA_RULE = "distribution-tenant-quota";
    /** No individual distribution can be created for a custom domain (distribution tenants disabled); retryable. */
    public static final String INDIVIDUAL_QUOTA_RULE = "quota";

    /**
     * @param individualForEnterprise seed's ENABLE_INDIVIDUAL_FOR_ENTERPRISE
     * @param highTrafficPageViews    monthly page views from which a tenant counts as high traffic
     * @param distributionTenants     CloudFront SaaS Manager is used ({@code edgeplane.dns.saas.enabled})
     */
    public record Settings(boolean individualForEnterprise, long highTrafficPageViews, boolean distributionTenants) {
        public static final Settings DEFAULTS = new Settings(true, 10_000_000L, true);

        public Settings(boolean individualForEnterprise, long highTrafficPageViews) {
            this(individualForEnterprise, highTrafficPageViews, true);
        }
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

        public boolean hasCustomDomain() {
            return customDomain != null && !customDomain.isBlank();
        }
    }

    private TenantStrategy() {
    }

    /**
     * @param individual how many individual distributions are in use against their maximum
     * @param tenants    how many distribution tenants are in use against their maximum
     */
    public static StrategyDecision select(Profile p, QuotaStatus individual, QuotaStatus tenants, Settings settings) {
        boolean room = p.current() == DistributionStrategy.INDIVIDUAL || individual.hasRoom();
        boolean tenantRoom = settings.distributionTenants()
                && (p.current() == DistributionStrategy.DISTRIBUTION_TENANT || tenants.hasRoom());
        List<String> warnings = new ArrayList<>();
        String recommendation = individual.recommendation();
        if (individual.warning() != null) {
            warnings.add(individual.warning());
        }
        if (settings.distributionTenants() && tenants.warning() != null) {
            warnings.add(tenants.warning());
            recommendation = recommendation == null ? tenants.recommendation()
                    : recommendation + "; " + tenants.recommendation();
        }
        StrategyReason qualifying = qualifyingReason(p, settings);
        if (p.hasCustomDomain()) {
            return forCustomDomain(p, individual, tenants, settings, room, tenantRoom, qualifying, warnings,
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
        if (p.requested() == DistributionStrategy.DISTRIBUTION_TENANT && settings.distributionTenants()) {
            if (tenantRoom) {
                return decided(DistributionStrategy.DISTRIBUTION_TENANT, StrategyReason.REQUESTED,
                        StrategyReason.REQUESTED.words(), warnings, recommendation);
            }
            return fallback("requested distribution-tenant", warnings, recommendation);
        }
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

    private static StrategyDecision forCustomDomain(Profile p, QuotaStatus individual, QuotaStatus tenants,
            Settings settings, boolean room, boolean tenantRoom, StrategyReason qualifying, List<String> warnings,
            String recommendation) {
        boolean wantsIndividual = p.requested() == DistributionStrategy.INDIVIDUAL || qualifying != null;
        if (wantsIndividual && room) {
            StrategyReason reason = p.requested() == DistributionStrategy.INDIVIDUAL ? StrategyReason.REQUESTED
                    : qualifying;
            return decided(DistributionStrategy.INDIVIDUAL, reason, reason.words(), warnings, recommendation);
        }
        if (!settings.distributionTenants()) {
            if (!room) {
                return new StrategyDecision(null, StrategyReason.CUSTOM_DOMAIN_INDIVIDUAL,
                        StrategyReason.CUSTOM_DOMAIN_INDIVIDUAL.words(), warnings, recommendation,
                        new RuleViolation(INDIVIDUAL_QUOTA_RULE, "custom domain '" + p.customDomain()
                                + "' needs an individual distribution, but " + individual.used() + " of "
                                + individual.max() + " are in use", true));
            }
            return decided(DistributionStrategy.INDIVIDUAL, StrategyReason.CUSTOM_DOMAIN_INDIVIDUAL,
                    StrategyReason.CUSTOM_DOMAIN_INDIVIDUAL.words(), warnings, recommendation);
        }
        if (!tenantRoom) {
            return new StrategyDecision(null, StrategyReason.CUSTOM_DOMAIN, StrategyReason.CUSTOM_DOMAIN.words(),
                    warnings, recommendation, new RuleViolation(TENANT_QUOTA_RULE, "custom domain '"
                            + p.customDomain() + "' needs a distribution tenant, but " + tenants.used() + " of "
                            + tenants.max() + " (edgeplane.dns.saas.max-tenants) are in use; request a higher"
                            + " CloudFront quota and raise the setting, then send the tenant again", true));
        }
        String explanation = StrategyReason.CUSTOM_DOMAIN.words();
        List<String> all = new ArrayList<>(warnings);
        if (wantsIndividual) {
            String wanted = p.requested() == DistributionStrategy.INDIVIDUAL ? "requested individual"
                    : qualifying.words();
            all.add(wanted + ": served by a distribution tenant until individual quota is available");
            explanation += "; " + wanted + ", but the individual quota is exhausted";
        } else if (p.requested() == DistributionStrategy.SHARED) {
            explanation += "; the requested shared strategy cannot serve it";
        }
        return decided(DistributionStrategy.DISTRIBUTION_TENANT, StrategyReason.CUSTOM_DOMAIN, explanation, all,
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
