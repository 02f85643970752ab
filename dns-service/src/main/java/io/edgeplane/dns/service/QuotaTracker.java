package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.DistributionTenantPage;
import io.edgeplane.dns.domain.DistributionTenants;
import io.edgeplane.dns.domain.Distributions;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.QuotaStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * How many individual distributions and distribution tenants Edgeplane runs: counted from CloudFront
 * (ListDistributions and ListDistributionTenants of the multi-tenant distribution, those tagged
 * {@code edgeplane:managed=true}) at start-up and every ten minutes, adjusted in between as this instance creates
 * and deletes them.
 */
@ApplicationScoped
public class QuotaTracker {
    private static final Logger LOG = Logger.getLogger(QuotaTracker.class);

    @Inject
    Distributions distributions;

    @Inject
    DistributionTenants distributionTenants;

    @Inject
    DnsConfig config;

    private final AtomicInteger used = new AtomicInteger();
    private final AtomicInteger tenantsUsed = new AtomicInteger();
    private volatile boolean counted;
    private volatile boolean tenantsCounted;

    public QuotaStatus status() {
        if (!counted) {
            refresh();
        }
        return new QuotaStatus(used.get(), config.individual().maxDistributions(), config.individual().warnAt());
    }

    /** Distribution tenants in use against {@code edgeplane.dns.saas.max-tenants}. */
    public QuotaStatus tenantStatus() {
        if (!tenantsCounted && config.saas().enabled()) {
            refresh();
        }
        return new QuotaStatus(tenantsUsed.get(), config.saas().maxTenants(), config.individual().warnAt(),
                QuotaStatus.DISTRIBUTION_TENANT);
    }

    @Scheduled(every = "10m", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        try {
            used.set(distributions.listOurs().size());
            counted = true;
        } catch (DnsApiException e) {
            LOG.warnf("Could not count individual distributions (%s); keeping %d", e.getMessage(), used.get());
        }
        if (!config.saas().enabled()) {
            return;
        }
        try {
            tenantsUsed.set(accountTenants());
            tenantsCounted = true;
        } catch (DnsApiException e) {
            LOG.warnf("Could not count distribution tenants (%s); keeping %d", e.getMessage(), tenantsUsed.get());
        }
    }

    /**
     * Every distribution tenant in the account, a ListDistributionTenants page (100) per call: CloudFront's quota
     * counts them all, whoever created them, and counting only Edgeplane's would need a Get per tenant for its
     * tags (10,000 reads every refresh at the quota instead of 100).
     */
    private int accountTenants() {
        int count = 0;
        String marker = null;
        do {
            DistributionTenantPage page = distributionTenants.page(null, marker);
            count += page.tenants().size();
            marker = page.nextMarker();
        } while (marker != null);
        return count;
    }

    public void created() {
        used.incrementAndGet();
    }

    public void deleted() {
        used.updateAndGet(n -> Math.max(0, n - 1));
    }

    public void tenantCreated() {
        tenantsUsed.incrementAndGet();
    }

    public void tenantDeleted() {
        tenantsUsed.updateAndGet(n -> Math.max(0, n - 1));
    }
}
