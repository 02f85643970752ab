package io.edgeplane.distributor.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.platform.cache.CachePolicy;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyncPlannerTest {
    private static final CachePolicy POLICY = CachePolicy.defaults();
    private final SyncPlanner planner = new SyncPlanner(POLICY, EntryPoints.defaults());

    /** "path=hash" entries; an empty hash list means an empty side. */
    private static BuildManifest build(String... files) {
        return new BuildManifest("src", "builds/b2/", Arrays.stream(files).map(f -> f.split("="))
                .map(p -> new BuildFile(p[0], p[1], 10)).toList());
    }

    private static LiveManifest live(String... files) {
        return LiveManifest.of("b1", Arrays.stream(files).map(f -> f.split("="))
                .map(p -> new LiveFile(p[0], p[1], 10, POLICY.cacheControl(p[0]),
                        io.edgeplane.platform.cache.ContentTypes.forKey(p[0]), List.of("tenant-t1", "build-b1")))
                .toList());
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // case, build, live, assets copied, entry points copied, deletes, reported, unchanged
                Arguments.of("first deployment: everything added, nothing to forget",
                        build("index.html=a", "app.css=b"), live(),
                        List.of("app.css"), List.of("index.html"), List.of(), List.of(), 0),
                Arguments.of("identical build: nothing copied, nothing reported",
                        build("index.html=a", "app.css=b"), live("index.html=a", "app.css=b"),
                        List.of(), List.of(), List.of(), List.of(), 2),
                Arguments.of("changed HTML and a plain asset are copied and reported",
                        build("index.html=a2", "app.css=b2", "logo.png=c"), live("index.html=a", "app.css=b", "logo.png=c"),
                        List.of("app.css"), List.of("index.html"), List.of(), List.of("app.css", "index.html"), 1),
                Arguments.of("removed files are deleted after copies and reported",
                        build("index.html=a"), live("index.html=a", "old.html=x", "img/old.png=y"),
                        List.of(), List.of(), List.of("img/old.png", "old.html"), List.of("img/old.png", "old.html"), 1),
                Arguments.of("content-hashed assets: a new name is added, the old one deleted, neither reported (seed 002)",
                        build("index.html=a2", "assets/app.3f9a1c2e.js=n"), live("index.html=a", "assets/app.0b1c2d3e.js=o"),
                        List.of("assets/app.3f9a1c2e.js"), List.of("index.html"), List.of("assets/app.0b1c2d3e.js"),
                        List.of("index.html"), 0),
                Arguments.of("entry points beyond HTML go last: service worker, web manifest, robots.txt",
                        build("sw.js=1", "manifest.webmanifest=2", "robots.txt=3", "main.js=4"), live(),
                        List.of("main.js"), List.of("manifest.webmanifest", "robots.txt", "sw.js"), List.of(), List.of(), 0),
                Arguments.of("nested HTML is an entry point; a nested asset is not",
                        build("docs/guide/index.html=1", "docs/guide/diagram.svg=2"), live("docs/guide/index.html=0"),
                        List.of("docs/guide/diagram.svg"), List.of("docs/guide/index.html"), List.of(),
                        List.of("docs/guide/index.html"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void plansCopiesDeletesAndReportedPaths(String name, BuildManifest build, LiveManifest live, List<String> assets,
            List<String> entryPoints, List<String> deletes, List<String> reported, int unchanged) {
        SyncPlan plan = planner.plan(build, live);
        assertThat(plan.assets()).extracting(FileCopy::path).containsExactlyElementsOf(assets);
        assertThat(plan.entryPoints()).extracting(FileCopy::path).containsExactlyElementsOf(entryPoints);
        assertThat(plan.deletes()).containsExactlyElementsOf(deletes);
        assertThat(plan.reportedPaths()).containsExactlyElementsOf(reported);
        assertThat(plan.unchanged()).isEqualTo(unchanged);
    }

    @Test
    void copiesCarryTheCacheRuleAndContentTypeOfTheirPath() {
        SyncPlan plan = planner.plan(build("index.html=1", "assets/app.3f9a1c2e.js=2", "data/prices.json=3",
                "video/intro.mp4=4"), live());
        assertThat(plan.assets()).extracting(FileCopy::path, FileCopy::cacheControl, FileCopy::contentType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("assets/app.3f9a1c2e.js", "public, max-age=31536000, immutable", "text/javascript; charset=utf-8"),
                org.assertj.core.groups.Tuple.tuple("data/prices.json", "public, max-age=300", "application/json"),
                org.assertj.core.groups.Tuple.tuple("video/intro.mp4", "public, max-age=604800", "video/mp4"));
        assertThat(plan.entryPoints()).extracting(FileCopy::cacheControl).containsExactly("public, max-age=3600");
    }

    @Test
    void sameBytesWithAChangedCacheRuleAreCopiedAgainAndReported() {
        LiveManifest before = LiveManifest.of("b1", List.of(new LiveFile("page.html", "h", 1, "public, max-age=60",
                "text/html; charset=utf-8", List.of("tenant-t1", "build-b1"))));
        SyncPlan plan = planner.plan(build("page.html=h"), before);
        assertThat(plan.entryPoints()).singleElement().satisfies(c -> {
            assertThat(c.change()).isEqualTo(FileCopy.Change.HEADERS);
            assertThat(c.cacheControl()).isEqualTo("public, max-age=3600");
        });
        assertThat(plan.reportedPaths()).containsExactly("page.html");
    }

    @Test
    void aDirtyManifestTrustsNoHashSoEveryServedFileIsReplacedAndReported() {
        SyncPlan plan = planner.plan(build("index.html=a", "app.css=b"), live("index.html=a", "app.css=b").markDirty());
        assertThat(plan.copies()).isEqualTo(2);
        assertThat(plan.unchanged()).isZero();
        assertThat(plan.reportedPaths()).containsExactly("app.css", "index.html");
    }

    @Test
    void aFileWhoseCopyFailedIsCopiedAndReportedAgain() {
        LiveManifest after = LiveManifest.of("b1", List.of(new LiveFile("app.css", "b", 10, POLICY.cacheControl("app.css"),
                "text/css", List.of()).withUnknownContent()));
        SyncPlan plan = planner.plan(build("app.css=b"), after);
        assertThat(plan.assets()).extracting(FileCopy::change).containsExactly(FileCopy.Change.MODIFIED);
        assertThat(plan.reportedPaths()).containsExactly("app.css");
    }

    @Test
    void forgottenTagsAreTheTagsOfTheReplacedAndDeletedObjects() {
        SyncPlan plan = planner.plan(build("index.html=new"), live("index.html=old", "gone.html=x"));
        assertThat(plan.forgottenTags()).containsExactly("build-b1", "tenant-t1");
    }
}
