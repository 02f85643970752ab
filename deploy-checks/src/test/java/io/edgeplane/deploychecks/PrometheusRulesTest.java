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
        // No exemptions (issue 14 #8): every alert fires in at least one test and stays silent in another.
        alerts().keySet().stream().filter(a -> !tests.contains("alertname: " + a)).forEach(untested::add);
        soft.assertThat(untested).as("alerts without a promtool unit test").isEmpty();
        soft.assertAll();
    }

    /** Issue 14 #8: NaN gauges, absent series and several replicas are exercised by the unit tests. */
    @Test
    void unitTestsCoverNanAbsentSeriesAndSeveralReplicas() {
        String tests = Repo.read(Repo.path(DIR + "/edgeplane-alerts.test.yml"));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(tests).as("a NaN gauge (restart before the first fetch)").contains("edgeplane_fetcher_last_success_timestamp_seconds{job=\"fetcher-service\",instance=\"a\"}'\n        values: 'NaN");
        soft.assertThat(alerts().get("EdgeplaneServiceDown").path("expr").asText()).as("a service with no pods")
                .contains("absent(up{job=\"media-service\"})");
        for (String service : Repo.SERVICES) {
            soft.assertThat(alerts().get("EdgeplaneServiceDown").path("expr").asText()).as("absent() of %s", service)
                    .contains("absent(up{job=\"" + service + "\"})");
        }
        for (String cdn : List.of("EdgeplaneCdnCacheHitRateLow", "EdgeplaneCdn5xxRateHigh")) {
            soft.assertThat(alerts().get(cdn).path("expr").asText()).as("%s aggregated by distribution", cdn)
                    .startsWith("max by (distribution) (");
        }
        soft.assertThat(tests).as("two invalidation pods exporting one distribution")
                .contains("edgeplane_invalidation_cache_hit_ratio{job=\"invalidation-service\",instance=\"b\",distribution=\"E1LOW\"}");
        soft.assertAll();
    }

    /**
     * Issue 14 #8: a lag alert fires only beyond what KEDA absorbs: for each service, its threshold is at least the
     * largest lagThreshold of its ScaledObject times its maxReplicaCount.
     */
    @Test
    void lagAlertThresholdsSitAboveWhatKedaAbsorbs() {
        String expr = alerts().get("EdgeplaneConsumerLagHigh").path("expr").asText();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "kafka_consumer_fetch_manager_records_lag_max\\{job(=~?)\"([^\"]+)\"}\\) > (\\d+)").matcher(expr);
        Map<String, Integer> thresholdByService = new TreeMap<>();
        while (m.find()) {
            for (String service : Repo.SERVICES) {
                if (m.group(1).equals("=") ? service.equals(m.group(2)) : service.matches(m.group(2))) {
                    assertThat(thresholdByService.put(service, Integer.parseInt(m.group(3))))
                            .as("%s matched by two lag thresholds", service).isNull();
                }
            }
        }
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode scaled : KubernetesManifestsTest.baseObjects()) {
            if (!"ScaledObject".equals(scaled.path("kind").asText())) {
                continue;
            }
            String service = scaled.at("/spec/scaleTargetRef/name").asText();
            int max = scaled.at("/spec/maxReplicaCount").asInt();
            int lag = 0;
            for (JsonNode t : scaled.at("/spec/triggers")) {
                lag = Math.max(lag, t.at("/metadata/lagThreshold").asInt());
            }
            soft.assertThat(thresholdByService.get(service)).as("lag alert threshold of %s (KEDA: %s x %s pods)", service,
                    lag, max).isNotNull().isGreaterThanOrEqualTo(lag * max);
        }
        soft.assertAll();
    }

    @Test
    void theSeedsAlarmsAndTheOperationalAlertsExist() {
        Map<String, JsonNode> alerts = alerts();
        assertThat(alerts).containsKeys("EdgeplaneCdnCacheHitRateLow", "EdgeplaneCdn5xxRateHigh",
                "EdgeplaneConsumerLagHigh", "EdgeplaneDeadLetters", "EdgeplaneInvalidationQuotaSaturated",
                "EdgeplaneDnsThrottling", "EdgeplaneDnsIndividualDistributionQuota", "EdgeplaneServiceDown");
        assertThat(alerts.get("EdgeplaneCdnCacheHitRateLow").path("expr").asText()).endsWith("< 0.8");
        JsonNode crd = Repo.yamlDocuments(Repo.path("deploy/k8s/base/monitoring/prometheusrule.yaml")).getFirst();
        assertThat(crd.at("/metadata/labels/release").asText()).as("kube-prometheus-stack's default ruleSelector label")
                .isEqualTo(KubePrometheusStack.RELEASE);
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
