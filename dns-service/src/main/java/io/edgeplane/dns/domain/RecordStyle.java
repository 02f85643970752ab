package io.edgeplane.dns.domain;

import io.edgeplane.events.DistributionStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * How a hostname points at its distribution: ALIAS A (+ AAAA) to CloudFront's zone, or a CNAME, and whether
 * the base domain's wildcard serves shared tenants.
 *
 * @param wildcard one {@code *.<base>} record serves every shared tenant, with no per-tenant write
 */
public record RecordStyle(Mode mode, long cnameTtl, boolean ipv6, boolean wildcard) {
    public enum Mode {
        ALIAS, CNAME
    }

    public static final RecordStyle DEFAULT = new RecordStyle(Mode.ALIAS, 300, true, false);

    /** The records a tenant needs at its hostname; empty for a shared tenant in wildcard mode. */
    public List<RecordSet> forTenant(Hostname hostname, DistributionStrategy strategy, String distributionDomain) {
        if (strategy == DistributionStrategy.SHARED && wildcard) {
            return List.of();
        }
        return pointing(hostname.fqdn(), distributionDomain);
    }

    /** The wildcard records of a base domain (only meaningful in wildcard mode). */
    public List<RecordSet> wildcardFor(String baseDomain, String sharedDomain) {
        return pointing("*." + DnsNames.normalize(baseDomain), sharedDomain);
    }

    private List<RecordSet> pointing(String name, String distributionDomain) {
        List<RecordSet> records = new ArrayList<>(2);
        if (mode == Mode.CNAME) {
            records.add(RecordSet.of(name, RecordType.CNAME, cnameTtl, DnsNames.normalize(distributionDomain)));
            return records;
        }
        AliasTarget target = AliasTarget.cloudFront(distributionDomain);
        records.add(RecordSet.alias(name, RecordType.A, target));
        if (ipv6) {
            records.add(RecordSet.alias(name, RecordType.AAAA, target));
        }
        return records;
    }
}
