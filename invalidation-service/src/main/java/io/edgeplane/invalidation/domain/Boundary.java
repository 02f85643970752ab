package io.edgeplane.invalidation.domain;

import io.edgeplane.platform.ownership.Ownership;
import java.util.List;
import java.util.Optional;

/**
 * How wide an invalidation may go for a given path. Under an owner's area ({@code /tenants/},
 * {@code /sites/}) a wildcard never reaches above that owner's viewer root ({@code /tenants/{id}/});
 * elsewhere it never reaches above the first path segment ({@code /data/}, {@code /static/}).
 * {@code /*} is never produced here: only an explicit invalidate-all asks for it.
 *
 * @param ownerRoots viewer root templates holding {@code {id}} as a whole segment, e.g. {@code /tenants/{id}/}
 */
public record Boundary(List<String> ownerRoots) {
    /** The default layout of {@link Ownership#DEFAULTS}: {@code /tenants/{id}/} and {@code /sites/{id}/}. */
    public static final Boundary DEFAULT = of(Ownership.DEFAULTS);

    public Boundary {
        ownerRoots = List.copyOf(ownerRoots);
        for (String root : ownerRoots) {
            int id = root.indexOf("{id}");
            if (!root.startsWith("/") || !root.endsWith("/") || id < 2 || root.charAt(id - 1) != '/'
                    || root.charAt(id + 4) != '/') {
                throw new IllegalArgumentException("owner root must look like /tenants/{id}/, was " + root);
            }
        }
    }

    /** The owners' viewer roots as the one ownership model derives them. */
    public static Boundary of(Ownership ownership) {
        return new Boundary(List.of("/" + ownership.tenantServedRoot(), "/" + ownership.siteServedRoot()));
    }

    /**
     * The widest prefix a wildcard for {@code path} may use, or empty when only the exact path is
     * allowed (a file at the top level, or directly in an owners' area outside any owner).
     * Works on any prefix string, so a wildcard's own prefix can be checked the same way.
     */
    public Optional<String> of(String path) {
        for (String template : ownerRoots) {
            int at = template.indexOf("{id}");
            String area = template.substring(0, at);
            if (path.startsWith(area)) {
                int end = path.indexOf('/', area.length());
                if (end <= area.length()) {
                    return Optional.empty();
                }
                String root = template.replace("{id}", path.substring(area.length(), end));
                return path.startsWith(root) ? Optional.of(root) : Optional.empty();
            }
        }
        int end = path.indexOf('/', 1);
        return end > 1 ? Optional.of(path.substring(0, end + 1)) : Optional.empty();
    }

    /** Whether a wildcard with this prefix stays inside the boundary of everything it covers. */
    public boolean allowsWildcard(String prefix) {
        return of(prefix).map(prefix::startsWith).orElse(false);
    }

    /** The tenant id a path belongs to (the first owner root is the tenants'), if it lies in a tenant's root. */
    public Optional<String> tenantOf(String path) {
        String template = ownerRoots.getFirst();
        String area = template.substring(0, template.indexOf("{id}"));
        return path.startsWith(area) ? of(path).map(b -> b.substring(area.length(), b.indexOf('/', area.length())))
                : Optional.empty();
    }
}
