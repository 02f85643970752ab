package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.Topics;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml parses (anchors and merge keys resolved as compose does) and runs every service with a
 * complete environment: whatever a service's local profile has to override, compose sets too.
 */
class ComposeFileTest {
    static Map<String, Object> compose;
    static Map<String, Object> services;
    static String initAws;
    static Set<String> awsEnvFileNames;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() {
        compose = new Yaml().load(Repo.read(Repo.path("docker-compose.yml")));
        services = (Map<String, Object>) compose.get("services");
        initAws = Repo.read(Repo.path("deploy/compose/init-aws.sh"));
        Matcher block = Pattern.compile("cat > /run/edgeplane/aws\\.env\\.tmp <<ENV\\n(.*?)\\nENV\\n", Pattern.DOTALL)
                .matcher(initAws);
        assertThat(block.find()).as("init-aws.sh writes /run/edgeplane/aws.env from a heredoc").isTrue();
        awsEnvFileNames = new TreeSet<>();
        for (String line : block.group(1).split("\n")) {
            awsEnvFileNames.add(line.substring(0, line.indexOf('=')));
        }
        awsEnvBlock = block.group(1);
    }

    static String awsEnvBlock;

    static List<String> services() {
        return Repo.SERVICES;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        Object s = services.get(name);
        assertThat(s).as("compose service %s", name).isInstanceOf(Map.class);
        return (Map<String, Object>) s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String name) {
        Map<String, String> env = new TreeMap<>();
        ((Map<String, Object>) service(name).getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    static List<String> fromAwsEnv(String name) {
        return (List<String>) service(name).getOrDefault("x-edgeplane-from-aws-env", List.of());
    }

    @Test
    void theStackHasKafkaMotoInitJobsTheFiveServicesPrometheusAndGrafana() {
        assertThat(services).containsKeys("kafka", "moto", "init-kafka", "init-aws", "prometheus", "grafana");
        assertThat(services).containsKeys(Repo.SERVICES.toArray(String[]::new));
        assertThat(String.valueOf(service("kafka").get("image"))).startsWith("apache/kafka:");
        assertThat(String.valueOf(service("moto").get("image"))).startsWith("motoserver/moto:");
        assertThat(environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        for (String job : List.of("init-kafka", "init-aws")) {
            assertThat(service(job).get("restart")).as("%s runs once", job).isEqualTo("no");
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    @SuppressWarnings("unchecked")
    void serviceIsBuiltFromItsDockerfileAndWaitsForTheBrokerAndTheInitJobs(String name) {
        ServiceFacts facts = ServiceFacts.of(name);
        Map<String, Object> s = service(name);
        Map<String, Object> build = (Map<String, Object>) s.get("build");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(build.get("context")).isEqualTo("./" + name);
        soft.assertThat(build.get("dockerfile")).isEqualTo("src/main/docker/Dockerfile.jvm");
        soft.assertThat(Files.isRegularFile(Repo.path(name + "/src/main/docker/Dockerfile.jvm"))).isTrue();
        soft.assertThat(Repo.read(Repo.path(name + "/src/main/docker/Dockerfile.jvm"))).as("Dockerfile of %s", name)
                .contains("USER 185", "COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
                        "EXPOSE " + facts.port(), "openjdk-25-runtime");
        soft.assertThat((List<Object>) s.get("ports")).map(String::valueOf).contains("127.0.0.1:" + facts.port() + ":" + facts.port());
        Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) s.get("depends_on");
        soft.assertThat(dependsOn.get("init-kafka")).containsEntry("condition", "service_completed_successfully");
        soft.assertThat(dependsOn.get("init-aws")).containsEntry("condition", "service_completed_successfully");
        soft.assertThat(dependsOn.get("kafka")).containsEntry("condition", "service_healthy");
        soft.assertThat(String.valueOf(s.get("entrypoint"))).contains(". /run/edgeplane/aws.env", "run-java.sh");
        soft.assertAll();
    }

    @ParameterizedTest
    @MethodSource("services")
    void environmentCoversEverySettingTheLocalProfileOverridesAndEveryAdapter(String name) {
        ServiceFacts facts = ServiceFacts.of(name);
        Map<String, String> env = environment(name);
        Set<String> provided = new TreeSet<>(env.keySet());
        provided.addAll(fromAwsEnv(name));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "EDGEPLANE_AWS_REGION",
                "EDGEPLANE_AWS_ENDPOINT_OVERRIDE_S3", "EDGEPLANE_AWS_CREDENTIALS_ACCESS_KEY_ID",
                "EDGEPLANE_AWS_CREDENTIALS_SECRET_ACCESS_KEY", "EDGEPLANE_SECURITY_API_TOKEN_SHA256");
        soft.assertThat(env).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(facts.port()));
        soft.assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");

        List<String> adapters = new ArrayList<>();
        for (String key : facts.properties().stringPropertyNames()) {
            if (!key.startsWith("%") && key.endsWith(".adapter")) {
                adapters.add(key);
                soft.assertThat(env.get(ServiceFacts.envName(key))).as("%s (%s) chosen explicitly", key,
                        ServiceFacts.envName(key)).isIn("aws", "simulated");
            }
        }
        boolean anySimulated = adapters.stream().anyMatch(a -> "simulated".equals(env.get(ServiceFacts.envName(a))));
        for (String key : facts.localOverrides().keySet()) {
            if (key.contains(".simulated.") && !anySimulated) {
                continue; // tuning of a simulated adapter compose does not use
            }
            int quote = key.indexOf('"');
            if (quote > 0) {
                // A map key with a dot ("edgeplane.test") is passed as -D<property> through the aws.env file.
                soft.assertThat(awsEnvBlock).as("%s set as a system property by init-aws", key)
                        .contains("-D" + key.substring(0, quote + 1));
                continue;
            }
            soft.assertThat(provided).as("%s: %%local sets %s, so compose must set %s", name, key,
                    ServiceFacts.envName(key)).contains(ServiceFacts.envName(key));
        }
        for (String fromFile : fromAwsEnv(name)) {
            soft.assertThat(awsEnvFileNames).as("init-aws.sh writes %s", fromFile).contains(fromFile);
        }
        soft.assertAll();
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceAndLoadsTheAlertRulesGrafanaGetsTheDashboards() {
        Map<String, Object> prometheus = new Yaml().load(Repo.read(Repo.path("deploy/compose/prometheus.yml")));
        Map<String, String> targets = new TreeMap<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            assertThat(job.get("metrics_path")).isEqualTo("/q/metrics");
            List<Map<String, List<String>>> statics = (List<Map<String, List<String>>>) job.get("static_configs");
            targets.put((String) job.get("job_name"), statics.getFirst().get("targets").getFirst());
        }
        for (String name : Repo.SERVICES) {
            assertThat(targets).containsEntry(name, name + ":" + ServiceFacts.of(name).port());
        }
        List<String> promVolumes = (List<String>) service("prometheus").get("volumes");
        String rules = ((List<String>) prometheus.get("rule_files")).getFirst();
        assertThat(promVolumes).contains("./deploy/k8s/base/monitoring/alerts/edgeplane-alerts.yml:" + rules + ":ro");
        List<String> grafanaVolumes = (List<String>) service("grafana").get("volumes");
        assertThat(grafanaVolumes).contains("./deploy/k8s/base/monitoring/dashboards:/var/lib/grafana/dashboards/edgeplane:ro",
                "./deploy/compose/grafana/provisioning:/etc/grafana/provisioning:ro");
        for (String volume : grafanaVolumes) {
            assertThat(Repo.path(volume.substring(2, volume.indexOf(':')))).as(volume).exists();
        }
    }

    @Test
    void initKafkaCreatesEveryKafkaTopicWithTheSamePartitions() {
        String script = Repo.read(Repo.path("deploy/compose/init-kafka.sh"));
        Map<String, Integer> created = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^create_topic (\\S+) (\\d+) ").matcher(script);
        while (m.find()) {
            created.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Matcher dlq = Pattern.compile("create_topic \"edgeplane\\.dlq\\.\\$service\" (\\d+)").matcher(script);
        assertThat(dlq.find()).as("init-kafka creates the dead-letter topics").isTrue();
        for (String service : Repo.SERVICES) {
            created.put(Topics.deadLetter(service), Integer.parseInt(dlq.group(1)));
        }
        assertThat(script).contains("/edgeplane/topics.d/*.txt");
        Map<String, Integer> declared = new TreeMap<>(KafkaTopicsTest.partitionsByTopic());
        KafkaTopicsTest.internalTopics().forEach(t -> declared.remove(t.name()));
        assertThat(created).isEqualTo(declared);
    }

    /** Issue 14 #11: v2-only features are declared as a v2 requirement; no default Grafana login; local ports only. */
    @Test
    void composeV2IsRequiredExplicitlyGrafanaHasNoDefaultLoginAndPortsBindLoopback() {
        String text = Repo.read(Repo.path("docker-compose.yml"));
        com.fasterxml.jackson.databind.JsonNode compose = Repo.yamlDocuments(Repo.path("docker-compose.yml")).getFirst();
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        if (compose.has("name") || text.contains("service_completed_successfully")) {
            soft.assertThat(text).as("the header says Compose v2 is required").contains("Requires Docker Compose v2");
        }
        com.fasterxml.jackson.databind.JsonNode grafana = compose.at("/services/grafana/environment");
        soft.assertThat(grafana.path("GF_SECURITY_ADMIN_PASSWORD").asText()).as("Grafana admin password")
                .startsWith("${").doesNotContain("admin}").doesNotContain(":-");
        soft.assertThat(grafana.path("GF_AUTH_ANONYMOUS_ENABLED").asText("false")).isEqualTo("false");
        compose.path("services").fields().forEachRemaining(e -> e.getValue().path("ports").forEach(p ->
                soft.assertThat(p.asText()).as("port of %s", e.getKey()).startsWith("127.0.0.1:")));
        soft.assertAll();
    }
}
