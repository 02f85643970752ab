package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schema validation of every object `kustomize build` renders (issue 14): each is read into the typed model of
 * its API — fabric8's Kubernetes and Prometheus Operator models, Strimzi's own model of KafkaTopic/KafkaUser,
 * and for KEDA's ScaledObject the records below — and any field the model does not know (a misspelling, a
 * field at the wrong level) or a value of the wrong type is a violation. An apiVersion/kind with no model fails
 * too, so a new kind must bring its schema.
 */
class KubernetesSchemaTest {
    /** apiVersion/kind → model class. fabric8 and Strimzi keep unknown fields in additionalProperties; the walk
     *  below turns every such field into a violation. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class));

    // ---- KEDA ScaledObject (keda.sh/v1alpha1, KEDA 2.x CRD), the fields it defines; nothing else is accepted.

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
    }

    record ScaledObjectSpec(ScaleTarget scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
            Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount, Integer maxReplicaCount,
            Fallback fallback, Advanced advanced, List<Trigger> triggers) {
    }

    record ScaleTarget(String apiVersion, String kind, String name, String envSourceContainerName) {
    }

    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {
    }

    record Advanced(Boolean restoreToOriginalReplicaCount, HpaConfig horizontalPodAutoscalerConfig,
            ScalingModifiers scalingModifiers) {
    }

    record HpaConfig(String name, HorizontalPodAutoscalerBehavior behavior) {
    }

    record ScalingModifiers(String formula, String target, String activationTarget, String metricType) {
    }

    /** KEDA's metadata is map[string]string: a YAML number or boolean there is refused by the API server. */
    record Trigger(String type, String name, Boolean useCachedMetrics, Map<String, JsonNode> metadata,
            AuthenticationRef authenticationRef, String metricType) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** The violations of one rendered object, each naming kind/name, the field path and what is wrong. */
    static List<String> violations(JsonNode object) {
        String id = object.path("kind").asText() + " " + object.at("/metadata/name").asText();
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> model = MODELS.get(key);
        if (model == null) {
            return List.of(id + ": no schema for " + key + " (add its model to KubernetesSchemaTest.MODELS)");
        }
        Object typed;
        try {
            typed = STRICT.treeToValue(object, model);
        } catch (Exception e) {
            return List.of(id + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        List<String> out = new ArrayList<>();
        walk(typed, id + " ", out);
        if (typed instanceof ScaledObject so && so.spec() != null && so.spec().triggers() != null) {
            for (Trigger t : so.spec().triggers()) {
                if (t.metadata() != null) {
                    t.metadata().forEach((k, v) -> {
                        if (!v.isTextual()) {
                            out.add(id + " .spec.triggers[].metadata." + k + ": " + v + " is not a string");
                        }
                    });
                }
            }
        }
        return out;
    }

    /** Every field a model object kept as "additional" is one its schema does not define. */
    static void walk(Object value, String path, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, out));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi") || pkg.startsWith("io.edgeplane"))
                || value.getClass().isEnum()) {
            return;
        }
        JavaType type = STRICT.constructType(value.getClass());
        for (BeanPropertyDefinition property : STRICT.getSerializationConfig().introspect(type).findProperties()) {
            if (property.getAccessor() == null) {
                continue;
            }
            Object child;
            try {
                child = property.getAccessor().getValue(value);
            } catch (RuntimeException e) {
                continue;
            }
            walk(child, path + "." + property.getName(), out);
        }
        try {
            Object extra = value.getClass().getMethod("getAdditionalProperties").invoke(value);
            if (extra instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                unknown.keySet().forEach(k -> out.add(path + "." + k + ": unknown field of "
                        + value.getClass().getSimpleName()));
            }
        } catch (ReflectiveOperationException e) {
            // a model class without additional properties: Jackson already refused unknown fields
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/prod", "overlays/dev", "strimzi/prod", "strimzi/dev"})
    void everyRenderedObjectValidatesAgainstItsApiSchema(String directory) {
        List<JsonNode> objects = KustomizeOverlaysTest.buildDirectory("deploy/k8s/" + directory);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(objects).as("rendered objects").hasSizeGreaterThan(directory.startsWith("overlays") ? 50 : 1);
        for (JsonNode object : objects) {
            soft.assertThat(violations(object)).as("%s %s", object.path("kind").asText(),
                    object.at("/metadata/name").asText()).isEmpty();
        }
        soft.assertAll();
    }

    /** The validation can fail: a misspelt or misplaced field, or a wrong type, in a real rendered object. */
    @Test
    void aMisspeltFieldOrAWrongTypeInARenderedObjectIsAViolation() {
        List<JsonNode> prod = ProductionSettingsTest.prod();
        JsonNode deployment = ProductionSettingsTest.named("Deployment", "dns-service").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        assertThat(violations(deployment)).singleElement().asString().contains("imagePullPolicyy");

        JsonNode topic = ProductionSettingsTest.kind("KafkaTopic").get(0).deepCopy();
        ((ObjectNode) topic.path("spec")).set("partitons", topic.at("/spec/partitions"));
        assertThat(violations(topic)).singleElement().asString().contains("partitons");

        JsonNode user = ProductionSettingsTest.kind("KafkaUser").get(0).deepCopy();
        ((ObjectNode) user.at("/spec/authorization/acls/0/resource")).put("patern", "literal");
        assertThat(violations(user)).singleElement().asString().contains("patern");

        JsonNode scaled = ProductionSettingsTest.named("ScaledObject", "dns-service").deepCopy();
        ((ObjectNode) scaled.path("spec")).put("maxReplicas", 3);
        assertThat(violations(scaled)).singleElement().asString().contains("maxReplicas");
        JsonNode lag = ProductionSettingsTest.named("ScaledObject", "dns-service").deepCopy();
        ((ObjectNode) lag.at("/spec/triggers/0/metadata")).put("lagThreshold", 200);
        assertThat(violations(lag)).singleElement().asString().contains("lagThreshold");

        JsonNode monitor = ProductionSettingsTest.kind("ServiceMonitor").get(0).deepCopy();
        ((ObjectNode) monitor.at("/spec/endpoints/0")).put("intervall", "30s");
        assertThat(violations(monitor)).singleElement().asString().contains("intervall");

        JsonNode budget = ProductionSettingsTest.kind("PodDisruptionBudget").get(0).deepCopy();
        ((ObjectNode) budget.path("spec")).put("replicas", "two");
        assertThat(violations(budget)).isNotEmpty();

        JsonNode unknownKind = Repo.JSON.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Widget");
        assertThat(violations(unknownKind)).singleElement().asString().contains("no schema");
        assertThat(prod).isNotEmpty();
    }
}
