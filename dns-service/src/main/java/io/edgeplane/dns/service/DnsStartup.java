package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.messaging.DesiredStateStore;
import io.edgeplane.dns.messaging.InternalTopics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Start-up: internal topics (local stack), the desired state, then wildcard records. Interrupted clean-ups and
 * distribution-tenant waits are resumed only for the tenants in this replica's partitions of the tenant-lifecycle
 * topic: here if they were assigned before the desired state was loaded, else at their assignment.
 */
@ApplicationScoped
public class DnsStartup {
    private static final Logger LOG = Logger.getLogger(DnsStartup.class);

    @Inject
    DnsConfig config;

    @Inject
    InternalTopics topics;

    @Inject
    DesiredStateStore store;

    @Inject
    TenantDnsService tenants;

    @Inject
    WildcardRecords wildcard;

    void start(@Observes StartupEvent event) {
        if (config.topics().create()) {
            topics.createTopicsIfMissing();
        }
        store.start();
        Thread.ofVirtual().name("dns-startup").start(() -> {
            try {
                store.awaitLoaded();
                tenants.resumeHeld();
                wildcard.ensure();
            } catch (RuntimeException e) {
                LOG.errorf(e, "dns-service start-up tasks failed");
            }
        });
    }
}
