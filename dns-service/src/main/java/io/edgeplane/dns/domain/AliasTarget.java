package io.edgeplane.dns.domain;

import java.util.Objects;

/**
 * Where a Route 53 ALIAS record points. For CloudFront the hosted zone id is always {@link #CLOUDFRONT_ZONE}.
 *
 * @param dnsName normalised (lower case, no trailing dot), e.g. {@code d111111abcdef8.cloudfront.net}
 */
public record AliasTarget(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {
    /** The fixed hosted zone id of every CloudFront distribution, documented by AWS for alias records. */
    public static final String CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";

    public AliasTarget {
        Objects.requireNonNull(hostedZoneId, "hostedZoneId");
        dnsName = DnsNames.normalize(Objects.requireNonNull(dnsName, "dnsName"));
    }

    public static AliasTarget cloudFront(String distributionDomain) {
        return new AliasTarget(CLOUDFRONT_ZONE, distributionDomain, false);
    }
}
