package io.edgeplane.fetcher.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;

/**
 * Which dated history folders have expired. History lives under {@code <history-prefix><yyyy-MM-dd>/<runId>/};
 * a folder dated more than {@code retentionDays} days before today (UTC) is deleted; one exactly that old is kept. Folders whose
 * name is not a date are never touched: they were not written by the fetcher.
 */
public record HistoryRetention(int retentionDays) {
    public HistoryRetention {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("history retention must be at least 1 day, was " + retentionDays);
        }
    }

    public List<String> expired(Collection<String> dateFolders, LocalDate today) {
        LocalDate oldestKept = today.minusDays(retentionDays);
        return dateFolders.stream().filter(folder -> {
            try {
                return LocalDate.parse(folder).isBefore(oldestKept);
            } catch (DateTimeParseException e) {
                return false;
            }
        }).sorted().toList();
    }
}
