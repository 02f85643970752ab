package io.edgeplane.dns.domain;

/**
 * A CloudFront distribution as the dns-service tracks it.
 *
 * @param status   {@code InProgress} or {@code Deployed}
 * @param tenantId from the {@code edgeplane:tenant} tag; null for the shared one
 */
public record DistributionRef(String id, String domainName, String status, boolean enabled, String tenantId) {
    public boolean deployed() {
        return "Deployed".equals(status);
    }
}
