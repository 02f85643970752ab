package io.edgeplane.platform.cache;

import java.util.List;

/**
 * Which Cache-Control an object gets, decided by its key: ordered rules, first match wins, and a
 * catch-all so every key gets a decision. One engine for data files, deployments and media.
 */
public final class CachePolicy {
    public static final String ONE_YEAR_IMMUTABLE = "public, max-age=31536000, immutable";

    private final List<CacheRule> rules;

    public CachePolicy(List<CacheRule> rules) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a cache policy needs at least one rule");
        }
        this.rules = List.copyOf(rules);
    }

    /**
     * The seeds' values. Seed 000: JSON data 5 minutes. Seed 002: versioned (content-hashed) assets
     * a year, HTML an hour, user uploads a day, API never. Seed 004: {@code .mp4} 7 days, general
     * content 24 hours. Media segments (CMAF {@code .m4s} fragments and their {@code init.mp4} headers, TS)
     * and renditions under versioned keys never change, so a year and {@code immutable}; HLS playlists and
     * DASH manifests (seed 004's "HLS/DASH streaming content") stay short so a replaced stream is picked up
     * quickly.
     */
    public static CachePolicy defaults() {
        return new CachePolicy(List.of(
                CacheRule.of("api", "api/**", "no-store"),
                CacheRule.of("hls-segment", "**/*.{ts,m4s,aac}", ONE_YEAR_IMMUTABLE),
                CacheRule.of("cmaf-init", "media/**/stream/**/init.mp4", ONE_YEAR_IMMUTABLE),
                CacheRule.of("hls-playlist", "**/*.m3u8", "public, max-age=60"),
                CacheRule.of("dash-manifest", "**/*.mpd", "public, max-age=60"),
                CacheRule.of("media-rendition", "media/**/renditions/**", ONE_YEAR_IMMUTABLE),
                CacheRule.of("content-hashed-asset",
                        "regex:(?:.*/)?[^/]+[.-][0-9a-fA-F]{8,}\\.(?:js|mjs|css|map|woff2?|ttf|otf|eot|svg|png|jpe?g|gif|webp|avif|ico|json|wasm)",
                        ONE_YEAR_IMMUTABLE),
                CacheRule.of("video-mp4", "**/*.mp4", "public, max-age=604800"),
                CacheRule.of("html", "{**/*.html,**/*.htm}", "public, max-age=3600"),
                CacheRule.of("json-data", "**/*.json", "public, max-age=300"),
                CacheRule.of("uploads", "uploads/**", "public, max-age=86400"),
                CacheRule.of("default", "**", "public, max-age=86400")));
    }

    public CacheRule ruleFor(String key) {
        String relative = key.startsWith("/") ? key.substring(1) : key;
        for (CacheRule rule : rules) {
            if (rule.matches(relative)) {
                return rule;
            }
        }
        throw new IllegalStateException("no cache rule matches '" + key + "'; end the rules with a catch-all '**'");
    }

    public String cacheControl(String key) {
        return ruleFor(key).cacheControl();
    }

    /** Whether objects under this key never change (so a changed byte means a new key, not an invalidation). */
    public boolean isImmutable(String key) {
        return cacheControl(key).contains("immutable");
    }

    public List<CacheRule> rules() {
        return rules;
    }
}
