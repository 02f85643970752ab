package io.edgeplane.dns.domain;

/** The record types Edgeplane writes or has to recognise at a tenant's name. */
public enum RecordType {
    A, AAAA, CNAME, TXT, MX, NS, SOA, CAA, SRV, PTR, SPF, NAPTR, DS, HTTPS, SVCB;

    /** Lenient parse for listings: an unknown type is kept as TXT-like foreign data rather than failing a zone read. */
    public static RecordType parse(String value) {
        try {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return TXT;
        }
    }
}
