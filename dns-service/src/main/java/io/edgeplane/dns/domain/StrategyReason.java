package io.edgeplane.dns.domain;

/** Why a tenant got its strategy; the seed's rules in the order they are applied. */
public enum StrategyReason {
    CUSTOM_DOMAIN("a custom domain needs an individual distribution (its own certificate and alias)"),
    REQUESTED("the tenant requested this strategy"),
    ENTERPRISE_TIER("enterprise tier with individual distributions enabled and quota left"),
    HIGH_TRAFFIC("high traffic tier or page views above the threshold"),
    COMPLIANCE("compliance requirements ask for an isolated distribution"),
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
