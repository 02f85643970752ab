package io.edgeplane.dns.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When the waiter looks again at a distribution tenant that is not ready, by stage. Each look costs CloudFront
 * reads (GetDistributionTenant, then VerifyDnsConfiguration per custom domain, then the certificate), so the pace
 * follows what is awaited: a deployment takes minutes (a short fixed interval), a managed certificate is issued
 * minutes after the CNAME is seen (a medium one), while a customer's CNAME may take days or never come
 * (exponential backoff from {@code customerDnsFirst}, doubling up to {@code customerDnsMax}). Past
 * {@code maxWait} from the request the tenant gets an answer instead of another look; the last look is scheduled
 * at that deadline, never after it.
 *
 * @param deploying        interval while the distribution tenant deploys
 * @param certificate      interval while its managed certificate is pending
 * @param customerDnsFirst first interval while the customer's CNAME is missing
 * @param customerDnsMax   cap of the doubling intervals while the customer's CNAME is missing
 * @param maxWait          how long after the request the tenant may wait before it fails (customer-dns-timeout)
 */
public record SaasPollSchedule(Duration deploying, Duration certificate, Duration customerDnsFirst,
        Duration customerDnsMax, Duration maxWait) {

    public SaasPollSchedule {
        positive("deploying", deploying);
        positive("certificate", certificate);
        positive("customerDnsFirst", customerDnsFirst);
        positive("customerDnsMax", customerDnsMax);
        positive("maxWait", maxWait);
        if (customerDnsMax.compareTo(customerDnsFirst) < 0) {
            throw new IllegalArgumentException("customerDnsMax (" + customerDnsMax + ") must be >= customerDnsFirst ("
                    + customerDnsFirst + ")");
        }
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
        }
    }

    /**
     * The wait after the {@code looks}-th consecutive look that found the tenant in {@code stage} (looks >= 1).
     */
    public Duration delayAfter(DistributionTenantProgress.Stage stage, int looks) {
        if (looks < 1) {
            throw new IllegalArgumentException("looks must be >= 1, got " + looks);
        }
        return switch (stage) {
            case DEPLOYING -> deploying;
            case CERTIFICATE -> certificate;
            case CUSTOMER_DNS -> {
                // first * 2^(looks-1), capped; the shift is bounded so it cannot overflow
                int doublings = Math.min(looks - 1, 40);
                Duration d = customerDnsFirst;
                for (int i = 0; i < doublings && d.compareTo(customerDnsMax) < 0; i++) {
                    d = d.multipliedBy(2);
                }
                yield d.compareTo(customerDnsMax) > 0 ? customerDnsMax : d;
            }
            case READY, FAILED -> throw new IllegalArgumentException("nothing to wait for in stage " + stage);
        };
    }

    /** When the tenant stops waiting and fails (retryable): {@code maxWait} after it was requested. */
    public Instant deadline(Instant waitingSince) {
        return waitingSince.plus(maxWait);
    }

    /** True once the wait that started at {@code waitingSince} has lasted {@code maxWait}. */
    public boolean expired(Instant waitingSince, Instant now) {
        return !now.isBefore(deadline(waitingSince));
    }

    /** The next look after the {@code looks}-th one at {@code now}; never later than the deadline. */
    public Instant nextLook(DistributionTenantProgress.Stage stage, int looks, Instant now, Instant waitingSince) {
        Instant next = now.plus(delayAfter(stage, looks));
        Instant deadline = deadline(waitingSince);
        return next.isAfter(deadline) ? deadline : next;
    }

    /** Consecutive looks in a stage: one more when the stage is unchanged, else the first of the new stage. */
    public static int looks(String previousWaitingFor, int previousLooks, DistributionTenantProgress.Stage stage) {
        return stage.waitingFor() != null && stage.waitingFor().equals(previousWaitingFor) ? previousLooks + 1 : 1;
    }
}
