package io.edgeplane.distributor.deployment.domain;

import io.edgeplane.platform.cache.CacheRule;
import java.util.List;
import java.util.function.Predicate;

/**
 * Files viewers enter a site by (HTML, a service worker, the web manifest...): they reference the
 * rest, so they are copied last and deleted never before their replacement is in place. Patterns use
 * the cache rules' glob syntax over the build-relative path.
 */
public final class EntryPoints implements Predicate<String> {
    public static final List<String> DEFAULT_PATTERNS = List.of("**/*.html", "**/*.htm", "**/sw.js",
            "**/service-worker.js", "**/manifest.webmanifest", "**/manifest.json", "robots.txt", "sitemap.xml");

    private final List<CacheRule> patterns;

    public EntryPoints(List<String> patterns) {
        this.patterns = patterns.stream().map(p -> CacheRule.of("entry-point", p, "n/a")).toList();
    }

    public static EntryPoints defaults() {
        return new EntryPoints(DEFAULT_PATTERNS);
    }

    @Override
    public boolean test(String path) {
        return patterns.stream().anyMatch(p -> p.matches(path));
    }
}
