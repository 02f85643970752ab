package io.edgeplane.dns.service;

import io.edgeplane.dns.domain.DeploymentReads;
import io.edgeplane.dns.domain.DistributionTenantPage;
import io.edgeplane.dns.domain.DistributionTenants;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Which of this replica's waiting distribution tenants are deployed, read from ListDistributionTenants a page (100)
 * at a time when that costs fewer reads than one GetDistributionTenant per tenant ({@link DeploymentReads}). A burst
 * of 10,000 new tenants then costs 100 reads per look interval instead of 10,000. Every page waits for the same read
 * budget as the Gets. The listing also keeps the set of deploying tenants exact: a tenant it shows deployed, or no
 * longer lists, stops counting.
 */
final class DeploymentBoard {
    private static final Logger LOG = Logger.getLogger(DeploymentBoard.class);

    /** The last listing: id → deployed, and when it started (what it says is at least that fresh). */
    private record Listing(Instant startedAt, Map<String, Boolean> deployed) {
    }

    /** What a look learned without a Get; {@link #ASK} when only a Get can tell. */
    enum Answer {
        DEPLOYED, DEPLOYING, ASK
    }

    private final DistributionTenants tenants;
    private final String distributionId;
    private final Runnable read;
    private final Clock clock;
    private final Duration interval;
    /** Tenants known to be deploying, and since when (their create or update, or the Get that saw them so). */
    private final Map<String, Instant> deploying = new ConcurrentHashMap<>();
    /**
     * Tenants seen deployed and not changed by Edgeplane since: a deployment does not undo itself, so their later
     * looks (customer DNS, certificate) need no deployment read at all.
     */
    private final Set<String> deployed = ConcurrentHashMap.newKeySet();
    private final IntSupplier knownTenants;
    private volatile Listing listing;
    /** When a listing last failed: Gets answer the looks for one interval, then a listing is tried again. */
    private volatile Instant failedAt;

    /**
     * @param read         waits for one unit of the read budget
     * @param knownTenants the distribution's tenants before the first listing (the quota's count)
     * @param interval     how often a deploying tenant is looked at: at most one listing per interval
     */
    DeploymentBoard(DistributionTenants tenants, String distributionId, Runnable read, Clock clock, Duration interval,
            IntSupplier knownTenants) {
        this.tenants = tenants;
        this.knownTenants = knownTenants;
        this.distributionId = distributionId;
        this.read = read;
        this.clock = clock;
        this.interval = interval;
    }

    /** The tenant was just created or updated, or a Get saw it deploying. */
    void deploying(String id, Instant since) {
        deployed.remove(id);
        deploying.merge(id, since, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The tenant was seen deployed: it no longer waits, and stays deployed until Edgeplane changes it. */
    void deployed(String id) {
        deploying.remove(id);
        deployed.add(id);
    }

    /** The tenant is gone (deleted, or found missing). */
    void gone(String id) {
        deploying.remove(id);
        deployed.remove(id);
    }

    int waiting() {
        return deploying.size();
    }

    /** Whether the tenant is deployed, from the last listing (read again when it is due), or ASK. */
    Answer look(String id) {
        if (deployed.contains(id)) {
            return Answer.DEPLOYED;
        }
        for (int pass = 0; pass < 2; pass++) {
            Listing l = listing;
            Instant now = clock.now();
            Instant failed = failedAt;
            if (failed != null && now.isBefore(failed.plus(interval))) {
                return Answer.ASK;
            }
            Boolean seen = l == null ? null : l.deployed().get(id);
            int listed = l == null ? knownTenants.getAsInt() : l.deployed().size();
            // Once listed for this look, the listing answers it even if it left few tenants waiting.
            int waiting = pass == 0 ? deploying.size() : Integer.MAX_VALUE;
            switch (DeploymentReads.choose(waiting, listed, l == null ? null : l.startedAt(), seen != null,
                    deploying.get(id), now, interval)) {
                case GET -> {
                    return Answer.ASK;
                }
                case LISTING -> {
                    if (seen) {
                        deployed(id);
                        return Answer.DEPLOYED;
                    }
                    return Answer.DEPLOYING;
                }
                case NOT_YET -> {
                    return Answer.DEPLOYING;
                }
                case LIST -> refresh(l);
            }
        }
        return Answer.ASK;
    }

    /** Reads the listing again unless another look did since {@code seen}; one listing at a time. */
    private synchronized void refresh(Listing seen) {
        if (listing != seen || failedAt != null && clock.now().isBefore(failedAt.plus(interval))) {
            return; // another look listed (or failed to) meanwhile
        }
        Instant started = clock.now();
        Map<String, Boolean> states = new HashMap<>();
        String marker = null;
        int pages = 0;
        try {
            do {
                read.run();
                DistributionTenantPage page = tenants.page(distributionId, marker);
                pages++;
                page.tenants().forEach(t -> states.put(t.id(), t.deployed()));
                marker = page.nextMarker();
            } while (marker != null);
        } catch (RuntimeException e) {
            LOG.warnf("Listing the distribution tenants failed after %d page(s) (%s); looks ask one by one meanwhile",
                    pages, e.getMessage());
            failedAt = started;
            return;
        }
        // Deployed, or gone (deleted elsewhere) since it was noted: no longer waiting.
        deploying.forEach((id, since) -> {
            Boolean listed = states.get(id);
            if (since.isBefore(started) && listed == null) {
                gone(id);
            } else if (since.isBefore(started) && listed) {
                deployed(id);
            }
        });
        failedAt = null;
        listing = new Listing(started, Map.copyOf(states));
        LOG.debugf("Listed %d distribution tenants in %d page(s); %d still deploying", states.size(), pages,
                deploying.size());
    }
}
