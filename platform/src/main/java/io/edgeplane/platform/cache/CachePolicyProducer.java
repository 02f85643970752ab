package io.edgeplane.platform.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service's cache policy: configured rules, or the seeds' defaults. */
@ApplicationScoped
public class CachePolicyProducer {
    @Produces
    @Singleton
    CachePolicy cachePolicy(CachePolicyConfig config) {
        return config.rules()
                .map(rules -> new CachePolicy(rules.stream()
                        .map(r -> CacheRule.of(r.name(), r.pattern(), r.cacheControl())).toList()))
                .orElseGet(CachePolicy::defaults);
    }
}
