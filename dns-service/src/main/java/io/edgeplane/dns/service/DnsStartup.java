package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.messaging.DesiredStateStore;
import io.edgeplane.dns.messaging.InternalTopics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Start-up: internal topics (local stack), the desired state, then interrupted clean-ups and wildcard records. */
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
                tenants.resumeCleanups();
                wildcard.ensure();
            } catch (RuntimeException e) {
                LOG.errorf(e, "dns-service start-up tasks failed");
            }
        });
    }
}
