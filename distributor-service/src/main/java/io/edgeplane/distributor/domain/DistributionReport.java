package io.edgeplane.distributor.domain;

import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a plan and its outcomes into the FilesDistributed event and the next manifest. Non-critical
 * semantics, as in the seed: a failed file is reported with its error and type, the others count as
 * usual, and only bytes that really changed become changed viewer paths.
 */
public final class DistributionReport {
    public static final String ORIGIN = "data";

    private DistributionReport() {
    }

    public static FilesDistributed distributed(CopyPlan plan, List<CopyOutcome> outcomes, Instant now,
            List<String> causedBy) {
        List<FilesDistributed.FileResult> results = new ArrayList<>();
        List<String> changedPaths = new ArrayList<>();
        int success = 0;
        int failure = 0;
        Instant firstChange = null;
        for (CopyOutcome o : outcomes) {
            PlannedCopy c = o.copy();
            if (o.success()) {
                success++;
                changedPaths.add(c.viewerPath());
                firstChange = firstChange == null || o.at().isBefore(firstChange) ? o.at() : firstChange;
                results.add(new FilesDistributed.FileResult(c.source().key(), c.targetKey(), FileStatus.COPIED, null,
                        null));
            } else {
                failure++;
                results.add(new FilesDistributed.FileResult(c.source().key(), c.targetKey(), FileStatus.FAILED,
                        o.error(), o.errorType()));
            }
        }
        for (PlannedCopy c : plan.unchanged()) {
            success++;
            results.add(new FilesDistributed.FileResult(c.source().key(), c.targetKey(), FileStatus.UNCHANGED, null,
                    null));
        }
        results.sort(Comparator.comparing(FilesDistributed.FileResult::sourceKey));
        changedPaths.sort(Comparator.naturalOrder());
        DistributionTarget target = plan.target();
        return new FilesDistributed(target.distributionId(), target.bucket(), ORIGIN, null, changedPaths, List.of(),
                results, success, failure, plan.totalFiles(), false, null, firstChange != null ? firstChange : now,
                causedBy);
    }

    /** Nothing copied because distribution is not configured; every file is reported SKIPPED with the reason. */
    public static FilesDistributed skipped(String reason, String bucket, String distributionId, List<SourceFile> files,
            Instant now, List<String> causedBy) {
        List<FilesDistributed.FileResult> results = files.stream().sorted(Comparator.comparing(SourceFile::key))
                .map(f -> new FilesDistributed.FileResult(f.key(), null, FileStatus.SKIPPED, null, null)).toList();
        return new FilesDistributed(distributionId, bucket, ORIGIN, null, List.of(), List.of(), results, 0, 0,
                files.size(), true, reason, now, causedBy);
    }

    /**
     * The manifest after this run: copied files take their new entry; failed files keep whatever was
     * recorded before (the bucket still holds the old object, if any); others are unchanged.
     */
    public static DistributionManifest nextManifest(DistributionManifest current, CopyPlan plan,
            List<CopyOutcome> outcomes) {
        Map<String, ManifestEntry> entries = new HashMap<>(current.forBucket(plan.target().bucket()).entries());
        for (CopyOutcome o : outcomes) {
            if (o.success()) {
                PlannedCopy c = o.copy();
                entries.put(c.targetKey(), new ManifestEntry(c.source().sha256(), c.cacheControl(), c.contentType(),
                        c.source().bucket(), c.source().key(), o.etag(), o.at()));
            }
        }
        return new DistributionManifest(plan.target().bucket(), entries);
    }

    /** Share of files that ended in place (copied or already there) among all non-skipped files. */
    public static double successRatio(FilesDistributed event) {
        return event.totalFiles() == 0 ? 1.0 : (double) event.successCount() / event.totalFiles();
    }
}
