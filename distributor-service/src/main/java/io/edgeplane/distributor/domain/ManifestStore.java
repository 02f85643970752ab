package io.edgeplane.distributor.domain;

/** Where the distributor keeps its manifests, one per dataset. */
public interface ManifestStore {
    /** The manifest of {@code datasetId}, or an empty one for {@code bucket} when none exists. */
    DistributionManifest load(String datasetId, String bucket);

    void save(String datasetId, DistributionManifest manifest);
}
