package io.edgeplane.dns.domain;

/**
 * A CloudFront connection group: the CNAME / alias target its distribution tenants are reached through.
 *
 * @param routingEndpoint e.g. {@code d111111abcdef8.cloudfront.net}
 * @param status          {@code InProgress} or {@code Deployed}
 */
public record ConnectionGroupRef(String id, String name, String routingEndpoint, String status, boolean enabled,
        String etag) {
    public boolean deployed() {
        return "Deployed".equals(status);
    }
}
