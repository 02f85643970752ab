package io.edgeplane.dns.domain;

/**
 * VerifyDnsConfiguration's answer for one domain: whether it already resolves to the tenant's routing endpoint.
 *
 * @param reason CloudFront's words when not valid, e.g. which record is missing
 */
public record DnsCheck(String domain, Status status, String reason) {
    public enum Status {
        VALID, INVALID, UNKNOWN
    }

    public boolean valid() {
        return status == Status.VALID;
    }
}
