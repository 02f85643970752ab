package io.edgeplane.distributor.deployment.domain;

import java.util.List;

/** The files of one build as found at its location ({@code bucket}/{@code prefix}). */
public record BuildManifest(String bucket, String prefix, List<BuildFile> files) {
    public BuildManifest {
        files = List.copyOf(files);
    }

    public String sourceKey(BuildFile file) {
        return prefix + file.path();
    }
}
