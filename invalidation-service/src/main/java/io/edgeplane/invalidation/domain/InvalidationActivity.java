package io.edgeplane.invalidation.domain;

/** What this service invalidated on a distribution over the last day. */
public record InvalidationActivity(long requests, long paths, long wildcards, long tags) {
    public static final InvalidationActivity NONE = new InvalidationActivity(0, 0, 0, 0);

    public long items() {
        return paths + wildcards + tags;
    }
}
