package io.edgeplane.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: every {@code edgeplane_fetcher_*} meter is exported from start-up, at zero, before any fetch
 * ran. Its own test profile: a fresh application that no other test has driven.
 */
@QuarkusTest
@TestProfile(MetersAtStartUpTest.Fresh.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class MetersAtStartUpTest {
    /** No overrides; a profile of its own only to get an application that has fetched nothing. */
    public static class Fresh implements QuarkusTestProfile {
    }

    @Test
    void everyMeterIsExportedAtZeroRightAfterStartUp() {
        List<String> lines = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("edgeplane_fetcher_")).toList();
        List<String> zero = List.of("edgeplane_fetcher_fetch_duration_seconds_count ");
        for (String trigger : List.of("schedule", "api")) {
            for (String outcome : List.of("changed", "unchanged", "failed")) {
                String series = "edgeplane_fetcher_fetches_total{outcome=\"" + outcome + "\",trigger=\"" + trigger + "\"";
                assertThat(lines).as(series).anyMatch(l -> l.startsWith(series) && l.endsWith(" 0.0"));
            }
        }
        zero.forEach(series -> assertThat(lines).as(series).anyMatch(l -> l.startsWith(series) && l.endsWith(" 0.0")));
        // The last success is NaN until a fetch succeeded: zero would read as "stale since 1970".
        assertThat(lines).anyMatch(l -> l.startsWith("edgeplane_fetcher_last_success_timestamp_seconds "));
    }
}
