package io.edgeplane.dns.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How a look learns whether a waiting distribution tenant is deployed, in the fewest CloudFront reads. One
 * GetDistributionTenant answers one tenant; one ListDistributionTenants page answers up to {@link #PAGE}. While at
 * least as many tenants wait for their deployment as the listing has pages, one listing per {@code interval}
 * (the deploying look interval) answers them all. A look within an interval of a listing is answered by it
 * whatever the count (the tenant is seen at most one interval later than a Get would have seen it, and costs
 * nothing). A tenant changed after the last listing started is not answered by it: that listing may show its
 * previous deployment.
 */
public final class DeploymentReads {
    /** Summaries per ListDistributionTenants page. */
    public static final int PAGE = 100;

    public enum Source {
        /** One GetDistributionTenant for this tenant: few tenants wait, or the listing does not have it. */
        GET,
        /** Read the listing again (a page per {@link #PAGE} tenants of the distribution), then ask again. */
        LIST,
        /** The last listing answers it. */
        LISTING,
        /** Created or changed since the last listing started: still deploying as far as anyone knows. */
        NOT_YET
    }

    private DeploymentReads() {
    }

    /** ListDistributionTenants pages for {@code tenants} distribution tenants (at least one). */
    public static int pages(int tenants) {
        return Math.max(1, (tenants + PAGE - 1) / PAGE);
    }

    /**
     * @param waiting         distribution tenants this replica knows to be deploying
     * @param listed          tenants of the multi-tenant distribution (the last listing's count, or the quota's)
     * @param listedAt        when the last listing started; null when there is none
     * @param inListing       whether the last listing has this tenant
     * @param changedAt       when this tenant was last created or updated (its deployment started); null: unknown
     * @param interval        how often a deploying tenant is looked at
     */
    public static Source choose(int waiting, int listed, Instant listedAt, boolean inListing, Instant changedAt,
            Instant now, Duration interval) {
        boolean fresh = listedAt != null && now.isBefore(listedAt.plus(interval));
        boolean changedSince = listedAt != null && changedAt != null && listedAt.isBefore(changedAt);
        if (fresh && inListing && !changedSince) {
            return Source.LISTING; // free, and no older than one interval
        }
        if (waiting <= pages(listed)) {
            return Source.GET; // a Get each costs no more than the listing, and is exact
        }
        if (!fresh) {
            return Source.LIST;
        }
        // Created or changed after the listing started: deploying. Not listed though it existed before: gone, or
        // not on this distribution; only a Get can say which.
        return changedSince ? Source.NOT_YET : Source.GET;
    }
}
