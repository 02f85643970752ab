package io.edgeplane.distributor.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.distributor.deployment.domain.BuildFile;
import io.edgeplane.distributor.deployment.domain.LiveFile;
import io.edgeplane.distributor.deployment.domain.SortedEntries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSpoolTest {
    private static final String PRIVATE = "a/\uE000.html";
    private static final String EMOJI = "a/\uD83D\uDE00.html";

    private static <T> List<T> read(SortedEntries<T> spool) {
        List<T> all = new ArrayList<>();
        try (SortedEntries.Cursor<T> cursor = spool.open()) {
            cursor.forEachRemaining(all::add);
        }
        return all;
    }

    @Test
    void entriesInS3OrderAreKeptAsTheyComeAndAKeyRepeatedAtAPageBoundaryOnce() {
        FileSpool.Writer<BuildFile> writer = FileSpool.writer(FileSpool.BUILD_FILES, "listing");
        for (String key : List.of("a.css", PRIVATE, PRIVATE, EMOJI)) {
            writer.add(new BuildFile(key, "etag:" + key.length(), 7));
        }
        try (FileSpool<BuildFile> spool = writer.finish()) {
            assertThat(spool.size()).isEqualTo(3);
            assertThat(read(spool)).extracting(BuildFile::path).containsExactly("a.css", PRIVATE, EMOJI);
            assertThat(read(spool)).as("read again, same entries").hasSize(3);
        }
    }

    @Test
    void entriesInStringCompareToOrderAreSortedIntoS3Order() {
        // a manifest written before manifests were sorted by code point, or a store listing in UTF-16 order
        FileSpool.Writer<LiveFile> writer = FileSpool.writer(FileSpool.LIVE_FILES, "manifest");
        List<String> utf16 = new ArrayList<>(List.of(PRIVATE, EMOJI, "b.css", "a.css"));
        utf16.sort(String::compareTo);
        assertThat(utf16).containsExactly("a.css", EMOJI, PRIVATE, "b.css");
        utf16.forEach(k -> writer.add(new LiveFile(k, "h", 1, null, "text/html", List.of("tenant-t1"))));
        try (FileSpool<LiveFile> spool = writer.finish()) {
            assertThat(read(spool)).extracting(LiveFile::path).containsExactly("a.css", PRIVATE, EMOJI, "b.css");
        }
    }

    @Test
    void manifestEntriesComeBackWithEveryFieldNullsAndTags() {
        LiveFile full = new LiveFile("x/\u00e9 y.html", "etag:abc", 123_456_789_012L, "public, max-age=60",
                "text/html; charset=utf-8", List.of("tenant-t1", "tenant-t1:build-b2"));
        LiveFile bare = new LiveFile("z", LiveFile.UNKNOWN, 0, null, null, List.of());
        FileSpool.Writer<LiveFile> writer = FileSpool.writer(FileSpool.LIVE_FILES, "manifest");
        writer.add(full);
        writer.add(bare);
        try (FileSpool<LiveFile> spool = writer.finish()) {
            assertThat(read(spool)).containsExactly(full, bare);
        }
    }
}
