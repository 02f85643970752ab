package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.invalidation.domain.PathNormalizer.IndexScope;
import io.edgeplane.invalidation.domain.PathNormalizer.Items;
import io.edgeplane.invalidation.domain.PathNormalizer.Rejected;
import io.edgeplane.invalidation.domain.PathNormalizer.Result;
import io.edgeplane.invalidation.domain.PathNormalizer.Source;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathNormalizerTest {
    private static final PathNormalizer ALL = PathNormalizer.defaults();
    private static final PathNormalizer ROOT_ONLY = new PathNormalizer(Boundary.DEFAULT, "index.html", IndexScope.ROOT);
    private static final PathNormalizer NO_INDEX = new PathNormalizer(Boundary.DEFAULT, null, IndexScope.NONE);

    static Stream<Arguments> encoding() {
        return Stream.of(
                // input, expected single item (no index twins involved)
                Arguments.of("/data/regions.json", "/data/regions.json"),
                Arguments.of("/a b/c.html", "/a%20b/c.html"),
                Arguments.of("/ünïcode/日本.png", "/%C3%BCn%C3%AFcode/%E6%97%A5%E6%9C%AC.png"),
                Arguments.of("/100%/x", "/100%25/x"),
                Arguments.of("/hash#frag", "/hash%23frag"),
                Arguments.of("/q\"<>{}|\\^[]`", "/q%22%3C%3E%7B%7D%7C%5C%5E%5B%5D%60"),
                // Safe and reserved characters stay as they are: encoding them breaks the match.
                Arguments.of("/a-b_c.d!$&'()+,;=:@/e", "/a-b_c.d!$&'()+,;=:@/e"),
                Arguments.of("/img/x.jpg?w=100", "/img/x.jpg?w=100"),
                Arguments.of("/Case/Sensitive.JPG", "/Case/Sensitive.JPG"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("encoding")
    void encodesWhatRfc1738CallsUnsafeAndNothingElse(String raw, String expected) {
        assertThat(items(NO_INDEX.normalize(raw, Source.CHANGE))).containsExactly(expected);
    }

    static Stream<Arguments> widening() {
        return Stream.of(
                Arguments.of("/tenants/t1/~draft/page.html", "/tenants/t1/*"),
                Arguments.of("/tenants/t1/docs/file~1.txt", "/tenants/t1/docs/file*"),
                Arguments.of("/data/odd*name.json", "/data/odd*"),
                Arguments.of("/tenants/t1/a b/~x", "/tenants/t1/a%20b/*"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("widening")
    void tildeAndInnerStarOfAChangedObjectBecomeTheNarrowestCoveringWildcard(String raw, String wildcard) {
        Result result = ALL.normalize(raw, Source.CHANGE);
        assertThat(items(result)).containsExactly(wildcard);
        assertThat(((Items) result).widened()).isTrue();
        assertThat(((Items) result).items().getFirst().kind()).isEqualTo(ItemKind.WILDCARD);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("data/regions.json", Source.CHANGE, "leading-slash"),
                Arguments.of("", Source.REQUEST, "required"),
                Arguments.of("/a*/b", Source.REQUEST, "wildcard-last"),
                Arguments.of("/*", Source.REQUEST, "outside-boundary"),
                Arguments.of("/~home", Source.CHANGE, "outside-boundary"),
                Arguments.of("/tenants/*", Source.REQUEST, "outside-boundary"),
                Arguments.of("/tenants/t~1/index.html", Source.CHANGE, "outside-boundary"),
                Arguments.of("/index*", Source.REQUEST, "outside-boundary"),
                Arguments.of("/" + "x".repeat(4_000), Source.REQUEST, "max-length"),
                Arguments.of("/" + "é".repeat(1_400), Source.CHANGE, "max-length"));
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @MethodSource("rejections")
    void rejectsWithTheRuleItBreaks(String raw, Source source, String rule) {
        Result result = ALL.normalize(raw, source);
        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).rule()).isEqualTo(rule);
    }

    static Stream<Arguments> boundaries() {
        return Stream.of(
                Arguments.of("/tenants/t1/*", "/tenants/t1/*"),
                Arguments.of("/tenants/t1/assets/*", "/tenants/t1/assets/*"),
                Arguments.of("/tenants/t1/app-*", "/tenants/t1/app-*"),
                Arguments.of("/static/*", "/static/*"),
                Arguments.of("/static/css/main*", "/static/css/main*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaries")
    void requestedWildcardsInsideTheirBoundaryAreKept(String raw, String expected) {
        assertThat(items(ALL.normalize(raw, Source.REQUEST))).containsExactly(expected);
    }

    @org.junit.jupiter.api.Test
    void invalidateAllNeedsTheExplicitFlag() {
        assertThat(items(ALL.normalize("/*", Source.REQUEST, true))).containsExactly("/*");
    }

    static Stream<Arguments> indexes() {
        return Stream.of(
                Arguments.of(ALL, "/tenants/t1/docs/index.html", List.of("/tenants/t1/docs/index.html", "/tenants/t1/docs/")),
                Arguments.of(ALL, "/tenants/t1/docs/", List.of("/tenants/t1/docs/", "/tenants/t1/docs/index.html")),
                Arguments.of(ALL, "/index.html", List.of("/index.html", "/")),
                Arguments.of(ROOT_ONLY, "/index.html", List.of("/index.html", "/")),
                Arguments.of(ROOT_ONLY, "/", List.of("/", "/index.html")),
                Arguments.of(ROOT_ONLY, "/docs/index.html", List.of("/docs/index.html")),
                Arguments.of(NO_INDEX, "/index.html", List.of("/index.html")),
                Arguments.of(ALL, "/tenants/t1/docs/index.htm", List.of("/tenants/t1/docs/index.htm")));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("indexes")
    void directoryIndexBringsBothFormsWhereTheIndexDocumentApplies(PathNormalizer normalizer, String raw,
            List<String> expected) {
        assertThat(items(normalizer.normalize(raw, Source.CHANGE))).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> tags() {
        return Stream.of(
                Arguments.of("Product:TV", "#Product:TV", null),
                Arguments.of("tenant-acme:build-b42", "#tenant-acme:build-b42", null),
                Arguments.of("#tenant:t1", "#tenant:t1", null),
                Arguments.of("a,b", null, "tag-format"),
                Arguments.of("with space", null, "tag-format"),
                Arguments.of("x".repeat(257), null, "tag-length"),
                Arguments.of("#", null, "required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tags")
    void tagsAreVisibleAsciiWithoutCommasAtMost256CaseKept(String raw, String item, String rule) {
        Result result = PathNormalizer.tag(raw);
        if (item != null) {
            assertThat(items(result)).containsExactly(item);
        } else {
            assertThat(((Rejected) result).rule()).isEqualTo(rule);
        }
    }

    private static List<String> items(Result result) {
        assertThat(result).as("%s", result).isInstanceOf(Items.class);
        return ((Items) result).items().stream().map(InvalidationItem::value).toList();
    }
}
