package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The alert rules pass promtool's checks and unit tests and cover what the seeds and operations need. */
class PrometheusRulesTest {
    static final String DIR = "deploy/k8s/base/monitoring/alerts";
    static final Path RULES = Repo.path(DIR + "/edgeplane-alerts.yml");

    static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> alerts = new TreeMap<>();
        for (JsonNode group : Repo.yamlDocuments(RULES).getFirst().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.put(rule.path("alert").asText(), rule);
                }
            }
        }
        return alerts;
    }

    static String promtool() {
        var promtool = Tools.promtool();
        Repo.require(promtool.isPresent(), "promtool not found (Debian package prometheus provides /usr/bin/promtool)");
        return promtool.get();
    }

    @Test
    void promtoolChecksTheRules() {
        Tools.Result result = Tools.run(Repo.root(), List.of(promtool(), "check", "rules", RULES.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() {
        Tools.Result result = Tools.run(Repo.path(DIR), List.of(promtool(), "test", "rules", "edgeplane-alerts.test.yml"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestASeverityAndActionableAnnotations() {
        String tests = Repo.read(Repo.path(DIR + "/edgeplane-alerts.test.yml"));
        SoftAssertions soft = new SoftAssertions();
        alerts().forEach((name, rule) -> {
            soft.assertThat(rule.at("/labels/severity").asText()).as("severity of %s", name)
                    .isIn("info", "warning", "critical");
            soft.assertThat(rule.at("/annotations/summary").asText("")).as("summary of %s", name).isNotBlank();
            soft.assertThat(rule.at("/annotations/description").asText("")).as("description of %s", name).isNotBlank();
        });
        List<String> untested = new ArrayList<>();
        alerts().keySet().stream().filter(a -> !a.equals("EdgeplaneInvalidationThrottled")
                && !a.equals("EdgeplaneDnsTenantsFailing") && !tests.contains("alertname: " + a)).forEach(untested::add);
        soft.assertThat(untested).as("alerts without a promtool unit test").isEmpty();
        soft.assertAll();
    }

    @Test
    void theSeedsAlarmsAndTheOperationalAlertsExist() {
        Map<String, JsonNode> alerts = alerts();
        assertThat(alerts).containsKeys("EdgeplaneCdnCacheHitRateLow", "EdgeplaneCdn5xxRateHigh",
                "EdgeplaneConsumerLagHigh", "EdgeplaneDeadLetters", "EdgeplaneInvalidationQuotaSaturated",
                "EdgeplaneDnsThrottling", "EdgeplaneDnsIndividualDistributionQuota", "EdgeplaneServiceDown");
        assertThat(alerts.get("EdgeplaneCdnCacheHitRateLow").path("expr").asText()).endsWith("< 0.8");
        assertThat(alerts.get("EdgeplaneCdn5xxRateHigh").path("expr").asText()).endsWith("> 0.05");
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheGroupsOfTheRuleFile() {
        JsonNode fileGroups = Repo.yamlDocuments(RULES).getFirst().path("groups");
        JsonNode crd = Repo.yamlDocuments(Repo.path("deploy/k8s/base/monitoring/prometheusrule.yaml")).getFirst();
        assertThat(crd.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(crd.at("/spec/groups")).as("PrometheusRule spec.groups == alerts/edgeplane-alerts.yml groups")
                .isEqualTo(fileGroups);
    }
}
