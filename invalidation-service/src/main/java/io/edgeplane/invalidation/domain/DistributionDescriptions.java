package io.edgeplane.invalidation.domain;

/** GetDistribution, behind an interface: the AWS SDK or the simulated distribution. */
public interface DistributionDescriptions {
    /** @throws CloudFrontFailure e.g. {@code NoSuchDistribution} */
    DistributionSummary describe(String distributionId);
}
