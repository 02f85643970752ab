package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.Distributions;
import io.edgeplane.dns.domain.QuotaStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * How many individual distributions Edgeplane runs: counted from CloudFront (ListDistributions, those tagged
 * {@code edgeplane:managed=true}) at start-up and every ten minutes, adjusted in between as this instance creates
 * and deletes them.
 */
@ApplicationScoped
public class QuotaTracker {
    private static final Logger LOG = Logger.getLogger(QuotaTracker.class);

    @Inject
    Distributions distributions;

    @Inject
    DnsConfig config;

    private final AtomicInteger used = new AtomicInteger();
    private volatile boolean counted;

    public QuotaStatus status() {
        if (!counted) {
            refresh();
        }
        return new QuotaStatus(used.get(), config.individual().maxDistributions(), config.individual().warnAt());
    }

    @Scheduled(every = "10m", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        try {
            used.set(distributions.listOurs().size());
            counted = true;
        } catch (DnsApiException e) {
            LOG.warnf("Could not count individual distributions (%s); keeping %d", e.getMessage(), used.get());
        }
    }

    public void created() {
        used.incrementAndGet();
    }

    public void deleted() {
        used.updateAndGet(n -> Math.max(0, n - 1));
    }
}
