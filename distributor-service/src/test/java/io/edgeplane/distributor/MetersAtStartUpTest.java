package io.edgeplane.distributor;

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
 * Issue 14: every {@code edgeplane_distributor_*} meter is exported from start-up, at zero, before any
 * event arrived (an alert or a rate over a series that appears with its first increment misses it).
 * Its own test profile: a fresh application that has seen nothing.
 */
@QuarkusTest
@TestProfile(MetersAtStartUpTest.Fresh.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class MetersAtStartUpTest {
    /** No overrides; a profile of its own only to get an application no other test has driven. */
    public static class Fresh implements QuarkusTestProfile {
    }

    static final List<String> ZERO = List.of(
            "edgeplane_distributor_files_distributed_total ",
            "edgeplane_distributor_files_unchanged_total ",
            "edgeplane_distributor_files_failed_total{error=\"NoSuchKey\"",
            "edgeplane_distributor_files_skipped_total{reason=\"bucket-not-configured\"",
            "edgeplane_distributor_distributions_total{outcome=\"complete\"",
            "edgeplane_distributor_distributions_total{outcome=\"partial\"",
            "edgeplane_distributor_distributions_total{outcome=\"failed\"",
            "edgeplane_distributor_distributions_total{outcome=\"skipped\"",
            "edgeplane_distributor_manifest_save_failures_total ",
            "edgeplane_distributor_copy_latency_seconds_count ",
            "edgeplane_distributor_deployments_promoted_total{action=\"promote\",mode=\"copy\"",
            "edgeplane_distributor_deployments_promoted_total{action=\"rollback\",mode=\"pointer\"",
            "edgeplane_distributor_deployments_rejected_total{mode=\"copy\",reason=\"foreign-source\"",
            "edgeplane_distributor_deployments_rejected_total{mode=\"copy\",reason=\"max-deletes\"",
            "edgeplane_distributor_deployments_retried_total ",
            "edgeplane_distributor_deployment_files_total{action=\"copied\"",
            "edgeplane_distributor_deployment_files_total{action=\"deleted\"",
            "edgeplane_distributor_deployment_files_total{action=\"unchanged\"",
            "edgeplane_distributor_deployment_promotion_seconds_count{mode=\"copy\"",
            "edgeplane_distributor_deployment_pointer_switch_seconds_count ",
            "edgeplane_distributor_deployment_pointer_conflicts_total ",
            "edgeplane_distributor_events_received_total{type=\"io.edgeplane.data.fetched.v1\"",
            "edgeplane_distributor_events_received_total{type=\"io.edgeplane.deployment.completed.v1\"");

    @Test
    void everyMeterIsExportedAtZeroRightAfterStartUp() {
        List<String> lines = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("edgeplane_distributor_")).toList();
        for (String series : ZERO) {
            List<String> found = lines.stream().filter(l -> l.startsWith(series)).toList();
            assertThat(found).as(series).isNotEmpty();
            assertThat(found).as(series + " is zero").allSatisfy(l -> assertThat(Double.parseDouble(
                    l.substring(l.lastIndexOf(' ') + 1))).isZero());
        }
        // Gauges of the last distribution are NaN, not zero, until one ran: zero would read as a failed run.
        assertThat(lines).anyMatch(l -> l.startsWith("edgeplane_distributor_distribution_success_ratio "));
        assertThat(lines).anyMatch(l -> l.startsWith("edgeplane_distributor_last_success_timestamp_seconds "));
    }
}
