package io.edgeplane.distributor.deployment.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the distributor last wrote under one served prefix. Kept as a small document the
 * distributor itself writes (the service has no {@code s3:GetObject} on served content), so
 * "what is there" is known without reading the objects back.
 *
 * @param buildId the build the prefix was last synced to (null: never)
 * @param dirty   a sync started and did not record its end (a crash): the hashes are not to be trusted
 */
public record LiveManifest(String buildId, boolean dirty, List<LiveFile> files) {
    public LiveManifest {
        files = files.stream().sorted(Comparator.comparing(LiveFile::path)).toList();
    }

    public static LiveManifest empty() {
        return new LiveManifest(null, false, List.of());
    }

    public static LiveManifest of(String buildId, Collection<LiveFile> files) {
        return new LiveManifest(buildId, false, List.copyOf(files));
    }

    public Map<String, LiveFile> byPath() {
        Map<String, LiveFile> map = new LinkedHashMap<>();
        files.forEach(f -> map.put(f.path(), f));
        return map;
    }

    public Optional<LiveFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * Before a sync replaces {@code paths}: their bytes are unknown until the sync records its end, so
     * after a crash exactly these are copied and reported again, and every other hash stays trusted.
     */
    public LiveManifest changing(java.util.Collection<String> paths) {
        java.util.Set<String> replaced = new java.util.HashSet<>(paths);
        return new LiveManifest(buildId, dirty, files.stream()
                .map(f -> replaced.contains(f.path()) ? f.withUnknownContent() : f).toList());
    }

    public LiveManifest markDirty() {
        return new LiveManifest(buildId, true, files);
    }
}
