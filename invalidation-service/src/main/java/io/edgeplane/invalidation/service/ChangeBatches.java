package io.edgeplane.invalidation.service;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.invalidation.domain.ChangeAdmission;
import io.edgeplane.invalidation.domain.ChangeAdmission.Admitted;
import io.edgeplane.invalidation.domain.ChangeAdmission.Refused;
import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import java.util.List;
import java.util.Optional;

/** FilesDistributed to {@link ChangeBatch}: the admitted items and tags, and what was refused with its rule. */
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

    /** The decoder has checked both ids and that at most one is set. */
    static Optional<Owner> owner(FilesDistributed event) {
        if (event.tenantId() != null) {
            return Optional.of(Owner.tenant(event.tenantId()));
        }
        return Optional.ofNullable(event.siteId()).map(Owner::site);
    }
}
