package io.edgeplane.distributor.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.ContentTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming merge of a build listing (S3 order) with a served manifest: the hostile orders and edges
 * first, then the same decisions as a naive full-list planner (maps, no order needed) for random builds.
 */
class SyncMergeTest {
    private static final CachePolicy POLICY = CachePolicy.defaults();
    private static final SyncPlanner PLANNER = new SyncPlanner(POLICY, EntryPoints.defaults());
    /** U+E000 (private use) sorts before U+1F600 by code point / UTF-8 bytes, after it by UTF-16 code unit. */
    private static final String PRIVATE = "a/\uE000.html";
    private static final String EMOJI = "a/\uD83D\uDE00.html";

    private static BuildFile file(String path, String hash) {
        return new BuildFile(path, hash, 10);
    }

    private static LiveFile served(String path, String hash) {
        return new LiveFile(path, hash, 10, POLICY.cacheControl(path), ContentTypes.forKey(path), List.of("tenant-t1"));
    }

    private static List<SyncStep> merge(List<BuildFile> build, List<LiveFile> live, boolean dirty) {
        List<SyncStep> steps = new ArrayList<>();
        PLANNER.merge(build.iterator(), live.iterator(), dirty).forEachRemaining(steps::add);
        return steps;
    }

    private static Map<String, SyncStep.Kind> kinds(List<SyncStep> steps) {
        Map<String, SyncStep.Kind> kinds = new LinkedHashMap<>();
        steps.forEach(s -> kinds.put(s.path(), s.kind()));
        return kinds;
    }

    @Test
    void codePointOrderIsUtf8ByteOrderAndDiffersFromStringCompareTo() {
        assertThat(PRIVATE.compareTo(EMOJI)).as("String.compareTo: the surrogate D83D first").isPositive();
        assertThat(KeyOrder.compare(PRIVATE, EMOJI)).as("S3: U+E000 before U+1F600").isNegative();
        assertThat(Arrays.compareUnsigned(PRIVATE.getBytes(StandardCharsets.UTF_8), EMOJI.getBytes(StandardCharsets.UTF_8)))
                .isNegative();
    }

    @Test
    void keysAboveUFFFFInS3OrderMatchTheirManifestEntriesAndChangeNothing() {
        List<BuildFile> build = List.of(file(PRIVATE, "p"), file(EMOJI, "e"), file("a/\uFFFF.html", "f"),
                file("a/\uD800\uDC00.html", "g"));
        List<LiveFile> live = build.stream().map(f -> served(f.path(), f.contentHash()))
                .sorted(Comparator.comparing(LiveFile::path, KeyOrder.UTF8)).toList();
        List<BuildFile> listed = build.stream().sorted(Comparator.comparing(BuildFile::path, KeyOrder.UTF8)).toList();

        List<SyncStep> steps = merge(listed, live, false);

        assertThat(steps).extracting(SyncStep::kind).containsOnly(SyncStep.Kind.UNCHANGED).hasSize(4);
        assertThat(steps).extracting(SyncStep::path).containsExactly(PRIVATE, "a/\uFFFF.html", "a/\uD800\uDC00.html", EMOJI);
    }

    @Test
    void aManifestSortedByStringCompareToIsRefusedRatherThanTurnedIntoCopiesAndDeletes() {
        List<LiveFile> utf16Order = List.of(served(EMOJI, "e"), served(PRIVATE, "p"));
        assertThatThrownBy(() -> merge(List.of(file(PRIVATE, "p"), file(EMOJI, "e")), utf16Order, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("served manifest").hasMessageContaining("key-order").hasMessageContaining(PRIVATE);
    }

    @Test
    void aListingThatGoesBackIsRefusedWithTheKeyAndTheRule() {
        assertThatThrownBy(() -> merge(List.of(file("b.html", "1"), file("a.html", "2")), List.of(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("build listing: key 'a.html' comes after 'b.html'").hasMessageContaining("key-order");
    }

    @Test
    void aKeyRepeatedAcrossAPageBoundaryIsOneStep() {
        // page 1 ends with b.css, page 2 starts with it again
        List<BuildFile> pages = List.of(file("a.css", "1"), file("b.css", "2"), file("b.css", "2"), file("c.css", "3"));
        List<LiveFile> live = List.of(served("b.css", "2"), served("b.css", "2"));
        assertThat(kinds(merge(pages, live, false))).containsExactly(Map.entry("a.css", SyncStep.Kind.ADDED),
                Map.entry("b.css", SyncStep.Kind.UNCHANGED), Map.entry("c.css", SyncStep.Kind.ADDED));
    }

    @Test
    void aKeyOnlyInTheManifestIsDeletedAndReportedWithItsTags() {
        List<SyncStep> steps = merge(List.of(file("index.html", "1")), List.of(served("gone.html", "x"),
                served("index.html", "1")), false);
        assertThat(kinds(steps)).containsExactly(Map.entry("gone.html", SyncStep.Kind.DELETED),
                Map.entry("index.html", SyncStep.Kind.UNCHANGED));
        assertThat(steps.getFirst().reported()).isTrue();
        assertThat(steps.getFirst().before().cacheTags()).containsExactly("tenant-t1");
    }

    @Test
    void anEmptyBuildDeletesEverythingServed() {
        SyncTally tally = tally(merge(List.of(), List.of(served("a.html", "1"), served("b.css", "2")), false));
        assertThat(tally.deletes()).isEqualTo(2);
        assertThat(tally.liveFiles()).isEqualTo(2);
        assertThat(tally.buildFiles()).isZero();
        assertThat(tally.copies()).isZero();
    }

    @Test
    void aRebuildWithoutChangesChangesNothing() {
        List<BuildFile> build = IntStream.range(0, 2500).mapToObj(i -> file("p/%05d.html".formatted(i), "h" + i)).toList();
        List<LiveFile> live = build.stream().map(f -> served(f.path(), f.contentHash())).toList();
        SyncTally tally = tally(merge(build, live, false));
        assertThat(tally.changesNothing()).isTrue();
        assertThat(tally.unchanged()).isEqualTo(2500);
        assertThat(tally.reported()).isZero();
    }

    @Test
    void aDirtyManifestMakesEveryServedFileOfTheBuildModified() {
        SyncTally tally = tally(merge(List.of(file("a.html", "1")), List.of(served("a.html", "1")), true));
        assertThat(tally.count(SyncStep.Kind.MODIFIED)).isEqualTo(1);
        assertThat(tally.reported()).isEqualTo(1);
    }

    private static SyncTally tally(List<SyncStep> steps) {
        SyncTally tally = new SyncTally();
        steps.forEach(tally::add);
        return tally;
    }

    /** The decisions of the planner before it streamed: everything in maps, no order relied on. */
    private static Map<String, SyncStep.Kind> naive(List<BuildFile> build, List<LiveFile> live, boolean dirty) {
        Map<String, LiveFile> served = new HashMap<>();
        live.forEach(f -> served.putIfAbsent(f.path(), f));
        Map<String, BuildFile> files = new HashMap<>();
        build.forEach(f -> files.putIfAbsent(f.path(), f));
        Map<String, SyncStep.Kind> kinds = new TreeMap<>(KeyOrder.UTF8);
        files.values().forEach(f -> {
            LiveFile before = served.get(f.path());
            kinds.put(f.path(), before == null ? SyncStep.Kind.ADDED
                    : dirty || !before.contentHash().equals(f.contentHash()) ? SyncStep.Kind.MODIFIED
                    : !POLICY.cacheControl(f.path()).equals(before.cacheControl())
                            || !ContentTypes.forKey(f.path()).equals(before.contentType()) ? SyncStep.Kind.HEADERS
                    : SyncStep.Kind.UNCHANGED);
        });
        served.keySet().stream().filter(p -> !files.containsKey(p)).forEach(p -> kinds.put(p, SyncStep.Kind.DELETED));
        return kinds;
    }

    private static final String[] PARTS = {"a", "b", "index.html", "app.3f9a1c2e.js", "x.css", "\u00e9", "\uE000",
            "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00", "/", " ", "-"};

    private static String randomKey(Random random) {
        StringBuilder key = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            key.append(PARTS[random.nextInt(PARTS.length)]);
        }
        return key.toString();
    }

    static Stream<Arguments> seeds() {
        return IntStream.range(0, 300).mapToObj(Arguments::of);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decidesWhatTheNaiveFullListPlannerDecides(int seed) {
        Random random = new Random(seed);
        List<BuildFile> build = new ArrayList<>();
        List<LiveFile> live = new ArrayList<>();
        for (int i = 0, n = random.nextInt(60); i < n; i++) {
            build.add(file(randomKey(random), "h" + random.nextInt(3)));
        }
        for (int i = 0, n = random.nextInt(60); i < n; i++) {
            String path = random.nextInt(3) == 0 || build.isEmpty() ? randomKey(random)
                    : build.get(random.nextInt(build.size())).path();
            live.add(random.nextInt(8) == 0 ? new LiveFile(path, "h" + random.nextInt(3), 10, "no-store", "text/plain",
                    List.of()) : served(path, "h" + random.nextInt(3)));
        }
        boolean dirty = random.nextInt(10) == 0;
        // S3 order, with a listing page boundary repeating a key now and then; the manifest the same way
        List<BuildFile> listed = withRepeats(sortedFirstWins(build, BuildFile::path), random);
        List<LiveFile> manifest = withRepeats(sortedFirstWins(live, LiveFile::path), random);

        List<SyncStep> steps = merge(listed, manifest, dirty);

        assertThat(kinds(steps)).containsExactlyEntriesOf(naive(build, live, dirty));
        assertThat(steps).extracting(SyncStep::path).isSortedAccordingTo(KeyOrder.UTF8).doesNotHaveDuplicates();
        SyncTally tally = tally(steps);
        assertThat(tally.liveFiles()).isEqualTo(live.stream().map(LiveFile::path).distinct().count());
        assertThat(tally.buildFiles()).isEqualTo(build.stream().map(BuildFile::path).distinct().count());
    }

    private static <T> List<T> sortedFirstWins(List<T> entries, java.util.function.Function<T, String> key) {
        Map<String, T> first = new LinkedHashMap<>();
        entries.forEach(e -> first.putIfAbsent(key.apply(e), e));
        return first.values().stream().sorted(Comparator.comparing(key, KeyOrder.UTF8)).toList();
    }

    private static <T> List<T> withRepeats(List<T> sorted, Random random) {
        List<T> out = new ArrayList<>();
        for (Iterator<T> it = sorted.iterator(); it.hasNext(); ) {
            T e = it.next();
            out.add(e);
            if (random.nextInt(7) == 0) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void keyOrderIsUtf8ByteOrderForRandomKeys() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String a = randomKey(random);
            String b = randomKey(random);
            assertThat(Integer.signum(KeyOrder.compare(a, b))).as(a + " vs " + b).isEqualTo(Integer.signum(
                    Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))));
        }
    }
}
