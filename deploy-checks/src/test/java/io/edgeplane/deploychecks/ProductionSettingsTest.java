package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What `kustomize build deploy/k8s/overlays/prod` renders, read as the pods will see it, against what production
 * needs (issue 14): required settings, the routing function rendered with the production names, handler vs
 * pointer mode, KEDA ownership of replicas, drainable budgets, DNS/VPC-endpoint egress, ephemeral storage,
 * discovery labels, KafkaUsers.
 */
class ProductionSettingsTest {
    private static List<JsonNode> prod;

    static synchronized List<JsonNode> prod() {
        if (prod == null) {
            prod = KustomizeOverlaysTest.build("prod");
        }
        return prod;
    }

    static List<JsonNode> kind(String kind) {
        return prod().stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static JsonNode named(String kind, String namePrefix) {
        return kind(kind).stream().filter(o -> o.at("/metadata/name").asText().startsWith(namePrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + namePrefix + " in the prod overlay"));
    }

    /** The environment a service's container gets in production (ConfigMaps it loads, then its env), plus mounted
     *  config/application.properties entries as property names. */
    static Map<String, String> prodEnv(String service) {
        JsonNode container = named("Deployment", service).at("/spec/template/spec/containers/0");
        Map<String, String> env = new TreeMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                named("ConfigMap", from.at("/configMapRef/name").asText()).path("data").fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
        }
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : "<from " + e.path("valueFrom").toString() + ">"));
        for (JsonNode volume : named("Deployment", service).at("/spec/template/spec/volumes")) {
            if (volume.has("configMap")) {
                JsonNode data = named("ConfigMap", volume.at("/configMap/name").asText()).at("/data/application.properties");
                if (!data.isMissingNode()) {
                    Properties props = new Properties();
                    try {
                        props.load(new StringReader(data.asText()));
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    props.stringPropertyNames().forEach(k -> env.put(k, props.getProperty(k)));
                }
            }
        }
        return env;
    }

    /** A default of DnsConfig ({@code @WithDefault} above the method: a literal, or the {@code UNSET} placeholder). */
    static String dnsDefault(String method) {
        String source = Repo.read(Repo.path("dns-service/src/main/java/io/edgeplane/dns/config/DnsConfig.java"));
        Matcher m = Pattern.compile("@WithDefault\\((?:\"([^\"]*)\"|(UNSET))\\)\\s+\\w+ " + method + "\\(\\)").matcher(source);
        assertThat(m.find()).as("DnsConfig default of %s", method).isTrue();
        return m.group(2) != null ? "REPLACE_ME" : m.group(1);
    }

    /** Issue 14 #4: the dns-service gets its zones, certificate, function ARNs and distribution, not the defaults. */
    @Test
    void theDnsServiceGetsEveryRequiredSettingInProduction() {
        Map<String, String> env = prodEnv("dns-service");
        SoftAssertions soft = new SoftAssertions();
        Map<String, String> required = Map.of(
                "EDGEPLANE_DNS_INDIVIDUAL_CERTIFICATE_ARN", dnsDefault("certificateArn"),
                "EDGEPLANE_DNS_INDIVIDUAL_VIEWER_REQUEST_FUNCTION_ARN", "",
                "EDGEPLANE_DNS_INDIVIDUAL_VIEWER_RESPONSE_FUNCTION_ARN", "",
                "EDGEPLANE_DNS_SHARED_DISTRIBUTION_ID", dnsDefault("distributionId"),
                "EDGEPLANE_DNS_SHARED_DOMAIN_NAME", dnsDefault("domainName"),
                "EDGEPLANE_DNS_INDIVIDUAL_ORIGIN_ACCESS_CONTROL_ID", dnsDefault("originAccessControlId"),
                "EDGEPLANE_DNS_INDIVIDUAL_ORIGIN_DOMAIN", dnsDefault("originDomain"),
                "EDGEPLANE_DNS_SAAS_DISTRIBUTION_ID", "REPLACE_ME");
        // Set in the overlay, never left to a built-in value; a built-in REPLACE_ME is the placeholder the overlay's
        // own REPLACE_ME lines mirror for the operator (readiness refuses both until they are filled in).
        required.forEach((key, builtIn) -> {
            soft.assertThat(env).as("%s in the prod overlay", key).containsKey(key);
            soft.assertThat(env.get(key)).as("%s in the prod overlay", key).isNotBlank();
            if (!"REPLACE_ME".equals(builtIn)) {
                soft.assertThat(env.get(key)).as("%s in the prod overlay", key).isNotEqualTo(builtIn);
            }
        });
        soft.assertThat(env.keySet()).as("a hosted zone per base domain (edgeplane.dns.zones.\"<domain>\")")
                .anyMatch(k -> k.startsWith("edgeplane.dns.zones.\""));
        soft.assertAll();
    }

    /** Issue 17 #7: the dns-service's SaaS Manager settings name what Terraform creates. */
    @Test
    void theDnsServiceUsesTheMultiTenantDistributionAndTheConnectionGroupTerraformCreates() throws Exception {
        Map<String, String> env = prodEnv("dns-service");
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) new HCLParser()
                .parse(Repo.path("deploy/terraform/edgeplane-distribution/variables.tf").toFile(), "UTF-8").get("variable"))
                .get("connection_group_name"));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(env.get("EDGEPLANE_DNS_SAAS_CONNECTION_GROUP")).as("the connection group Terraform creates")
                .isEqualTo(group.get("default")).isEqualTo("edgeplane-tenants");
        soft.assertThat(env.get("EDGEPLANE_DNS_SAAS_DISTRIBUTION_ID")).as("terraform output multitenant_distribution_id")
                .isEqualTo("REPLACE_ME");
        soft.assertThat(env.get("EDGEPLANE_DNS_SAAS_DISTRIBUTION_ID")).as("not the shared distribution")
                .isNotEqualTo(env.get("EDGEPLANE_DNS_SHARED_DISTRIBUTION_ID").replace("REPLACE_ME", "-"));
        soft.assertThat(env).containsEntry("EDGEPLANE_DNS_SAAS_ENABLED", "true")
                .containsEntry("EDGEPLANE_DNS_SAAS_MAX_TENANTS", "10000")
                .containsEntry("EDGEPLANE_DNS_SAAS_MAX_DOMAINS_PER_TENANT", "100")
                .containsEntry("EDGEPLANE_DNS_SAAS_CERTIFICATE_VALIDATION", "cloudfront");
        soft.assertAll();
    }

    /**
     * Issue 17 #5: the routing function as Terraform uploads it, on the multi-tenant distribution, serves a
     * distribution tenant (custom domain) from the tenant's build below its origin path, by the same store key.
     */
    @Test
    void theRoutingFunctionServesADistributionTenantBelowItsOriginPathFromTheSameStoreKey() {
        var node = Tools.onPath("node");
        Repo.require(node.isPresent(), "node not found (Debian package nodejs)");
        Tools.Result result = Tools.run(Repo.root(), List.of(node.get().toString(), "edge-functions/render.js",
                "tenant-routing.js", "base_domains=" + String.join(",", exampleBaseDomains()), "pointer_mode=true",
                "kvs_id=kvs-prod", "--kvs", "acme=b42", "--distribution-tenant", "dt_1a2b3c4d5e6f7",
                "tenantId=acme,originPath=/tenants/acme", "--route", "shop.acme.example", "/docs"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode routed;
        try {
            routed = Repo.JSON.readTree(result.stdout().strip());
        } catch (java.io.IOException e) {
            throw new AssertionError(result.stdout(), e);
        }
        assertThat(routed.path("routedUri").asText()).as("relative to the origin path {{originPath}} = /tenants/acme")
                .isEqualTo("/deployments/b42/docs/index.html");
        assertThat(routed.path("kvsCalls").toString()).isEqualTo("[\"acme\"]");
    }

    static List<String> exampleBaseDomains() {
        return hclList("base_domains");
    }

    @SuppressWarnings("unchecked")
    static List<String> hclList(String attribute) {
        try {
            Map<String, Object> example = new HCLParser().parse(
                    Repo.path("deploy/terraform/examples/production/main.tf").toFile(), "UTF-8");
            Map<String, Object> module = (Map<String, Object>) ((Map<String, Object>) example.get("module"))
                    .get("edgeplane_distribution");
            Object value = module.get(attribute);
            return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
        } catch (Exception e) {
            throw new AssertionError("cannot parse the Terraform example: " + e.getMessage(), e);
        }
    }

    static Object exampleAttribute(String attribute) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> module = (Map<String, Object>) ((Map<String, Object>) new HCLParser().parse(
                Repo.path("deploy/terraform/examples/production/main.tf").toFile(), "UTF-8").get("module"))
                .get("edgeplane_distribution");
        return module.get(attribute);
    }

    static List<JsonNode> runRouting(List<String> baseDomains, boolean pointerMode, String kvsEntry, List<String> hosts) {
        var node = Tools.onPath("node");
        Repo.require(node.isPresent(), "node not found (Debian package nodejs)");
        List<String> command = new ArrayList<>(List.of(node.get().toString(), "edge-functions/render.js",
                "tenant-routing.js", "base_domains=" + String.join(",", baseDomains), "pointer_mode=" + pointerMode,
                "kvs_id=kvs-prod", "--kvs", kvsEntry));
        for (String host : hosts) {
            command.addAll(List.of("--route", host, "/"));
        }
        Tools.Result result = Tools.run(Repo.root(), command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : result.stdout().strip().split("\n")) {
            try {
                out.add(Repo.JSON.readTree(line));
            } catch (java.io.IOException e) {
                throw new AssertionError(line, e);
            }
        }
        return out;
    }

    /**
     * Issues 14 #1 and #2: the routing function, rendered as Terraform uploads it with the example's base domains and
     * pointer mode, routes a tenant of every wildcard alias and every hosted zone of the dns-service, reading the
     * tenant's build from the KeyValueStore when the distributor-service promotes by pointer.
     */
    @Test
    void theRoutingFunctionRenderedWithTheProductionNamesRoutesEveryTenantHostAndReadsTheStoreInPointerMode()
            throws Exception {
        List<String> baseDomains = exampleBaseDomains();
        assertThat(baseDomains).as("base_domains of the Terraform example").isNotEmpty();
        TreeSet<String> aliasDomains = new TreeSet<>();
        hclList("aliases").stream().filter(a -> a.startsWith("*.")).forEach(a -> aliasDomains.add(a.substring(2)));
        TreeSet<String> zones = new TreeSet<>();
        prodEnv("dns-service").keySet().stream().filter(k -> k.startsWith("edgeplane.dns.zones.\""))
                .forEach(k -> zones.add(k.substring("edgeplane.dns.zones.\"".length(), k.length() - 1)));
        assertThat(new TreeSet<>(baseDomains)).as("base_domains == wildcard aliases == dns zones")
                .isEqualTo(aliasDomains).isEqualTo(zones);

        boolean pointerAdapter = !prodEnv("distributor-service")
                .getOrDefault("EDGEPLANE_DISTRIBUTOR_DEPLOYMENTS_POINTER_KVS_ARN", "").isBlank();
        Object pointerMode = exampleAttribute("pointer_mode");
        boolean pointer = pointerMode == null ? true : Boolean.parseBoolean(String.valueOf(pointerMode));
        if (pointerAdapter) {
            assertThat(pointer).as("the distributor-service promotes by pointer, so the deployed handler must read "
                    + "the KeyValueStore (pointer_mode)").isTrue();
        }
        List<String> hosts = baseDomains.stream().map(d -> "acme." + d).toList();
        for (JsonNode r : runRouting(baseDomains, pointer, "acme=b42", hosts)) {
            assertThat(r.path("status").isMissingNode() || r.path("status").isNull()).as("%s answered %s", r.path("host"),
                    r.path("status")).isTrue();
            assertThat(r.path("routedUri").asText()).as("route of %s", r.path("host").asText())
                    .isEqualTo("/tenants/acme/deployments/" + (pointer ? "b42" : "current") + "/index.html");
        }
    }

    /** Issue 14 #10: KEDA owns the replica count; a drain is never blocked at one replica; ephemeral storage. */
    @Test
    void kedaOwnsReplicasBudgetsAllowDrainsAndEphemeralStorageIsRequested() {
        TreeSet<String> scaled = new TreeSet<>();
        kind("ScaledObject").forEach(s -> scaled.add(s.at("/spec/scaleTargetRef/name").asText()));
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode d : kind("Deployment")) {
            String name = d.at("/metadata/name").asText();
            if (scaled.contains(name)) {
                soft.assertThat(d.at("/spec/replicas").isMissingNode()).as("%s is KEDA-scaled: no spec.replicas", name)
                        .isTrue();
            }
            JsonNode pod = d.at("/spec/template/spec");
            for (JsonNode v : pod.path("volumes")) {
                if (v.has("emptyDir")) {
                    soft.assertThat(pod.at("/containers/0/resources/requests/ephemeral-storage").asText(""))
                            .as("%s requests the ephemeral storage of its emptyDir %s", name, v.path("name").asText())
                            .isEqualTo(v.at("/emptyDir/sizeLimit").asText());
                }
            }
        }
        soft.assertThat(named("Deployment", "media-service").at("/spec/template/spec/containers/0/resources/requests/"
                + "ephemeral-storage").asText()).isEqualTo("8Gi");
        for (JsonNode pdb : kind("PodDisruptionBudget")) {
            boolean drainable = pdb.at("/spec/maxUnavailable").asInt(0) >= 1
                    || (pdb.at("/spec/minAvailable").isInt() && pdb.at("/spec/minAvailable").asInt() == 0);
            soft.assertThat(drainable).as("%s lets a drain evict the only replica", pdb.at("/metadata/name").asText())
                    .isTrue();
        }
        soft.assertAll();
    }

    /** Issue 14 #10: DNS through NodeLocal DNSCache and AWS through VPC interface endpoints (private addresses). */
    @Test
    void networkPoliciesAllowNodeLocalDnsAndVpcInterfaceEndpoints() {
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode policy : kind("NetworkPolicy")) {
            String name = policy.at("/metadata/name").asText();
            boolean nodeLocal = false;
            boolean privateHttps = false;
            for (JsonNode rule : policy.at("/spec/egress")) {
                List<Integer> ports = new ArrayList<>();
                rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
                for (JsonNode to : rule.path("to")) {
                    String cidr = to.at("/ipBlock/cidr").asText("");
                    if (ports.contains(53) && (cidr.equals("169.254.20.10/32") || cidr.equals("0.0.0.0/0"))) {
                        nodeLocal = true;
                    }
                    if (ports.contains(443) && cidr.equals("0.0.0.0/0")
                            && !to.at("/ipBlock/except").toString().contains("10.0.0.0/8")) {
                        privateHttps = true;
                    }
                }
            }
            soft.assertThat(nodeLocal).as("%s: DNS to NodeLocal DNSCache 169.254.20.10", name).isTrue();
            soft.assertThat(privateHttps).as("%s: HTTPS to VPC interface endpoints (private addresses)", name).isTrue();
        }
        soft.assertAll();
    }

    /** Issue 14 #9: kube-prometheus-stack and Grafana's sidecar discover what the overlay ships. */
    @Test
    void monitoringObjectsCarryTheDefaultDiscoveryLabels() {
        SoftAssertions soft = new SoftAssertions();
        for (String kind : List.of("ServiceMonitor", "PrometheusRule")) {
            for (JsonNode o : kind(kind)) {
                soft.assertThat(o.at("/metadata/labels/release").asText()).as("%s %s release label", kind,
                        o.at("/metadata/name").asText()).isEqualTo(KubePrometheusStack.RELEASE);
            }
        }
        soft.assertThat(named("ConfigMap", "edgeplane-dashboards").at("/metadata/labels/" + KubePrometheusStack.DASHBOARD_LABEL)
                .asText()).isEqualTo("1");
        soft.assertAll();
    }

    /**
     * Issue 13 #6: every service connects as its own KafkaUser; its ACLs read exactly its incoming topics (with its
     * groups) and write its dead-letter topic; upstream producers only write.
     */
    @Test
    void everyServiceHasAKafkaUserWhoseAclsMatchItsChannelsAndUsesItsCredentials() {
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            JsonNode user = kind("KafkaUser").stream().filter(u -> service.equals(u.at("/metadata/name").asText()))
                    .findFirst().orElse(null);
            soft.assertThat(user).as("KafkaUser %s", service).isNotNull();
            if (user == null) {
                continue;
            }
            soft.assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            soft.assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("edgeplane");
            TreeSet<String> reads = new TreeSet<>();
            TreeSet<String> writes = new TreeSet<>();
            TreeSet<String> groups = new TreeSet<>();
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                String ops = acl.path("operations").toString();
                String name = acl.at("/resource/name").asText();
                if ("group".equals(acl.at("/resource/type").asText())) {
                    groups.add(name);
                } else if (ops.contains("Read")) {
                    reads.add(name);
                } else if (ops.contains("Write")) {
                    writes.add(name);
                }
                soft.assertThat(ops).as("%s: no All/Alter/Delete on %s", service, name)
                        .doesNotContain("All", "Alter", "Delete");
            }
            ServiceFacts facts = ServiceFacts.of(service);
            facts.incoming().values().forEach(c -> {
                soft.assertThat(reads).as("%s reads %s", service, c.topic()).contains(c.topic());
                soft.assertThat(groups.stream().anyMatch(g -> c.groupId().startsWith(g)))
                        .as("%s may use group %s", service, c.groupId()).isTrue();
            });
            soft.assertThat(writes).as("%s writes its dead-letter topic", service).contains("edgeplane.dlq." + service);
            soft.assertThat(writes).as("%s writes no other dead-letter topic", service)
                    .allMatch(t -> !t.startsWith("edgeplane.dlq.") || t.equals("edgeplane.dlq." + service));
            Map<String, String> env = prodEnv(service);
            soft.assertThat(env.get("KAFKA_SASL_MECHANISM")).as("%s SASL mechanism", service).isEqualTo("SCRAM-SHA-512");
            soft.assertThat(env.get("KAFKA_SASL_JAAS_CONFIG")).as("%s credentials from its KafkaUser Secret", service)
                    .contains("\"name\":\"" + service + "\"").contains("sasl.jaas.config");
        }
        kind("KafkaUser").stream().filter(u -> u.at("/metadata/name").asText().startsWith("upstream-"))
                .forEach(u -> u.at("/spec/authorization/acls").forEach(acl -> soft.assertThat(acl.path("operations")
                        .toString()).as("upstream %s only writes", u.at("/metadata/name").asText()).doesNotContain("Read")));
        soft.assertAll();
    }
}
