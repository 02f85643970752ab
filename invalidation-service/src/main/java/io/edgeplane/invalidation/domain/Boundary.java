package io.edgeplane.invalidation.domain;

import io.edgeplane.platform.ownership.Ownership;
import java.util.List;
import java.util.Optional;

/**
 * How wide an invalidation may go for a given path. Under an owner's area ({@code /tenants/},
 * {@code /sites/}) a wildcard never reaches above that owner's viewer root ({@code /tenants/{id}/});
 * under a media item's area never above the item's version ({@code /media/{id}/{version}/}: a change of
 * one item never empties the others); elsewhere it never reaches above the first path segment
 * ({@code /data/}, {@code /static/}). {@code /*} is never produced here: only an explicit
 * invalidate-all asks for it.
 *
 * @param roots root templates: an area of literal segments, then segments that are placeholders
 *              ({@code {id}}) or literals, ending in {@code /}; the first one is the tenants' ({@link #tenantOf})
 */
public record Boundary(List<String> roots) {
    /** Where the media-service writes an item's outputs (its OutputLayout): one version per directory. */
    public static final String MEDIA_ITEM_ROOT = "/media/{id}/{version}/";

    /** The default layout: {@link Ownership#DEFAULTS}' owner roots and {@link #MEDIA_ITEM_ROOT}. */
    public static final Boundary DEFAULT = of(Ownership.DEFAULTS);

    public Boundary {
        roots = List.copyOf(roots);
        for (String root : roots) {
            int first = root.indexOf('{');
            if (!root.startsWith("/") || !root.endsWith("/") || first < 2 || root.charAt(first - 1) != '/'
                    || root.contains("//")) {
                throw new IllegalArgumentException("root must look like /tenants/{id}/, was " + root);
            }
        }
    }

    /** The owners' viewer roots as the one ownership model derives them, and the media item root. */
    public static Boundary of(Ownership ownership) {
        return new Boundary(List.of("/" + ownership.tenantServedRoot(), "/" + ownership.siteServedRoot(),
                MEDIA_ITEM_ROOT));
    }

    /**
     * The widest prefix a wildcard for {@code path} may use, or empty when only the exact path is
     * allowed (a file at the top level, or in an area above any root).
     * Works on any prefix string, so a wildcard's own prefix can be checked the same way.
     */
    public Optional<String> of(String path) {
        for (String template : roots) {
            int first = template.indexOf('{');
            String area = template.substring(0, first);
            if (!path.startsWith(area)) {
                continue;
            }
            // Each segment after the area: a placeholder takes any segment of the path, a literal must match.
            int end = area.length() - 1;
            for (String segment : template.substring(first, template.length() - 1).split("/")) {
                int next = path.indexOf('/', end + 1);
                if (next <= end + 1 || !segment.startsWith("{") && !segment.equals(path.substring(end + 1, next))) {
                    return Optional.empty();
                }
                end = next;
            }
            return Optional.of(path.substring(0, end + 1));
        }
        int end = path.indexOf('/', 1);
        return end > 1 ? Optional.of(path.substring(0, end + 1)) : Optional.empty();
    }

    /** Whether a wildcard with this prefix stays inside the boundary of everything it covers. */
    public boolean allowsWildcard(String prefix) {
        return of(prefix).map(prefix::startsWith).orElse(false);
    }

    /** The tenant id a path belongs to (the first root is the tenants'), if it lies in a tenant's root. */
    public Optional<String> tenantOf(String path) {
        String template = roots.getFirst();
        String area = template.substring(0, template.indexOf('{'));
        return path.startsWith(area) ? of(path).map(b -> b.substring(area.length(), b.indexOf('/', area.length())))
                : Optional.empty();
    }
}
