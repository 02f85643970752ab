package io.edgeplane.dns.domain;

/**
 * Why a tenant cannot get its hostname: a machine-readable rule (as in TenantDnsFailed), the reason in words,
 * and whether sending the request again can help.
 */
public record RuleViolation(String rule, String reason, boolean retryable) {
    public static RuleViolation of(String rule, String reason) {
        return new RuleViolation(rule, reason, false);
    }

    @Override
    public String toString() {
        return "[" + rule + "] " + reason;
    }
}
