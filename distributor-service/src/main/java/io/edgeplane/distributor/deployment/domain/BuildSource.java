package io.edgeplane.distributor.deployment.domain;

/** Lists a build where CI left it. */
public interface BuildSource {
    /** Every file under {@code bucket}/{@code prefix}, in key order; empty when there is none. Close it when done. */
    BuildListing list(String bucket, String prefix);
}
