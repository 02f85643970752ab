package io.edgeplane.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
    private final CachePolicy policy = CachePolicy.defaults();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "data/complete-data.json               | json-data            | public, max-age=300",
            "data/regions.json                     | json-data            | public, max-age=300",
            "assets/app.3f9a2c1b.js                | content-hashed-asset | public, max-age=31536000, immutable",
            "static/css/main-0a1b2c3d4e.css        | content-hashed-asset | public, max-age=31536000, immutable",
            "static/css/main.css                   | default              | public, max-age=86400",
            "index.html                            | html                 | public, max-age=3600",
            "tenants/t1/deployments/current/a.html | html                 | public, max-age=3600",
            "uploads/u1/2026/11/22/x.jpg           | uploads              | public, max-age=86400",
            "media/v1/original.mp4                 | video-mp4            | public, max-age=604800",
            "media/v1/hls/720p/segment_00001.ts    | hls-segment          | public, max-age=31536000, immutable",
            "media/v1/hls/720p/init.m4s            | hls-segment          | public, max-age=31536000, immutable",
            "media/v1/hls/master.m3u8              | hls-playlist         | public, max-age=60",
            "media/m1/0a1b/stream/720p/init.mp4    | cmaf-init            | public, max-age=31536000, immutable",
            "media/m1/0a1b/stream/720p/seg-00001.m4s | hls-segment        | public, max-age=31536000, immutable",
            "media/m1/0a1b/manifest.mpd            | dash-manifest        | public, max-age=60",
            "media/m1/0a1b/original.mp4            | video-mp4            | public, max-age=604800",
            "media/i1/renditions/ab12/small.webp   | media-rendition      | public, max-age=31536000, immutable",
            "api/v1/status                         | api                  | no-store",
            "/data/services.json                   | json-data            | public, max-age=300",
    })
    void firstMatchingRuleDecides(String key, String rule, String cacheControl) {
        assertThat(policy.ruleFor(key).name()).isEqualTo(rule);
        assertThat(policy.cacheControl(key)).isEqualTo(cacheControl);
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "**/*.html      | index.html         | true",
            "**/*.html      | a/b/c.html         | true",
            "*.html         | a/b.html           | false",
            "uploads/**     | uploads/a/b        | true",
            "uploads/**     | public/uploads/a   | false",
            "{a,b}/*.css    | b/x.css            | true",
            "{a,b}/*.css    | c/x.css            | false",
            "file?.txt      | file1.txt          | true",
            "regex:x[0-9]+  | x42                | true",
            "a.b            | axb                | false",
    })
    void globSyntax(String pattern, String key, boolean matches) {
        assertThat(CacheRule.of("t", pattern, "public").matches(key)).isEqualTo(matches);
    }

    @Test
    void orderMattersFirstRuleWins() {
        CachePolicy custom = new CachePolicy(List.of(
                CacheRule.of("reports", "reports/**", "public, max-age=300"),
                CacheRule.of("all", "**", "no-cache")));
        assertThat(custom.cacheControl("reports/q1.html")).isEqualTo("public, max-age=300");
        assertThat(custom.cacheControl("index.html")).isEqualTo("no-cache");
    }

    @Test
    void aPolicyWithoutCatchAllSaysSoInsteadOfGuessing() {
        CachePolicy partial = new CachePolicy(List.of(CacheRule.of("html", "**/*.html", "public, max-age=3600")));
        assertThatThrownBy(() -> partial.cacheControl("a.css")).hasMessageContaining("catch-all");
    }

    @Test
    void immutableIsReadFromTheHeader() {
        assertThat(policy.isImmutable("assets/app.3f9a2c1b.js")).isTrue();
        assertThat(policy.isImmutable("index.html")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a/b/index.html | text/html; charset=utf-8",
            "x.JSON         | application/json",
            "v/master.m3u8  | application/vnd.apple.mpegurl",
            "v/seg.ts       | video/mp2t",
            "noext          | application/octet-stream",
            "dir.d/noext    | application/octet-stream",
    })
    void contentTypeByExtension(String key, String contentType) {
        assertThat(ContentTypes.forKey(key)).isEqualTo(contentType);
    }
}
