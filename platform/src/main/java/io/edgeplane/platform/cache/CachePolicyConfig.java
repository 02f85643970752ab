package io.edgeplane.platform.cache;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Cache rules from configuration, in order, e.g.
 * {@code edgeplane.cache.rules[0].name=reports}, {@code edgeplane.cache.rules[0].pattern=reports/**.xlsx},
 * {@code edgeplane.cache.rules[0].cache-control=public, max-age=300}. Absent: {@link CachePolicy#defaults()}.
 * Configured rules replace the defaults entirely; end them with a catch-all {@code **}.
 */
@ConfigMapping(prefix = "edgeplane.cache")
public interface CachePolicyConfig {
    Optional<List<Rule>> rules();

    interface Rule {
        String name();

        /** Glob over the object key, or {@code regex:<java regex>}. */
        String pattern();

        String cacheControl();
    }
}
