package io.edgeplane.media;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.MediaKind;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A freshly started media-service (a profile of its own, so no other test has processed anything in
 * it): every {@code edgeplane_media_*} series is exported at zero before the first upload or request,
 * and readiness includes the ffmpeg check, with the bundled programs extracted and run.
 */
@QuarkusTest
@TestProfile(MediaStartupTest.FreshStart.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@WithTestResource(SigningKeyTestResource.class)
class MediaStartupTest {
    private static final Pattern SAMPLE = Pattern.compile("^(edgeplane_media_[a-z_]+)(\\{([^}]*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    /** A new application instance: nothing else runs in it. */
    public static class FreshStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"io.edgeplane.media.config\".level", "DEBUG");
        }
    }

    @Test
    void everyMediaSeriesIsExportedAtZeroRightAfterStart() {
        Map<String, Double> series = scrape();
        List<String> expected = new ArrayList<>();
        for (MediaKind kind : MediaKind.values()) {
            String k = "kind=" + kind.json();
            expected.add("edgeplane_media_items_processed_total{" + k + ",outcome=processed,reason=none}");
            for (FailureReason reason : FailureReason.values()) {
                expected.add("edgeplane_media_items_processed_total{" + k + ",outcome=failed,reason=" + reason.code() + "}");
            }
            expected.add("edgeplane_media_processing_duration_seconds_count{" + k + "}");
            expected.add("edgeplane_media_items_replaced_total{" + k + "}");
            expected.add("edgeplane_media_output_bytes_total{" + k + "}");
        }
        expected.add("edgeplane_media_transcoded_media_seconds_total{}");
        expected.add("edgeplane_media_transcode_wall_seconds_total{}");
        expected.add("edgeplane_media_transcode_progress_ratio{}");
        expected.add("edgeplane_media_upload_urls_total{}");
        for (String outcome : List.of("signed", "denied")) {
            for (String policy : List.of("canned", "custom")) {
                expected.add("edgeplane_media_signed_urls_total{outcome=" + outcome + ",policy=" + policy + "}");
            }
        }
        assertThat(series).containsKeys(expected.toArray(String[]::new));
        assertThat(series).allSatisfy((name, value) -> assertThat(value).as(name).isZero());
    }

    @Test
    void readinessWaitsForTheBundledFfmpeg() {
        // Ready only once ffmpeg was extracted and ran (a cold JavaCPP cache takes seconds).
        await().atMost(Duration.ofSeconds(120)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        Map<String, Object> check = health.getMap("checks.find { it.name == 'media-ffmpeg' }");
        assertThat(check).as("readiness checks: %s", health.getList("checks.name")).isNotNull();
        assertThat(check.get("status")).isEqualTo("UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.get("data");
        assertThat(data.get("version").toString()).startsWith("ffmpeg version");
        assertThat(Files.isExecutable(Path.of(data.get("ffmpeg").toString()))).isTrue();
    }

    /** name{sorted labels} -> value of every edgeplane_media_ sample. */
    private static Map<String, Double> scrape() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(3) == null ? "" : m.group(3));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            List<String> parts = new ArrayList<>();
            labels.forEach((k, v) -> parts.add(k + "=" + v));
            out.put(m.group(1) + "{" + String.join(",", parts) + "}", Double.parseDouble(m.group(4)));
        }
        return out;
    }
}
