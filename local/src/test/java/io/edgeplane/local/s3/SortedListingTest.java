package io.edgeplane.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages read from the directories must be the pages S3 defines over the same keys (an independent model). */
class SortedListingTest {
    /** S3's order, computed differently from the code under test: UTF-8 bytes, unsigned. */
    private static final Comparator<String> UTF8 = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path bucket;

    /** Names around '/' (0x2F), above U+FFFF (UTF-16 order differs) and with spaces and accents. */
    private static final List<String> HOSTILE = List.of("a-b", "a/x", "a/b/c", "a.txt", "a0", "a b/c d", "a!", "ab/c",
            "d\uFFFD", "d\uD83D\uDE00/x", "d\uD83D\uDE00.txt", "é/ü", "e", "z/y/x/w", "z/y-", "z/y0", "z/y/x-", "z/y/x0/1");

    @Test
    void flatListingFollowsS3OrderAcrossDirectoryBoundariesForEveryPageSize() throws IOException {
        TreeSet<String> keys = write(HOSTILE);
        for (int pageSize : new int[] {1, 2, 3, 7, 1000}) {
            for (String prefix : new String[] {"", "a", "a/", "d", "z/y", "z/y/", "z/y/x", "nothing/", "é/"}) {
                assertThat(listAll(prefix, null, pageSize)).as("prefix '%s', %d a page", prefix, pageSize)
                        .containsExactlyElementsOf(model(keys, prefix, null));
            }
        }
    }

    @Test
    void delimitedListingReturnsCommonPrefixesInOrderWithoutRepeatingThemOnTheNextPage() throws IOException {
        TreeSet<String> keys = write(HOSTILE);
        for (int pageSize : new int[] {1, 2, 5, 1000}) {
            for (String prefix : new String[] {"", "a", "a/", "d", "z/", "z/y/", "z/y/x"}) {
                assertThat(listAll(prefix, "/", pageSize)).as("prefix '%s' delimited, %d a page", prefix, pageSize)
                        .containsExactlyElementsOf(model(keys, prefix, "/"));
            }
        }
    }

    @Test
    void randomTreesListLikeTheModelFromAnyStartAfter() throws IOException {
        Random random = new Random(22);
        String[] parts = {"a", "b", "-", ".", "0", "é", "\uD83D\uDE00", " "};
        Set<String> generated = new HashSet<>();
        while (generated.size() < 400) {
            StringBuilder key = new StringBuilder();
            int depth = 1 + random.nextInt(3);
            for (int d = 0; d < depth; d++) {
                if (d > 0) {
                    key.append('/');
                }
                int len = 1 + random.nextInt(3);
                for (int c = 0; c < len; c++) {
                    key.append(parts[random.nextInt(parts.length)]);
                }
            }
            if (Arrays.stream(key.toString().split("/")).noneMatch(s -> s.equals(".") || s.equals(".."))) {
                generated.add(key.toString()); // "." and ".." are not names a file can have
            }
        }
        TreeSet<String> keys = write(generated);
        List<String> all = model(keys, "", null);
        for (int i = 0; i < 40; i++) {
            String after = random.nextBoolean() ? all.get(random.nextInt(all.size()))
                    : all.get(random.nextInt(all.size())) + parts[random.nextInt(parts.length)];
            SortedListing.Page page = listing().page("", null, after, 25);
            List<String> expected = all.stream().filter(k -> UTF8.compare(k, after) > 0).limit(25).toList();
            assertThat(page.entries()).extracting(SortedListing.Entry::key).as("after '%s'", after)
                    .containsExactlyElementsOf(expected);
        }
        for (String prefix : new String[] {"", "a", "b/", "-", "é"}) {
            assertThat(listAll(prefix, null, 9)).containsExactlyElementsOf(model(keys, prefix, null));
            assertThat(listAll(prefix, "/", 4)).containsExactlyElementsOf(model(keys, prefix, "/"));
        }
    }

    @Test
    void skipsS3ProxysOwnFilesAndListsDirectoryMarkersBeforeTheirContents() throws IOException {
        write(List.of("site/index.html", "site/a/b.html", "x"));
        Files.writeString(bucket.resolve(".mpus-upload-1"), "part");
        Files.createDirectories(bucket.resolve(".s3proxy-versions/abc"));
        Files.writeString(bucket.resolve("site/.s3proxy-slash"), "");
        Set<Path> markers = Set.of(bucket.resolve("site/a"));
        SortedListing listing = new SortedListing(bucket, markers::contains);

        assertThat(listing.page("", null, null, 1000).entries()).extracting(SortedListing.Entry::key)
                .containsExactly("site/a/", "site/a/b.html", "site/index.html", "x");
        assertThat(listing.page("site/a/", null, null, 1000).entries()).extracting(SortedListing.Entry::key)
                .containsExactly("site/a/", "site/a/b.html");
        assertThat(listing.page("", null, "site/a/", 1000).entries()).extracting(SortedListing.Entry::key)
                .containsExactly("site/a/b.html", "site/index.html", "x");
    }

    @Test
    void truncatedPageCarriesItsLastKeyAsTokenAndTheLastPageNone() throws IOException {
        write(List.of("k/1", "k/2", "k/3"));
        SortedListing.Page first = listing().page("k/", null, null, 2);
        assertThat(first.truncated()).isTrue();
        assertThat(first.nextToken()).contains("k/2");
        SortedListing.Page last = listing().page("k/", null, "k/2", 2);
        assertThat(last.entries()).extracting(SortedListing.Entry::key).containsExactly("k/3");
        assertThat(last.truncated()).isFalse();
        assertThat(listing().page("k/", null, null, 3).truncated()).isFalse();
    }

    @Test
    void leavesOtherDelimitersAndDotSegmentsToS3Proxy() {
        assertThat(SortedListing.handles("a/b/", "/")).isTrue();
        assertThat(SortedListing.handles("a/b", null)).isTrue();
        assertThat(SortedListing.handles(null, "")).isTrue();
        assertThat(SortedListing.handles("a/", "-")).isFalse();
        assertThat(SortedListing.handles("a//b", null)).isFalse();
        assertThat(SortedListing.handles("../x", null)).isFalse();
        assertThat(SortedListing.handles("a/./b", "/")).isFalse();
    }

    private SortedListing listing() {
        return new SortedListing(bucket, dir -> false);
    }

    private List<String> listAll(String prefix, String delimiter, int pageSize) throws IOException {
        List<String> listed = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 10_000; pages++) {
            SortedListing.Page page = listing().page(prefix, delimiter, token, pageSize);
            assertThat(page.entries().size()).isLessThanOrEqualTo(pageSize);
            page.entries().forEach(e -> listed.add(e.key()));
            if (!page.truncated()) {
                return listed;
            }
            token = page.nextToken().orElseThrow();
        }
        throw new AssertionError("listing does not end");
    }

    /** S3: keys under prefix in UTF-8 order; with "/" each key's part up to the next "/" after the prefix, once. */
    private static List<String> model(TreeSet<String> keys, String prefix, String delimiter) {
        TreeSet<String> entries = new TreeSet<>(UTF8);
        for (String key : keys) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            int slash = delimiter == null ? -1 : key.indexOf('/', prefix.length());
            entries.add(slash < 0 ? key : key.substring(0, slash + 1));
        }
        return List.copyOf(entries);
    }

    /** Writes one file per key, leaving out keys that would have to be a file and a directory at once. */
    private TreeSet<String> write(Iterable<String> candidates) throws IOException {
        TreeSet<String> keys = new TreeSet<>(UTF8);
        candidates.forEach(keys::add);
        keys.removeIf(k -> keys.stream().anyMatch(other -> other.startsWith(k + "/")));
        for (String key : keys) {
            Path file = bucket.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key);
        }
        return keys;
    }
}
