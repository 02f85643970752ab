package io.edgeplane.invalidation.service;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.invalidation.domain.ChangeAdmission;
import io.edgeplane.invalidation.domain.ChangeAdmission.Admitted;
import io.edgeplane.invalidation.domain.ChangeAdmission.Refused;
import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.invalidation.domain.LearnedPopulation;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.invalidation.domain.SetRoots;
import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * FilesDistributed to {@link ChangeBatch}: the admitted items and tags, and what was refused with its rule;
 * and what the event teaches the distribution's {@link LearnedPopulation}.
 */
public final class ChangeBatches {
    private static final ChangeAdmission DEFAULT_ADMISSION = new ChangeAdmission(Ownership.DEFAULTS);

    private ChangeBatches() {
    }

    /**
     * @param batch   null when nothing is left to invalidate
     * @param owner   who the event acts for (its tenantId or siteId), empty for data and media
     * @param refused changed paths and tags ({@code #tag}) that will not be invalidated, each with its rule
     */
    public record Conversion(ChangeBatch batch, Optional<Owner> owner, List<Refused> refused) {
    }

    /** With the default ownership layout (benchmarks). */
    public static Conversion of(EventEnvelope<FilesDistributed> envelope, PathNormalizer normalizer) {
        return of(envelope, normalizer, DEFAULT_ADMISSION);
    }

    public static Conversion of(EventEnvelope<FilesDistributed> envelope, PathNormalizer normalizer,
            ChangeAdmission admission) {
        FilesDistributed event = envelope.data();
        Optional<Owner> owner = owner(event);
        if (event.skipped() || event.distributionId() == null) {
            return new Conversion(null, owner, List.of());
        }
        Admitted admitted = admission.admit(owner, event.changedPaths(), event.cacheTags(), normalizer);
        ChangeBatch batch = admitted.items().isEmpty() ? null
                : new ChangeBatch(envelope.id(), event.distributionId(), admitted.items(), admitted.tags(),
                        event.changedAt(), envelope.time(), false);
        return new Conversion(batch, owner, admitted.refused());
    }

    /** With the default set roots ({@link SetRoots#DEFAULTS}). */
    public static void learn(LearnedPopulation population, ChangeAdmission admission, Conversion conversion,
            FilesDistributed event) {
        learn(population, admission, SetRoots.DEFAULTS, conversion, event);
    }

    /**
     * The owner's declared total bounds its viewer root; so does the total of an owner-less set whose origin has a
     * {@link SetRoots set root} (data), if every file it lists lies under that root. Admitted changed paths
     * exist; results list the files the set kept (trusted as viewer paths only if the copied ones match the
     * changed paths, and only inside the owner's root) and the ones it deleted (forgotten).
     */
    public static void learn(LearnedPopulation population, ChangeAdmission admission, SetRoots setRoots,
            Conversion conversion, FilesDistributed event) {
        Optional<Owner> owner = conversion.owner();
        if (owner.isPresent() && event.totalFiles() != null && event.totalFiles() > 0) {
            population.declare(admission.viewerRoot(owner.get()), event.totalFiles());
        }
        Set<String> changed = new HashSet<>();
        if (conversion.batch() != null) {
            for (InvalidationItem i : conversion.batch().items()) {
                if (i.kind() == ItemKind.PATH) {
                    changed.add(i.value());
                    population.observe(i.value());
                }
            }
        }
        List<String> existing = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        boolean consistent = true;
        for (FilesDistributed.FileResult r : event.results()) {
            if (r.targetKey() == null || r.status() == null) {
                continue;
            }
            String path = PathNormalizer.encode("/" + r.targetKey());
            if (r.status() == FileStatus.COPIED && !changed.contains(path)) {
                consistent = false;
                break;
            }
            if ((r.status() == FileStatus.COPIED || r.status() == FileStatus.UNCHANGED) && admission.owns(owner, path)) {
                existing.add(path);
            } else if (r.status() == FileStatus.DELETED && admission.owns(owner, path)) {
                deleted.add(path);
            }
        }
        // A deleted file is forgotten even from an inconsistent event: forgetting only raises estimates.
        deleted.forEach(population::forget);
        if (!consistent) {
            return;
        }
        existing.forEach(population::observe);
        Optional<String> root = owner.map(admission::viewerRoot);
        if (owner.isEmpty()) {
            root = setRoot(setRoots, event, existing);
            root.ifPresent(r -> population.declare(r, Math.max(event.totalFiles(), existing.size())));
        }
        if (root.isPresent() && !existing.isEmpty()) {
            population.list(root.get(), existing);
        }
    }

    /**
     * The set root of an owner-less set that declares its whole population there: its origin has a root, it
     * was not skipped, it lists files and every one of them lies under the root (else the event is not what the
     * root's producer sends, and the prior stays). The caller declares the set's total there.
     */
    private static Optional<String> setRoot(SetRoots setRoots, FilesDistributed event, List<String> existing) {
        Optional<String> root = setRoots.rootOf(event.origin());
        if (root.isEmpty() || event.skipped() || existing.isEmpty() || event.totalFiles() == null
                || event.results().stream().anyMatch(r -> r.targetKey() == null
                        || !PathNormalizer.encode("/" + r.targetKey()).startsWith(root.get()))) {
            return Optional.empty();
        }
        return root;
    }

    /** The decoder has checked both ids and that at most one is set. */
    static Optional<Owner> owner(FilesDistributed event) {
        if (event.tenantId() != null) {
            return Optional.of(Owner.tenant(event.tenantId()));
        }
        return Optional.ofNullable(event.siteId()).map(Owner::site);
    }
}
