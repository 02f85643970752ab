package io.edgeplane.dns.service;

import io.edgeplane.dns.domain.RuleViolation;

/** A tenant cannot get its hostname for a reason worth telling tenant management (TenantDnsFailed). */
public class ProvisionFailure extends RuntimeException {
    private final transient RuleViolation violation;

    public ProvisionFailure(RuleViolation violation) {
        super(violation.toString());
        this.violation = violation;
    }

    public RuleViolation violation() {
        return violation;
    }
}
