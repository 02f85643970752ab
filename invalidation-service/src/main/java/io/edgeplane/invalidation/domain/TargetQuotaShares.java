package io.edgeplane.invalidation.domain;

import java.time.Instant;

/**
 * In-progress shares per {@link InvalidationTarget}: a distribution's from the distributions' shares; a distribution
 * tenant's from the distribution tenants' shares (their own quotas), held by whoever holds its multi-tenant
 * distribution's FilesDistributed partition — the record key is the distribution id, so every change of every
 * distribution tenant of one multi-tenant distribution reaches that one replica, and the key rule's argument
 * ("at most one replica submits to a target") carries over unchanged.
 */
public final class TargetQuotaShares implements QuotaShares {
    private final QuotaShares distributions;
    private final QuotaShares distributionTenants;

    public TargetQuotaShares(QuotaShares distributions, QuotaShares distributionTenants) {
        this.distributions = distributions;
        this.distributionTenants = distributionTenants;
    }

    @Override
    public InProgressShare share(String key, Instant now) {
        InvalidationTarget t = InvalidationTarget.parse(key);
        return t.isDistributionTenant() ? distributionTenants.share(t.distributionId(), now)
                : distributions.share(key, now);
    }

    @Override
    public long generation(String key) {
        InvalidationTarget t = InvalidationTarget.parse(key);
        return t.isDistributionTenant() ? distributionTenants.generation(t.distributionId())
                : distributions.generation(key);
    }

    @Override
    public boolean heldElsewhere(String key, Instant now) {
        InvalidationTarget t = InvalidationTarget.parse(key);
        return t.isDistributionTenant() ? distributionTenants.heldElsewhere(t.distributionId(), now)
                : distributions.heldElsewhere(key, now);
    }
}
