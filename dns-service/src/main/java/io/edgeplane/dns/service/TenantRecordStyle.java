package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.DnsPolicy;
import io.edgeplane.dns.domain.RecordStyle;
import io.edgeplane.dns.domain.TenantLabel;
import io.edgeplane.dns.domain.TenantStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;

/** The configured domain settings as domain objects, built once. */
@ApplicationScoped
public class TenantRecordStyle {
    @Inject
    DnsConfig config;

    public RecordStyle get() {
        RecordStyle.Mode mode = "cname".equalsIgnoreCase(config.records().mode()) ? RecordStyle.Mode.CNAME
                : RecordStyle.Mode.ALIAS;
        return new RecordStyle(mode, config.records().cnameTtl(), config.records().ipv6(), config.records().wildcard());
    }

    public DnsPolicy policy() {
        return DnsPolicy.parse(config.policy());
    }

    public TenantLabel labels() {
        return new TenantLabel(new HashSet<>(config.reservedLabels()));
    }

    public TenantStrategy.Settings strategySettings() {
        return new TenantStrategy.Settings(config.individual().enterprise(), config.individual().highTrafficPageViews(),
                config.saas().enabled());
    }
}
