package io.edgeplane.invalidation.service;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.invalidation.domain.PathNormalizer.Items;
import io.edgeplane.invalidation.domain.PathNormalizer.Rejected;
import io.edgeplane.invalidation.domain.PathNormalizer.Source;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** FilesDistributed to {@link ChangeBatch}: normalised items, tags, and the paths that cannot be invalidated. */
public final class ChangeBatches {
    private ChangeBatches() {
    }

    /**
     * @param batch    null when nothing is left to invalidate
     * @param rejected changed paths that cannot be invalidated, with {@code rules} (same order)
     */
    public record Conversion(ChangeBatch batch, List<String> rejected, List<String> rules, List<String> reasons) {
    }

    public static Conversion of(EventEnvelope<FilesDistributed> envelope, PathNormalizer normalizer) {
        FilesDistributed event = envelope.data();
        if (event.skipped() || event.distributionId() == null) {
            return new Conversion(null, List.of(), List.of(), List.of());
        }
        Set<InvalidationItem> items = new LinkedHashSet<>();
        List<String> rejected = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String path : event.changedPaths()) {
            switch (normalizer.normalize(path, Source.CHANGE)) {
                case Items ok -> items.addAll(ok.items());
                case Rejected r -> {
                    rejected.add(path);
                    rules.add(r.rule());
                    reasons.add(r.message());
                }
            }
        }
        List<String> tags = new ArrayList<>();
        for (String tag : event.cacheTags()) {
            if (PathNormalizer.tag(tag) instanceof Items ok) {
                tags.add(ok.items().getFirst().value().substring(1));
            }
        }
        ChangeBatch batch = items.isEmpty() ? null
                : new ChangeBatch(envelope.id(), event.distributionId(), List.copyOf(items), tags, event.changedAt(),
                        envelope.time(), false);
        return new Conversion(batch, rejected, rules, reasons);
    }
}
