package io.edgeplane.invalidation.domain;

/**
 * How many cached objects a wildcard or a tag would invalidate: the collateral side of the cost
 * model. Estimates should err high (an unknown prefix is expensive), never low.
 */
public interface ObjectPopulation {
    /** Objects whose encoded path starts with {@code prefix}. */
    long estimateUnder(String prefix);

    /** Objects carrying {@code tag} (without {@code #}); -1 when unknown. */
    default long estimateTagged(String tag) {
        return -1;
    }

    /** A population that knows nothing and answers {@code unknown} for every prefix. */
    static ObjectPopulation constant(long unknown) {
        return prefix -> unknown;
    }
}
