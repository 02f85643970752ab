package io.edgeplane.invalidation.domain;

import java.util.Map;
import java.util.Set;

/**
 * What one distribution has pending, and what CloudFront can take right now.
 *
 * @param paths             exact encoded paths that changed (duplicates already merged)
 * @param requested         wildcards and tags a caller asked for explicitly; always kept
 * @param tagCandidates     for distributions set up for cache tags: tag (no {@code #}, case-sensitive)
 *                          to the pending paths whose objects carry it; empty otherwise
 * @param freePathSlots     file paths that may still enter CloudFront now (3,000 minus in progress)
 * @param freeWildcardSlots wildcard (and tag) items that may still enter now (15 minus in progress)
 */
public record PlanInput(Set<String> paths, Set<InvalidationItem> requested, Map<String, Set<String>> tagCandidates,
        int freePathSlots, int freeWildcardSlots) {

    public PlanInput {
        paths = Set.copyOf(paths);
        requested = Set.copyOf(requested);
        tagCandidates = Map.copyOf(tagCandidates);
    }

    public static PlanInput paths(Set<String> paths, int freePathSlots, int freeWildcardSlots) {
        return new PlanInput(paths, Set.of(), Map.of(), freePathSlots, freeWildcardSlots);
    }
}
