package io.edgeplane.invalidation.domain;

/** What CloudFront bills and counts for one entry of an invalidation batch. */
public enum ItemKind {
    /** One exact path; counts against the 3,000 file paths in progress. */
    PATH,
    /** A path ending in {@code *}; counts against the 15 wildcard paths in progress. */
    WILDCARD,
    /** A {@code #tag} item (distributions with a cache tag header only). */
    TAG;

    public String metricTag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
