package io.edgeplane.fetcher.service;

import io.edgeplane.events.DataFetched;
import io.edgeplane.fetcher.domain.Dataset;
import io.edgeplane.fetcher.domain.DatasetBuilder;
import io.edgeplane.fetcher.domain.DatasetStore;
import io.edgeplane.fetcher.domain.FetchRun;
import io.edgeplane.fetcher.domain.HistoryRetention;
import io.edgeplane.fetcher.domain.InfrastructureSnapshot;
import io.edgeplane.fetcher.domain.InfrastructureSource;
import io.edgeplane.fetcher.domain.StoredDataset;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One fetch, start to finish: read the source, build the documents, compare with what the source
 * bucket holds, write the latest files only when content changed, keep a dated history snapshot,
 * expire old history, emit DataFetched. Plain Java (no CDI), so benchmarks and tests can build it.
 *
 * <p>What is stored is the cache: the latest files carry their content hash as object metadata, so
 * "changed?" costs three HeadObject calls and survives restarts and out-of-band deletions.
 */
public final class Fetcher {
    private static final Logger LOG = Logger.getLogger(Fetcher.class);

    /** Sends DataFetched and returns its event id once the broker has it. */
    @FunctionalInterface
    public interface EventSink {
        String publish(DataFetched event);
    }

    private final InfrastructureSource source;
    private final DatasetStore store;
    private final DatasetBuilder builder;
    private final HistoryRetention retention;
    private final String datasetId;
    private final Clock clock;
    private final EventSink events;

    public Fetcher(InfrastructureSource source, DatasetStore store, DatasetBuilder builder, HistoryRetention retention,
            String datasetId, Clock clock, EventSink events) {
        this.source = source;
        this.store = store;
        this.builder = builder;
        this.retention = retention;
        this.datasetId = datasetId;
        this.clock = clock;
        this.events = events;
    }

    public String sourceName() {
        return source.name();
    }

    /** Runs the fetch described by {@code started}; returns the finished run (SUCCEEDED or FAILED). */
    public FetchRun run(FetchRun started) {
        String runId = started.runId();
        InfrastructureSnapshot snapshot;
        Dataset dataset;
        Instant generatedAt;
        try {
            snapshot = source.fetch();
            generatedAt = clock.instant();
            dataset = builder.build(snapshot, generatedAt, runId);
        } catch (RuntimeException e) {
            LOG.errorf("Fetch %s: source '%s' failed, nothing written: %s", runId, source.name(), e.getMessage());
            return started.failed(clock.instant(), "source " + source.name() + ": " + e.getMessage());
        }

        Optional<StoredDataset> previous = store.loadLatest();
        boolean changed = previous.map(p -> !p.contentHash().equals(dataset.contentHash())).orElse(true);
        StoredDataset current = changed ? store.writeLatest(dataset, runId, generatedAt) : previous.get();

        LocalDate today = LocalDate.ofInstant(generatedAt, ZoneOffset.UTC);
        List<String> historyKeys = List.of();
        int expired = 0;
        try {
            historyKeys = store.writeHistory(dataset, today, runId);
            for (String folder : retention.expired(store.historyFolders(), today)) {
                expired++;
                int deleted = store.deleteHistoryFolder(folder);
                LOG.infof("Fetch %s: history folder %s expired (%d objects deleted)", runId, folder, deleted);
            }
        } catch (RuntimeException e) {
            // History is a backup; the latest files are written and must still be announced.
            LOG.warnf("Fetch %s: history snapshot or retention failed: %s", runId, e.getMessage());
        }

        DataFetched event = new DataFetched(datasetId, runId, store.bucket(), store.prefix(),
                current.files().stream().map(f -> new DataFetched.FetchedFile(f.key(), f.sha256(), f.size(),
                        f.contentType())).toList(),
                changed, current.contentHash(), source.name(), generatedAt, List.of());
        FetchRun done = new FetchRun(runId, started.trigger(), FetchRun.Status.SUCCEEDED, started.startedAt(), null,
                source.name(), changed, current.contentHash(), dataset.regionCount(), dataset.serviceCount(),
                current.files(), historyKeys, expired, null, null);
        String eventId;
        try {
            eventId = events.publish(event);
        } catch (RuntimeException e) {
            // The files are in place; the next run finds them unchanged and announces them again.
            LOG.errorf("Fetch %s: DataFetched not published: %s", runId, e.getMessage());
            return done.failed(clock.instant(), "DataFetched not published: " + e.getMessage());
        }
        LOG.infof("Fetch %s: %d regions, %d services from %s, %s (content %s), DataFetched %s", runId,
                dataset.regionCount(), dataset.serviceCount(), source.name(), changed ? "changed" : "unchanged",
                current.contentHash().substring(0, 12), eventId);
        return new FetchRun(runId, done.trigger(), FetchRun.Status.SUCCEEDED, done.startedAt(), clock.instant(),
                done.source(), changed, done.contentHash(), done.regionCount(), done.serviceCount(), done.files(),
                historyKeys, expired, eventId, null);
    }
}
