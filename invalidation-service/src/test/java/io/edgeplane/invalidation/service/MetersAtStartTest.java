package io.edgeplane.invalidation.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.EventType;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: every {@code edgeplane_invalidation_*} series of a known tag value is exported from start-up at
 * zero, before any event or request (a fresh application: its own profile, a consumer group of its own that
 * starts at the end of the topic, so nothing earlier tests published is replayed into the counters).
 */
@QuarkusTest
@TestProfile(MetersAtStartTest.Fresh.class)
@WithTestResource(KafkaTestResource.class)
class MetersAtStartTest {
    public static final class Fresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.files-distributed.group.id", "invalidation-service.meters-at-start",
                    "mp.messaging.incoming.files-distributed.auto.offset.reset", "latest");
        }
    }

    @Test
    void everyInvalidationMeterIsExportedAtZeroRightAfterStart() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> zero = new ArrayList<>();
        zero.add("edgeplane_invalidation_changes_taken_total");
        for (String target : InvalidationMetrics.TARGETS) {
            zero.add("edgeplane_invalidation_requests_total{outcome=\"created\",target=\"" + target + "\"}");
            zero.add("edgeplane_invalidation_requests_total{outcome=\"failed\",target=\"" + target + "\"}");
            zero.add("edgeplane_invalidation_time_to_fresh_seconds_count{target=\"" + target + "\"}");
            for (ItemKind kind : ItemKind.values()) {
                zero.add("edgeplane_invalidation_items_billed_total{kind=\"" + kind.metricTag() + "\",target=\""
                        + target + "\"}");
            }
        }
        for (ItemKind kind : ItemKind.values()) {
            zero.add("edgeplane_invalidation_items_taken_total{kind=\"" + kind.metricTag() + "\"}");
        }
        InvalidationMetrics.REFUSAL_RULES.forEach(r -> zero.add("edgeplane_invalidation_items_refused_total{rule=\""
                + r + "\"}"));
        InvalidationMetrics.ERROR_CODES.stream().filter(c -> !c.equals(InvalidationMetrics.STATISTICS_ERROR))
                .forEach(c -> zero.add("edgeplane_invalidation_errors_total{code=\"" + c + "\"}"));
        zero.add("edgeplane_invalidation_events_received_total{type=\"" + EventType.FILES_DISTRIBUTED.ceType()
                + "\"}");
        zero.add("edgeplane_invalidation_pending_paths");
        zero.add("edgeplane_invalidation_quota_utilisation{kind=\"paths\"}");
        zero.add("edgeplane_invalidation_quota_utilisation{kind=\"wildcards\"}");
        for (String series : zero) {
            assertThat(value(text, series)).as(series).isEqualTo(0.0);
        }
        // The account's CloudFront budget (platform AccountBudgets): its series exist from start-up; share and pace
        // follow the assignment, which may already have happened.
        for (String series : List.of("budget_share_ratio", "budget_limit_requests_per_second", "budget_requests_total")) {
            assertThat(value(text, "edgeplane_invalidation_" + series + "{budget=\"cloudfront\"}")).as(series)
                    .isNotNull();
        }
        // The statistics poller's error counter and the configured distribution's cache gauges exist too (the
        // poller may already have run: their values are whatever it saw).
        assertThat(value(text, "edgeplane_invalidation_errors_total{code=\"statistics\"}")).isNotNull();
        for (String gauge : List.of("cache_hit_ratio", "cache_requests", "cache_bytes_downloaded",
                "cache_error_ratio_4xx", "cache_error_ratio_5xx", "cache_origin_latency_seconds")) {
            assertThat(value(text, "edgeplane_invalidation_" + gauge + "{distribution=\"E1EDGEPLANE0001\"}"))
                    .as(gauge).isNotNull();
        }
    }

    /** The value of one series (name and tags in Prometheus order, the application tag ignored), or null. */
    static Double value(String text, String series) {
        int brace = series.indexOf('{');
        String name = brace < 0 ? series : series.substring(0, brace);
        List<String> tags = brace < 0 ? List.of() : List.of(series.substring(brace + 1, series.length() - 1).split(","));
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{([^}]*)})?\\s+(\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        while (m.find()) {
            String present = m.group(2) == null ? "" : m.group(2);
            if (tags.stream().allMatch(t -> (("," + present + ",").contains("," + t + ",")))) {
                return Double.parseDouble(m.group(3));
            }
        }
        return null;
    }
}
