package io.edgeplane.invalidation.domain;

import io.edgeplane.invalidation.domain.PathNormalizer.Items;
import io.edgeplane.invalidation.domain.PathNormalizer.Rejected;
import io.edgeplane.invalidation.domain.PathNormalizer.Source;
import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.platform.ownership.Refusal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a change event may make CloudFront invalidate, decided by who it acts for (the platform's
 * {@link Ownership}): a tenant's or site's event only paths, wildcards and cache tags inside that owner's
 * viewer root and tags; an event of no owner (data, media) nothing inside any owner's root and no owner's
 * tag. Out-of-bounds items are refused one by one, each with its rule; the in-bounds rest is admitted
 * (they are the owner's own files: leaving them stale would only harm the owner).
 *
 * <p>A changed path is checked twice: as it arrived (so an encoded {@code %2e%2e} or {@code %2F} is named
 * {@code path-traversal}, not just odd), and as each item the {@link PathNormalizer} makes of it, which is
 * the exact string CloudFront acts on (a {@code ~} or inner {@code *} widens to a wildcard that must stay
 * inside too).
 */
public final class ChangeAdmission {
    private final Ownership ownership;

    public ChangeAdmission(Ownership ownership) {
        this.ownership = Objects.requireNonNull(ownership, "ownership");
    }

    /** One refused path (as it arrived) or tag ({@code #tag}), with its rule and a reason naming the root. */
    public record Refused(String value, String rule, String reason) {
    }

    /**
     * @param items   normalised items of the admitted paths, in arrival order, no duplicates
     * @param tags    admitted cache tags (no {@code #}), as they arrived: tags are case-sensitive
     * @param refused every refused path and tag, in arrival order
     */
    public record Admitted(List<InvalidationItem> items, List<String> tags, List<Refused> refused) {
        public Admitted {
            items = List.copyOf(items);
            tags = List.copyOf(tags);
            refused = List.copyOf(refused);
        }
    }

    public Admitted admit(Optional<Owner> owner, List<String> changedPaths, List<String> cacheTags,
            PathNormalizer normalizer) {
        Set<InvalidationItem> items = new LinkedHashSet<>();
        List<String> tags = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (String path : changedPaths) {
            Optional<Refusal> outside = ownership.checkViewerPath(owner, path);
            if (outside.isPresent()) {
                refused.add(refusal(path, outside.get()));
                continue;
            }
            switch (normalizer.normalize(path, Source.CHANGE)) {
                case Rejected r -> refused.add(new Refused(path, r.rule(), r.message()));
                case Items ok -> {
                    Optional<Refusal> item = ok.items().stream()
                            .map(i -> ownership.checkViewerPath(owner, i.value())).flatMap(Optional::stream).findFirst();
                    if (item.isPresent()) {
                        refused.add(new Refused(path, item.get().rule(), "'" + path + "' is invalidated as "
                                + item.get().reason()));
                    } else {
                        items.addAll(ok.items());
                    }
                }
            }
        }
        for (String raw : cacheTags) {
            String tag = raw != null && raw.startsWith("#") ? raw.substring(1) : raw;
            Optional<Refusal> outside = checkTag(owner, tag);
            if (outside.isPresent()) {
                refused.add(refusal("#" + tag, outside.get()));
            } else if (PathNormalizer.tag(tag) instanceof Items) {
                // A malformed tag is only a hint the planner cannot use; the paths still cover the objects.
                tags.add(tag);
            }
        }
        return new Admitted(List.copyOf(items), tags, refused);
    }

    /**
     * Whether a path an event reports as existing (its results) may count in the population of
     * {@code owner}'s prefixes: a foreign path could otherwise shrink another owner's estimate.
     */
    public boolean owns(Optional<Owner> owner, String encodedPath) {
        return ownership.checkViewerPath(owner, encodedPath).isEmpty();
    }

    /** The owner's viewer root, where its declared total of files lives. */
    public String viewerRoot(Owner owner) {
        return ownership.viewerRoot(owner);
    }

    /**
     * Tags are case-sensitive for ownership, but an event of no owner is also refused an owner's tag in
     * another case ({@code TENANT-ACME}): should a CDN ever fold case, it would still not reach an owner.
     */
    private Optional<Refusal> checkTag(Optional<Owner> owner, String tag) {
        if (tag == null || tag.isEmpty()) {
            return Optional.empty();
        }
        Optional<Refusal> refusal = ownership.checkTag(owner, tag);
        if (refusal.isEmpty() && owner.isEmpty()) {
            refusal = ownership.checkTag(owner, tag.toLowerCase(Locale.ROOT))
                    .map(r -> new Refusal(r.rule(), tag, r.reason().replace(r.value(), tag)));
        }
        return refusal;
    }

    private static Refused refusal(String value, Refusal refusal) {
        return new Refused(value, refusal.rule(), refusal.reason());
    }
}
