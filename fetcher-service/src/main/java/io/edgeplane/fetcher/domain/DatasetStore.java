package io.edgeplane.fetcher.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The source bucket, as the fetcher uses it. */
public interface DatasetStore {
    /** Bucket the files are written to. */
    String bucket();

    /** Key prefix of the latest files, e.g. {@code aws-data/}. */
    String prefix();

    /** The latest files, when all of them exist and were written by one run. */
    Optional<StoredDataset> loadLatest();

    /** Writes the latest files (overwriting), tagged with the run and content hash. */
    StoredDataset writeLatest(Dataset dataset, String runId, java.time.Instant generatedAt);

    /** Writes the run's snapshot under the dated history folder; returns the keys written. */
    List<String> writeHistory(Dataset dataset, LocalDate date, String runId);

    /** The dated folder names under the history prefix (e.g. {@code 2026-11-22}). */
    List<String> historyFolders();

    /** Deletes every object of a dated history folder; returns how many were deleted. */
    int deleteHistoryFolder(String folder);
}
