package io.edgeplane.dns.domain;

/** What Edgeplane may do to records it owns (external-dns' policies). Records it does not own are never touched. */
public enum DnsPolicy {
    /** Create, update and delete owned records: the zone follows the desired state. */
    SYNC,
    /** Create and update, never delete (a deprovisioned tenant's records stay until removed by hand). */
    UPSERT_ONLY,
    /** Only create missing records; never change or delete anything. */
    CREATE_ONLY;

    public boolean mayUpdate() {
        return this != CREATE_ONLY;
    }

    public boolean mayDelete() {
        return this == SYNC;
    }

    public static DnsPolicy parse(String value) {
        return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
