package io.edgeplane.invalidation.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One unit of "these things changed" for a distribution: a FilesDistributed event or a REST
 * request, already normalised.
 *
 * @param id          the causing event id (or request id); goes into causedBy and the CallerReference
 * @param items       exact paths, wildcards and tags to make fresh
 * @param cacheTags   tags (no {@code #}, case-sensitive) the changed objects carry; used only where
 *                    the distribution is set up for tag invalidation
 * @param changedAt   the first change; time to fresh is measured from here
 * @param publishedAt when the event was published (after every change it reports): an
 *                    invalidation created later covers it, which is how a replay is recognised
 * @param immediate   skip the coalescing window
 */
public record ChangeBatch(String id, String distributionId, List<InvalidationItem> items, List<String> cacheTags,
        Instant changedAt, Instant publishedAt, boolean immediate) {

    public ChangeBatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(distributionId, "distributionId");
        items = List.copyOf(items);
        cacheTags = cacheTags == null ? List.of() : List.copyOf(cacheTags);
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(publishedAt, "publishedAt");
    }
}
