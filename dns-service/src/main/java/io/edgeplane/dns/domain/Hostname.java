package io.edgeplane.dns.domain;

/**
 * A validated tenant hostname: one RFC 1123 label (ASCII, punycode for IDN) under a base domain.
 *
 * @param label      e.g. {@code acme} or {@code xn--bcher-kva}
 * @param baseDomain e.g. {@code example.com}
 */
public record Hostname(String label, String baseDomain) {
    public String fqdn() {
        return label + "." + baseDomain;
    }

    @Override
    public String toString() {
        return fqdn();
    }
}
