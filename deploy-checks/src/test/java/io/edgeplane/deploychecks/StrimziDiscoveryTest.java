package io.edgeplane.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The KafkaTopics and KafkaUsers an overlay renders are seen by the Strimzi cluster they name (issue 14 item 9):
 * labelled with its name, in the namespaces its Topic and User Operators watch (the Kafka's own namespace unless
 * watchedNamespace says otherwise), users next to the pods that read their Secrets, and the services' bootstrap
 * address, port, mechanism and authorizer are the cluster's. Each overlay is paired with its cluster
 * (deploy/k8s/strimzi/&lt;overlay&gt;).
 */
class StrimziDiscoveryTest {

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String watched(JsonNode kafka, String operator) {
        JsonNode configured = kafka.at("/spec/entityOperator/" + operator + "/watchedNamespace");
        return configured.isTextual() ? configured.asText() : kafka.at("/metadata/namespace").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "dev"})
    void topicsAndUsersAreWhereTheClustersOperatorsWatchAndTheServicesReachIt(String overlay) {
        List<JsonNode> cluster = KustomizeOverlaysTest.buildDirectory("deploy/k8s/strimzi/" + overlay);
        List<JsonNode> app = KustomizeOverlaysTest.build(overlay);
        SoftAssertions soft = new SoftAssertions();
        List<JsonNode> kafkas = ofKind(cluster, "Kafka");
        soft.assertThat(kafkas).as("one Kafka in deploy/k8s/strimzi/%s", overlay).hasSize(1);
        JsonNode kafka = kafkas.get(0);
        String name = kafka.at("/metadata/name").asText();
        String namespace = kafka.at("/metadata/namespace").asText();
        soft.assertThat(kafka.at("/spec/entityOperator/topicOperator").isObject()).as("a Topic Operator").isTrue();
        soft.assertThat(kafka.at("/spec/entityOperator/userOperator").isObject()).as("a User Operator").isTrue();
        int brokers = ofKind(cluster, "KafkaNodePool").stream()
                .filter(p -> name.equals(p.at("/metadata/labels/strimzi.io~1cluster").asText()))
                .filter(p -> p.at("/spec/roles").toString().contains("broker"))
                .mapToInt(p -> p.at("/spec/replicas").asInt()).sum();
        soft.assertThat(brokers).as("brokers of %s", name).isPositive();

        String topicNamespace = watched(kafka, "topicOperator");
        String userNamespace = watched(kafka, "userOperator");
        for (JsonNode topic : ofKind(app, "KafkaTopic")) {
            String id = "KafkaTopic " + topic.at("/metadata/name").asText();
            soft.assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).as("%s cluster label", id).isEqualTo(name);
            soft.assertThat(topic.at("/metadata/namespace").asText()).as("%s: the Topic Operator watches %s", id,
                    topicNamespace).isEqualTo(topicNamespace);
            int replicas = topic.at("/spec/replicas").asInt();
            soft.assertThat(replicas).as("%s replicas within %d brokers", id, brokers).isBetween(1, brokers);
            JsonNode minIsr = topic.at("/spec/config/min.insync.replicas");
            if (!minIsr.isMissingNode()) {
                soft.assertThat(Integer.parseInt(minIsr.asText())).as("%s min.insync.replicas", id).isLessThanOrEqualTo(replicas);
            }
        }
        Map<String, String> podNamespaces = new TreeMap<>();
        ofKind(app, "Deployment").forEach(d -> podNamespaces.put(d.at("/metadata/name").asText(), d.at("/metadata/namespace").asText()));
        boolean acls = false;
        for (JsonNode user : ofKind(app, "KafkaUser")) {
            String id = "KafkaUser " + user.at("/metadata/name").asText();
            soft.assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).as("%s cluster label", id).isEqualTo(name);
            soft.assertThat(user.at("/metadata/namespace").asText()).as("%s: the User Operator watches %s", id,
                    userNamespace).isEqualTo(userNamespace);
            String podNamespace = podNamespaces.get(user.at("/metadata/name").asText());
            if (podNamespace != null) {
                soft.assertThat(userNamespace).as("%s's Secret lands next to its pods", id).isEqualTo(podNamespace);
            }
            acls |= "simple".equals(user.at("/spec/authorization/type").asText());
            String auth = user.at("/spec/authentication/type").asText();
            soft.assertThat(kafka.at("/spec/kafka/listeners").findValuesAsText("type")).as("%s: a listener with %s", id, auth)
                    .contains(auth);
        }
        if (acls) {
            soft.assertThat(kafka.at("/spec/kafka/authorization/type").asText()).as("KafkaUser ACLs need the simple authorizer")
                    .isEqualTo("simple");
        }

        // The services' connection settings (the rendered edgeplane-common ConfigMap) reach a listener of this cluster.
        JsonNode common = ofKind(app, "ConfigMap").stream()
                .filter(c -> c.at("/metadata/name").asText().startsWith("edgeplane-common")).findFirst().orElseThrow();
        String bootstrap = common.at("/data/KAFKA_BOOTSTRAP_SERVERS").asText();
        String protocol = common.at("/data/KAFKA_SECURITY_PROTOCOL").asText("PLAINTEXT");
        String mechanism = common.at("/data/KAFKA_SASL_MECHANISM").asText("");
        String expectedHost = name + "-kafka-bootstrap." + namespace + ".svc";
        soft.assertThat(bootstrap).as("KAFKA_BOOTSTRAP_SERVERS").startsWith(expectedHost + ":");
        String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
        JsonNode listener = null;
        for (JsonNode l : kafka.at("/spec/kafka/listeners")) {
            if (l.path("port").asText().equals(port)) {
                listener = l;
            }
        }
        soft.assertThat(listener).as("a listener on port %s", port).isNotNull();
        if (listener != null) {
            soft.assertThat(listener.path("tls").asBoolean()).as("listener %s tls vs %s", port, protocol)
                    .isEqualTo(protocol.endsWith("SSL"));
            String authentication = listener.at("/authentication/type").asText("");
            soft.assertThat(authentication).as("listener %s authentication vs %s/%s", port, protocol, mechanism)
                    .isEqualTo(protocol.startsWith("SASL") ? mechanism.toLowerCase() : "");
        }
        soft.assertAll();
    }
}
