package io.edgeplane.fetcher.domain;

import java.time.Instant;
import java.util.List;

/**
 * One fetch, from trigger to DataFetched.
 *
 * @param changed     whether content differed from the latest stored files (null while running or failed)
 * @param historyKeys keys of this run's snapshot under {@code history/}
 * @param eventId     {@code ce_id} of the DataFetched this run emitted
 * @param error       why the run failed
 */
public record FetchRun(String runId, Trigger trigger, Status status, Instant startedAt, Instant finishedAt,
        String source, Boolean changed, String contentHash, Integer regionCount, Integer serviceCount,
        List<StoredDataset.StoredFile> files, List<String> historyKeys, int historyFoldersDeleted, String eventId,
        String error) {

    public enum Trigger {
        SCHEDULE, API
    }

    public enum Status {
        RUNNING, SUCCEEDED, FAILED
    }

    public FetchRun {
        files = files == null ? List.of() : List.copyOf(files);
        historyKeys = historyKeys == null ? List.of() : List.copyOf(historyKeys);
    }

    public static FetchRun started(String runId, Trigger trigger, Instant at, String source) {
        return new FetchRun(runId, trigger, Status.RUNNING, at, null, source, null, null, null, null, List.of(),
                List.of(), 0, null, null);
    }

    public FetchRun failed(Instant at, String error) {
        return new FetchRun(runId, trigger, Status.FAILED, startedAt, at, source, changed, contentHash, regionCount,
                serviceCount, files, historyKeys, historyFoldersDeleted, eventId, error);
    }
}
