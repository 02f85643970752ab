package io.edgeplane.invalidation.domain;

import java.time.Instant;

/**
 * In-progress shares per {@link InvalidationTarget}: a distribution's from the distributions' shares; a distribution
 * tenant's from the distribution tenants' shares (their own quotas), held by whoever holds the FilesDistributed
 * partition of the distribution its changes are named on (the target's {@code distributionId}; the record key) —
 * so every change naming that distribution reaches that one replica, and the key rule's argument ("at most one
 * replica submits to a target") carries over while a tenant's changes name one distribution.
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
