package io.edgeplane.invalidation.service;

import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventType;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.events.TenantMigrated;
import io.edgeplane.events.Topics;
import io.edgeplane.invalidation.domain.DistributionTenants;
import io.edgeplane.platform.messaging.OwnOutputs;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Teaches {@link DistributionTenants} from the dns-service's announcements on {@code edgeplane.tenants.dns}: read
 * from the topic's beginning at start-up (the topic is keyed by tenant and holds each tenant's latest state), then
 * followed. Only records whose ce_source is the configured dns-service source are read (platform
 * {@link OwnOutputs} skips every other source before decoding), so a TenantDnsReady forged by another producer
 * teaches nothing.
 */
final class DistributionTenantAnnouncements {
    private static final Logger LOG = Logger.getLogger(DistributionTenantAnnouncements.class);
    static final Set<EventType> TYPES = EnumSet.of(EventType.TENANT_DNS_READY, EventType.TENANT_MIGRATED);

    private DistributionTenantAnnouncements() {
    }

    /**
     * Starts following, or returns null (nothing learned, every tenant goes the distribution path) when the source
     * is not allowed on the topic by {@code edgeplane.sources.allowed}.
     */
    static OwnOutputs follow(Map<String, Object> kafka, String source, Set<String> allowedOnTopic,
            Duration timeout, DistributionTenants into) {
        if (allowedOnTopic != null && !allowedOnTopic.contains(source)) {
            LOG.errorf("edgeplane.invalidation.distribution-tenant.source '%s' is not in edgeplane.sources.allowed.\"%s\" "
                    + "%s [source-not-allowed]: distribution tenants are not followed, every tenant's changes go to "
                    + "its distribution", source, Topics.TENANTS_DNS, allowedOnTopic);
            return null;
        }
        return OwnOutputs.follow("distribution-tenants", kafka, Set.of(Topics.TENANTS_DNS), source, Instant.EPOCH,
                TYPES, timeout, event -> learn(event, into));
    }

    static void learn(EdgeplaneEvent event, DistributionTenants into) {
        String outcome = switch (event) {
            case TenantDnsReady r -> into.announced(r.tenantId(), r.strategy() == DistributionStrategy.DISTRIBUTION_TENANT,
                    r.distributionId(), r.distributionTenantId());
            // A migration naming no distribution tenant on its target side adds nothing to the TenantDnsReady
            // that announces the same switch: it must not undo what that one taught.
            case TenantMigrated m when m.toStrategy() == DistributionStrategy.DISTRIBUTION_TENANT
                    && m.toDistributionTenantId() == null -> null;
            case TenantMigrated m -> into.announced(m.tenantId(),
                    m.toStrategy() == DistributionStrategy.DISTRIBUTION_TENANT, m.toDistributionId(),
                    m.toDistributionTenantId());
            default -> null;
        };
        if (outcome != null && (outcome.startsWith("contradiction") || outcome.startsWith("ignored"))) {
            LOG.warn(outcome);
        } else if (outcome != null) {
            LOG.debug(outcome);
        }
    }
}
