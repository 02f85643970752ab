package io.edgeplane.dns.messaging;

/** Incoming channels of the dns-service; tests reuse these names. */
public final class DnsChannels {
    /** TenantProvisioned, TenantUpdated and TenantDeprovisioned from tenant management, in order per tenant. */
    public static final String TENANT_LIFECYCLE = "tenant-lifecycle";
    /** Internal: tenants' change requests keyed by hosted zone, consumed by the zone's one writer. */
    public static final String ZONE_CHANGES = "zone-changes";

    private DnsChannels() {
    }
}
