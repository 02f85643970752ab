package io.edgeplane.dns.domain;

import java.util.List;

/** The CloudFront operations behind individual distributions (AWS SDK adapter or simulated CloudFront). */
public interface Distributions {
    /** CreateDistributionWithTags. Idempotent for the same caller reference and configuration. */
    DistributionRef create(DistributionSpec spec);

    /** GetDistribution: the current status. */
    DistributionRef get(String id);

    /** ListDistributions (all pages), keeping only those tagged {@code edgeplane:managed=true}. */
    List<DistributionRef> listOurs();

    /** Removes the aliases and disables the distribution (an UpdateDistribution); it then redeploys. */
    void retire(String id);

    /** DeleteDistribution of a disabled, deployed distribution; false while it is still deploying. */
    boolean delete(String id);
}
