package io.edgeplane.distributor.deployment.domain;

/** Lists a build where CI left it. */
public interface BuildSource {
    /** Every file under {@code bucket}/{@code prefix}; an empty manifest when there is none. */
    BuildManifest read(String bucket, String prefix);
}
