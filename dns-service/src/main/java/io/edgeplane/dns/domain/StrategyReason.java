package io.edgeplane.dns.domain;

/** Why a tenant got its strategy; the seed's rules in the order they are applied. */
public enum StrategyReason {
    CUSTOM_DOMAIN("a custom domain gets a distribution tenant of the multi-tenant distribution (its own domains and"
            + " managed certificate, no distribution of its own)"),
    /** Distribution tenants disabled ({@code edgeplane.dns.saas.enabled=false}): the seed's original rule. */
    CUSTOM_DOMAIN_INDIVIDUAL("a custom domain needs its own certificate and alias; distribution tenants are disabled,"
            + " so it gets an individual distribution"),
    REQUESTED("the tenant requested this strategy"),
    ENTERPRISE_TIER("enterprise tier with individual distributions enabled and quota left: a distribution of its own"
            + " can carry a different origin and behaviour set than the multi-tenant template"),
    HIGH_TRAFFIC("high traffic tier or page views above the threshold: its own distribution's request and transfer"
            + " quotas and cache, not shared with other tenants"),
    COMPLIANCE("compliance requirements ask for a separate distribution (its own access logs, WAF and origin"
            + " settings, which a distribution tenant shares with the template)"),
    QUOTA_FALLBACK("would qualify for an individual distribution, but the quota is exhausted"),
    DEFAULT("standard tenants share one distribution");

    private final String words;
    /** Computed once: every tenant's state carries it. */
    private final String code;

    StrategyReason(String words) {
        this.words = words;
        this.code = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public String words() {
        return words;
    }

    public String code() {
        return code;
    }
}
