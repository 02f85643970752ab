package io.edgeplane.fetcher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HistoryRetentionTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-22");

    @ParameterizedTest(name = "{0} with {1} days kept: expired={2}")
    @CsvSource({
            "2026-11-22, 30, false",
            "2026-10-23, 30, false",  // exactly 30 days old: kept
            "2026-10-22, 30, true",
            "2026-10-21, 30, true",
            "2025-01-01, 30, true",
            "2026-11-21, 1, false",
            "2026-11-20, 1, true",
            "not-a-date, 1, false",
            "latest, 1, false"})
    void foldersOlderThanTheRetentionExpire(String folder, int days, boolean expired) {
        assertThat(new HistoryRetention(days).expired(List.of(folder), TODAY)).hasSize(expired ? 1 : 0);
    }

    @Test
    void expiredFoldersComeOldestFirst() {
        assertThat(new HistoryRetention(7).expired(List.of("2026-11-01", "2026-10-01", "2026-11-21"), TODAY))
                .containsExactly("2026-10-01", "2026-11-01");
    }

    @Test
    void retentionBelowOneDayIsRefused() {
        assertThatThrownBy(() -> new HistoryRetention(0)).hasMessageContaining("at least 1 day");
    }
}
