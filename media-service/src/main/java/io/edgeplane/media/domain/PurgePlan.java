package io.edgeplane.media.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to remove when a media item is replaced: the previous outputs that the new version does not
 * reuse are deleted from the bucket and purged from the edge. Few paths are named one by one; many
 * (an HLS ladder has hundreds of segments) collapse into one wildcard per old version directory,
 * which CloudFront bills as one path.
 *
 * @param deleteKeys   object keys to delete
 * @param viewerPaths  paths to invalidate (leading {@code /})
 */
public record PurgePlan(List<String> deleteKeys, List<String> viewerPaths) {
    public static final PurgePlan NOTHING = new PurgePlan(List.of(), List.of());

    public boolean isEmpty() {
        return deleteKeys.isEmpty();
    }

    public static PurgePlan plan(List<String> previousKeys, List<String> currentKeys, int maxExactPaths) {
        Set<String> keep = Set.copyOf(currentKeys);
        List<String> delete = new ArrayList<>(new LinkedHashSet<>(previousKeys));
        delete.removeIf(keep::contains);
        if (delete.isEmpty()) {
            return NOTHING;
        }
        List<String> paths = new ArrayList<>();
        if (delete.size() <= maxExactPaths) {
            delete.forEach(k -> paths.add("/" + k));
        } else {
            Set<String> prefixes = new LinkedHashSet<>();
            for (String key : delete) {
                prefixes.add(versionDirectory(key));
            }
            prefixes.forEach(p -> paths.add("/" + p + "*"));
        }
        return new PurgePlan(List.copyOf(delete), List.copyOf(paths));
    }

    /** {@code media/{id}/{version}/} of a key under the output layout; the key's parent otherwise. */
    static String versionDirectory(String key) {
        String[] parts = key.split("/");
        if (parts.length >= 4 && parts[0].equals("media")) {
            return parts[0] + "/" + parts[1] + "/" + parts[2] + "/";
        }
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }
}
