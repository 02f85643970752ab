package io.edgeplane.dns.rest;

import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.TenantDnsState;
import java.time.Instant;
import java.util.List;

/** Response bodies of the dns-service API. */
public final class DnsViews {
    private DnsViews() {
    }

    /**
     * A tenant's DNS state as the API shows it.
     *
     * @param waiting         what a distribution tenant waits for, in words ("waiting for the customer's DNS")
     * @param customerRecords the records the customer must create, e.g. {@code shop.acme.com CNAME d1.cloudfront.net}
     * @param pollAttempts    how many times in a row the waiter found it waiting for {@code waitingFor} (the backoff's
     *                        step: the customer-DNS wait doubles with each, up to its cap)
     * @param nextPollAt      when the waiter looks at its distribution tenant again
     */
    public record TenantDns(String tenantId, String hostname, String status, String operation, String strategy,
            String reason, String explanation, List<String> warnings, String recommendation, String target,
            String distributionId, List<String> records, List<String> desiredRecords, String failureRule,
            String failureReason, Instant requestedAt, Instant readyAt, String changeId, long generation,
            String distributionTenantId, String waitingFor, String waiting, List<String> customerRecords,
            Integer pollAttempts, Instant nextPollAt) {

        public static TenantDns of(TenantDnsState s) {
            return new TenantDns(s.tenantId(), s.hostname(), s.status().name().toLowerCase(java.util.Locale.ROOT),
                    s.operation(), s.strategy() == null ? null : s.strategy().json(), s.reason(), s.explanation(),
                    s.warnings(), s.recommendation(), s.target(), s.distributionId(),
                    s.held().stream().map(RecordSet::describe).toList(),
                    s.desired().stream().map(RecordSet::describe).toList(), s.failureRule(), s.failureReason(),
                    s.requestedAt(), s.readyAt(), s.changeId(), s.generation(), s.distributionTenantId(),
                    s.waitingFor(), waiting(s.waitingFor()), s.customerRecords(),
                    s.waitingFor() == null ? null : s.pollAttempts(), s.waitingFor() == null ? null : s.nextPollAt());
        }

        private static String waiting(String waitingFor) {
            if (waitingFor == null) {
                return null;
            }
            return switch (waitingFor) {
                case "customer-dns" -> "waiting for the customer's DNS: create the records in customerRecords";
                case "certificate" -> "waiting for CloudFront to issue the managed certificate";
                case "deployment" -> "waiting for CloudFront to deploy the distribution tenant";
                default -> "waiting for " + waitingFor;
            };
        }
    }

    /** The quota of individual distributions, or of distribution tenants. */
    public record Quota(int used, int max, double utilisation, String warning, String recommendation) {
        public static Quota of(io.edgeplane.dns.domain.QuotaStatus q) {
            return new Quota(q.used(), q.max(), q.utilisation(), q.warning(), q.recommendation());
        }
    }

    /** One row of the strategy report (the seed's tenant_deployment_analysis view). */
    public record StrategyRow(String tenantId, String hostname, String subscriptionTier, String currentStrategy,
            String currentReason, String recommendedStrategy, String recommendedReason, boolean matches,
            String status) {
    }

    /**
     * @param quota             individual distributions
     * @param distributionTenantQuota distribution tenants of the multi-tenant distribution
     */
    public record StrategyReport(Quota quota, Quota distributionTenantQuota, int total, int individual,
            int distributionTenants, int shared, int mismatched, List<StrategyRow> tenants) {
    }

    public record Conflict(String owner, String name, String rule, String reason) {
    }

    /** A zone's plan: what a reconciliation would change now. */
    public record ZonePlan(String zoneId, Instant listedAt, int recordsInZone, int listRequests, long creates,
            long updates, long deletes, int unchanged, int skippedByPolicy, int forgotten, List<Conflict> conflicts,
            List<String> changes, List<String> skippedInFlight, Integer repairsRequested) {
    }

    public record Migration(String to, String reason) {
    }
}
