package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest under deploy/k8s parses into Kubernetes objects of known kinds, and each service is complete. */
class KubernetesManifestsTest {
    static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Deployment", "apps/v1"),
            Map.entry("Service", "v1"),
            Map.entry("ServiceAccount", "v1"),
            Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("ScaledObject", "keda.sh/v1alpha1"),
            Map.entry("ServiceMonitor", "monitoring.coreos.com/v1"),
            Map.entry("PrometheusRule", "monitoring.coreos.com/v1"),
            Map.entry("KafkaTopic", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaUser", "kafka.strimzi.io/v1beta2"),
            Map.entry("Kafka", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaNodePool", "kafka.strimzi.io/v1beta2"),
            Map.entry("Kustomization", "kustomize.config.k8s.io/v1beta1"));

    static List<String> services() {
        return Repo.SERVICES;
    }

    /** The objects of deploy/k8s/base, without the strategic merge patches it applies to them. */
    static List<JsonNode> baseObjects() {
        List<JsonNode> all = new ArrayList<>();
        Set<Path> patches = new TreeSet<>();
        Repo.yamlDocuments(Repo.path("deploy/k8s/base/kustomization.yaml")).getFirst().path("patchesStrategicMerge")
                .forEach(p -> patches.add(Repo.path("deploy/k8s/base/" + p.asText()).normalize()));
        for (Path file : Repo.files("deploy/k8s/base", ".yaml")) {
            if (!file.getFileName().toString().equals("kustomization.yaml") && !patches.contains(file.normalize())) {
                all.addAll(Repo.yamlDocuments(file));
            }
        }
        return all;
    }

    static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.at("/metadata/name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in deploy/k8s/base"));
    }

    @Test
    void everyManifestIsAKubernetesObjectOfAKnownKindAndApiVersion() {
        List<Path> files = Repo.files("deploy/k8s", ".yaml");
        assertThat(files).as("manifests under deploy/k8s").hasSizeGreaterThan(30);
        SoftAssertions soft = new SoftAssertions();
        for (Path file : files) {
            for (JsonNode doc : Repo.yamlDocuments(file)) {
                String kind = doc.path("kind").asText(null);
                soft.assertThat(kind).as("%s: kind", file).isIn(API_VERSIONS.keySet());
                soft.assertThat(doc.path("apiVersion").asText()).as("%s: apiVersion of %s", file, kind)
                        .isEqualTo(API_VERSIONS.get(kind));
                if (!"Kustomization".equals(kind)) {
                    soft.assertThat(doc.at("/metadata/name").asText("")).as("%s: metadata.name", file)
                            .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void everyManifestInADirectoryIsListedInItsKustomization() {
        SoftAssertions soft = new SoftAssertions();
        for (Path kustomization : Repo.files("deploy/k8s", "kustomization.yaml")) {
            Path dir = kustomization.getParent();
            JsonNode k = Repo.yamlDocuments(kustomization).getFirst();
            Set<String> referenced = new TreeSet<>();
            k.path("resources").forEach(r -> referenced.add(r.asText()));
            k.path("patches").forEach(p -> referenced.add(p.path("path").asText()));
            k.path("patchesStrategicMerge").forEach(p -> referenced.add(p.asText()));
            for (JsonNode resource : k.path("resources")) {
                Path target = dir.resolve(resource.asText()).normalize();
                soft.assertThat(Files.exists(target)).as("%s references %s", kustomization, resource.asText()).isTrue();
            }
            if (dir.toString().contains("/base")) {
                try (var listing = Files.list(dir)) {
                    listing.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml"))
                            .forEach(f -> soft.assertThat(referenced).as("%s lists %s", kustomization, f.getFileName())
                                    .contains(f.getFileName().toString()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @MethodSource("services")
    void deploymentHasProbesResourcesNonRootReadOnlyRootAndAGracePeriodLongerThanTheDrain(String service) {
        ServiceFacts facts = ServiceFacts.of(service);
        JsonNode deployment = find(baseObjects(), "Deployment", service);
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.path("containers").get(0);
        SoftAssertions soft = new SoftAssertions();

        soft.assertThat(deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);
        soft.assertThat(pod.path("serviceAccountName").asText()).isEqualTo(service);
        soft.assertThat(container.path("image").asText()).isEqualTo("edgeplane/" + service + ":latest");
        soft.assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        soft.assertThat(container.at("/ports/0/containerPort").asInt()).as("the port of application.properties")
                .isEqualTo(facts.port());
        for (String[] probe : new String[][] {{"startupProbe", "/q/health/started"},
                {"livenessProbe", "/q/health/live"}, {"readinessProbe", "/q/health/ready"}}) {
            soft.assertThat(container.at("/" + probe[0] + "/httpGet/path").asText()).as(probe[0]).isEqualTo(probe[1]);
            soft.assertThat(container.at("/" + probe[0] + "/httpGet/port").asText()).as(probe[0]).isEqualTo("http");
        }
        for (String r : List.of("requests", "limits")) {
            for (String q : List.of("cpu", "memory")) {
                soft.assertThat(container.at("/resources/" + r + "/" + q).asText("")).as("%s.%s", r, q).isNotBlank();
            }
        }
        soft.assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as("pod runAsNonRoot").isTrue();
        soft.assertThat(pod.at("/securityContext/runAsUser").asInt()).as("UID of the image").isEqualTo(185);
        soft.assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        soft.assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        soft.assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");

        JsonNode tmpMount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> "/tmp".equals(m.path("mountPath").asText())).findFirst().orElse(null);
        soft.assertThat(tmpMount).as("a writable /tmp").isNotNull();
        if (tmpMount != null) {
            String volume = tmpMount.path("name").asText();
            boolean emptyDir = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                    .anyMatch(v -> volume.equals(v.path("name").asText()) && v.has("emptyDir"));
            soft.assertThat(emptyDir).as("/tmp is an emptyDir").isTrue();
        }

        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        soft.assertThat(env).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(facts.port()));
        String shutdown = env.get("QUARKUS_SHUTDOWN_TIMEOUT");
        soft.assertThat(shutdown).as("QUARKUS_SHUTDOWN_TIMEOUT (the consumer drain)").matches("\\d+S");
        if (shutdown != null && shutdown.matches("\\d+S")) {
            int drain = Integer.parseInt(shutdown.substring(0, shutdown.length() - 1));
            int preStop = container.at("/lifecycle/preStop/exec/command/1").asInt(0);
            soft.assertThat(pod.path("terminationGracePeriodSeconds").asInt())
                    .as("terminationGracePeriodSeconds > drain %ss + preStop %ss", drain, preStop)
                    .isGreaterThan(drain + preStop);
        }
        List<String> envFrom = new ArrayList<>();
        container.path("envFrom").forEach(e -> envFrom.add(e.has("configMapRef")
                ? "configMap:" + e.at("/configMapRef/name").asText() : "secret:" + e.at("/secretRef/name").asText()));
        soft.assertThat(envFrom).contains("configMap:edgeplane-common", "configMap:" + service + "-config",
                "secret:edgeplane-api");
        soft.assertAll();
    }

    @ParameterizedTest
    @MethodSource("services")
    void serviceAccountServiceBudgetMonitorAndNetworkPolicyExist(String service) {
        List<JsonNode> objects = baseObjects();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(find(objects, "ServiceAccount", service).at("/metadata/annotations/eks.amazonaws.com~1role-arn")
                .asText()).as("IRSA role").matches("arn:aws:iam::\\d{12}:role/edgeplane-" + service);

        JsonNode svc = find(objects, "Service", service);
        soft.assertThat(svc.at("/spec/selector/app.kubernetes.io~1name").asText()).isEqualTo(service);
        soft.assertThat(svc.at("/spec/ports/0/name").asText()).isEqualTo("http");
        soft.assertThat(svc.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");

        JsonNode pdb = find(objects, "PodDisruptionBudget", service);
        soft.assertThat(pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);
        soft.assertThat(pdb.at("/spec/minAvailable").isMissingNode() && pdb.at("/spec/maxUnavailable").isMissingNode())
                .as("a PodDisruptionBudget with minAvailable or maxUnavailable").isFalse();

        JsonNode monitor = find(objects, "ServiceMonitor", service);
        soft.assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        soft.assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        soft.assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);

        JsonNode policy = find(objects, "NetworkPolicy", service);
        soft.assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);
        soft.assertThat(policy.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
        Set<String> ingressNamespaces = new TreeSet<>();
        policy.at("/spec/ingress").forEach(rule -> rule.path("from").forEach(from -> ingressNamespaces.add(
                from.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())));
        soft.assertThat(ingressNamespaces).as("ingress only from monitoring and the ingress controller")
                .containsExactlyInAnyOrder("monitoring", "ingress-nginx");
        Set<Integer> egressPorts = new TreeSet<>();
        policy.at("/spec/egress").forEach(rule -> rule.path("ports").forEach(p -> egressPorts.add(p.path("port").asInt())));
        soft.assertThat(egressPorts).as("egress to Kafka, DNS and AWS over HTTPS").containsExactlyInAnyOrder(9092, 9093,
                53, 443);
        soft.assertAll();
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyConsumerGroupScalesOnItsLagWithNoMoreReplicasThanPartitions(String service) {
        ServiceFacts facts = ServiceFacts.of(service);
        List<JsonNode> objects = baseObjects();
        if (facts.incoming().isEmpty()) {
            assertThat(objects.stream().filter(o -> "ScaledObject".equals(o.path("kind").asText())
                    && service.equals(o.at("/metadata/name").asText()))).as("%s consumes nothing", service).isEmpty();
            return;
        }
        JsonNode scaled = find(objects, "ScaledObject", service);
        Map<String, Integer> partitions = KafkaTopicsTest.partitionsByTopic();
        Set<String> expected = new TreeSet<>();
        facts.incoming().values().forEach(c -> expected.add(c.groupId() + " <- " + c.topic()));
        Set<String> triggers = new TreeSet<>();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo(service);
        int max = scaled.at("/spec/maxReplicaCount").asInt();
        for (JsonNode trigger : scaled.at("/spec/triggers")) {
            soft.assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            String topic = trigger.at("/metadata/topic").asText();
            triggers.add(trigger.at("/metadata/consumerGroup").asText() + " <- " + topic);
            soft.assertThat(partitions).as("KafkaTopic for trigger topic %s", topic).containsKey(topic);
            soft.assertThat(max).as("maxReplicaCount <= partitions of %s", topic)
                    .isLessThanOrEqualTo(partitions.getOrDefault(topic, 0));
            soft.assertThat(trigger.at("/metadata/bootstrapServersFromEnv").asText()).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        }
        soft.assertThat(triggers).as("one kafka trigger per incoming channel of application.properties")
                .isEqualTo(expected);
        soft.assertAll();
    }

    static Map<String, String> configEnv(String service) {
        Map<String, String> env = new java.util.TreeMap<>();
        for (String line : Repo.read(Repo.path("deploy/k8s/base/" + service + "/config.env")).split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && t.contains("=")) {
                env.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
            }
        }
        return env;
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyAdapterIsChosenExplicitlyAndNoLocalEndpointOrStaticKeyReachesKubernetes(String service) {
        ServiceFacts facts = ServiceFacts.of(service);
        Map<String, String> env = configEnv(service);
        SoftAssertions soft = new SoftAssertions();
        for (String key : facts.properties().stringPropertyNames()) {
            if (!key.startsWith("%") && key.endsWith(".adapter")) {
                soft.assertThat(env.get(ServiceFacts.envName(key))).as("%s in %s/config.env", ServiceFacts.envName(key),
                        service).isEqualTo("aws");
            }
        }
        Map<String, String> all = new java.util.TreeMap<>(env);
        for (String line : Repo.read(Repo.path("deploy/k8s/base/common.env")).split("\n")) {
            if (line.contains("=") && !line.startsWith("#")) {
                all.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        soft.assertThat(all.keySet()).as("production takes credentials from IRSA and the real AWS endpoints")
                .noneMatch(k -> k.startsWith("EDGEPLANE_AWS_ENDPOINT_OVERRIDE") || k.startsWith("EDGEPLANE_AWS_CREDENTIALS")
                        || k.contains("SECRET") || k.contains("TOKEN"));
        soft.assertAll();
    }

    /**
     * Pods share the account's Route 53 budget instead of multiplying it: the configured rate is the account's
     * and must stay under Route 53's 5 requests/s, and the channel that drives the writes must name the budget
     * listener, or every pod would pace at the full rate (issue 16).
     */
    @Test
    void dnsPodsShareOneAccountWideRoute53RateUnderTheAccountLimit() throws java.io.IOException {
        double account = Double.parseDouble(configEnv("dns-service").get("EDGEPLANE_DNS_ROUTE53_REQUESTS_PER_SECOND"));
        assertThat(account).as("the account-wide Route 53 rate against Route 53's 5 requests/s").isLessThan(5.0);
        java.util.Properties props = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Repo.path("dns-service/src/main/resources/application.properties"))) {
            props.load(in);
        }
        assertThat(props.getProperty("mp.messaging.incoming.zone-changes.consumer-rebalance-listener.name"))
                .as("the zone-changes channel shares the Route 53 budget by its assignment").isEqualTo("edgeplane-budgets");
    }
}
