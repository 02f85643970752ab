package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards are complete and every query (and every alert) names series the services
 * really export: checked against the /q/metrics text their running applications served in their own
 * tests (see MetricsCatalog).
 */
class DashboardsTest {
    static final String DIR = "deploy/k8s/base/monitoring/dashboards";

    /** Every query of every dashboard, keyed by "dashboard / panel". */
    static Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Path file : Repo.files(DIR, ".json")) {
            JsonNode board = Repo.json(file);
            for (JsonNode panel : board.path("panels")) {
                int i = 0;
                for (JsonNode target : panel.path("targets")) {
                    queries.put(file.getFileName() + " / " + panel.path("title").asText() + " #" + i++,
                            target.path("expr").asText());
                }
            }
        }
        return queries;
    }

    static Map<String, String> alertExpressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        PrometheusRulesTest.alerts().forEach((name, rule) -> exprs.put("alert " + name, rule.path("expr").asText()));
        return exprs;
    }

    @Test
    void anOverviewAndOneDashboardPerServiceWithUniqueUidsAndTheRequiredPanels() {
        Map<String, JsonNode> boards = new LinkedHashMap<>();
        Repo.files(DIR, ".json").forEach(f -> boards.put(f.getFileName().toString(), Repo.json(f)));
        assertThat(boards).containsOnlyKeys("edgeplane-overview.json", "edgeplane-fetcher.json",
                "edgeplane-distributor.json", "edgeplane-invalidation.json", "edgeplane-dns.json", "edgeplane-media.json");
        Set<String> uids = new TreeSet<>();
        SoftAssertions soft = new SoftAssertions();
        Map<String, List<String>> titles = new LinkedHashMap<>();
        boards.forEach((file, board) -> {
            soft.assertThat(uids.add(board.path("uid").asText())).as("unique uid of %s", file).isTrue();
            soft.assertThat(board.path("title").asText()).as("title of %s", file).startsWith("Edgeplane / ");
            List<String> t = new ArrayList<>();
            board.path("panels").forEach(p -> {
                t.add(p.path("title").asText().toLowerCase());
                if (!"row".equals(p.path("type").asText())) {
                    soft.assertThat(p.at("/datasource/uid").asText()).as("%s / %s datasource", file, p.path("title"))
                            .isEqualTo("${datasource}");
                    soft.assertThat(p.path("targets").size()).as("%s / %s queries", file, p.path("title")).isPositive();
                }
            });
            titles.put(file, t);
        });
        for (String service : List.of("distributor", "invalidation", "dns", "media")) {
            List<String> t = titles.get("edgeplane-" + service + ".json");
            for (String needed : List.of("events received", "lag", "dead letters")) {
                soft.assertThat(t).as("%s dashboard has a '%s' panel", service, needed)
                        .anyMatch(title -> title.contains(needed));
            }
        }
        soft.assertThat(titles.get("edgeplane-invalidation.json")).anyMatch(t -> t.contains("items billed"))
                .anyMatch(t -> t.contains("time to fresh")).anyMatch(t -> t.contains("cache hit rate"));
        soft.assertThat(titles.get("edgeplane-dns.json")).anyMatch(t -> t.contains("in flight"))
                .anyMatch(t -> t.contains("insync"));
        soft.assertThat(titles.get("edgeplane-media.json")).anyMatch(t -> t.contains("job time"));
        soft.assertThat(titles.get("edgeplane-overview.json")).anyMatch(t -> t.contains("cache hit rate"))
                .anyMatch(t -> t.contains("lag")).anyMatch(t -> t.contains("dead letters"));
        soft.assertAll();
    }

    @Test
    void promtoolParsesEveryDashboardQuery() throws IOException {
        var promtool = Tools.promtool();
        Repo.require(promtool.isPresent(), "promtool not found (Debian package prometheus)");
        // Each query becomes a recording rule, so promtool's parser checks its syntax.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        int i = 0;
        for (String expr : queries().values()) {
            rules.append("      - record: dashboard:query_").append(i++).append('\n')
                    .append("        expr: ").append(Repo.JSON.writeValueAsString(PromQl.withoutGrafanaVariables(expr)))
                    .append('\n');
        }
        Path file = Files.createTempFile("edgeplane-dashboard-queries", ".yml");
        Files.writeString(file, rules);
        Tools.Result result = Tools.run(Repo.root(), List.of(promtool.get(), "check", "rules", file.toString()));
        Files.deleteIfExists(file);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyDashboardQueryAndAlertNamesMetricsTheServicesReallyExport() {
        MetricsCatalog catalog = MetricsCatalog.load();
        Repo.require(catalog.missingSnapshots().isEmpty(), "no metrics snapshot of " + catalog.missingSnapshots()
                + ": build the services first (./mvnw verify) with MetricsSnapshot wired into one @QuarkusTest each");
        Map<String, String> exprs = new LinkedHashMap<>(queries());
        exprs.putAll(alertExpressions());
        List<String> unknown = new ArrayList<>();
        exprs.forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            if (names.isEmpty()) {
                unknown.add(where + ": selects no metric: " + expr);
            }
            for (String name : names) {
                String why = catalog.unknown(name);
                if (why != null) {
                    unknown.add(where + ": " + why);
                }
            }
        });
        assertThat(unknown).as("queries naming series no service exports").isEmpty();
    }
}
