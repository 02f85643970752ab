package io.edgeplane.invalidation.domain;

import java.util.Optional;

/**
 * How wide an invalidation may go for a given path. Below the tenant root (default
 * {@code /tenants/}) a wildcard never reaches above {@code /tenants/{id}/}; elsewhere it never
 * reaches above the first path segment ({@code /data/}, {@code /static/}). {@code /*} is never
 * produced here: only an explicit invalidate-all asks for it.
 */
public record Boundary(String tenantRoot) {
    public static final Boundary DEFAULT = new Boundary("/tenants/");

    public Boundary {
        if (tenantRoot == null || !tenantRoot.startsWith("/") || !tenantRoot.endsWith("/") || tenantRoot.length() < 3) {
            throw new IllegalArgumentException("tenant root must look like /tenants/, was " + tenantRoot);
        }
    }

    /**
     * The widest prefix a wildcard for {@code path} may use, or empty when only the exact path is
     * allowed (a file at the top level, or directly in the tenant root outside any tenant).
     * Works on any prefix string, so a wildcard's own prefix can be checked the same way.
     */
    public Optional<String> of(String path) {
        if (path.startsWith(tenantRoot)) {
            int end = path.indexOf('/', tenantRoot.length());
            return end > tenantRoot.length() ? Optional.of(path.substring(0, end + 1)) : Optional.empty();
        }
        int end = path.indexOf('/', 1);
        return end > 1 ? Optional.of(path.substring(0, end + 1)) : Optional.empty();
    }

    /** Whether a wildcard with this prefix stays inside the boundary of everything it covers. */
    public boolean allowsWildcard(String prefix) {
        return of(prefix).map(prefix::startsWith).orElse(false);
    }

    /** The tenant id a path belongs to, if it lies under the tenant root. */
    public Optional<String> tenantOf(String path) {
        return path.startsWith(tenantRoot) ? of(path).map(b -> b.substring(tenantRoot.length(), b.length() - 1))
                : Optional.empty();
    }
}
