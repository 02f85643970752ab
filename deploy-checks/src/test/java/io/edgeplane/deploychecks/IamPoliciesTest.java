package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/iam holds one least-privilege policy per service, indexed by its README. */
class IamPoliciesTest {
    /** At least these calls, by what each service does (ARCHITECTURE.md and the issues). */
    static final Map<String, List<String>> NEEDED = Map.of(
            "fetcher-service", List.of("ssm:GetParametersByPath", "s3:PutObject"),
            "distributor-service", List.of("s3:GetObject", "s3:PutObject"),
            "invalidation-service", List.of("cloudfront:CreateInvalidation", "cloudfront:GetInvalidation",
                    "cloudfront:ListInvalidations", "cloudfront:CreateInvalidationForDistributionTenant",
                    "cloudfront:GetInvalidationForDistributionTenant", "cloudfront:ListInvalidationsForDistributionTenant"),
            "dns-service", List.of("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
                    "route53:GetChange", "cloudfront:CreateDistributionTenant", "cloudfront:GetDistributionTenant",
                    "cloudfront:GetDistributionTenantByDomain", "cloudfront:UpdateDistributionTenant",
                    "cloudfront:DeleteDistributionTenant", "cloudfront:ListDistributionTenants",
                    "cloudfront:GetManagedCertificateDetails", "cloudfront:VerifyDnsConfiguration",
                    "cloudfront:CreateConnectionGroup", "cloudfront:GetConnectionGroup",
                    "cloudfront:ListConnectionGroups", "cloudfront:TagResource"),
            "media-service", List.of("s3:GetObject", "s3:PutObject"));

    static List<String> services() {
        return Repo.SERVICES;
    }

    static Set<String> actions(JsonNode policy) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            if ("Allow".equals(statement.path("Effect").asText())) {
                JsonNode a = statement.path("Action");
                if (a.isArray()) {
                    a.forEach(x -> actions.add(x.asText()));
                } else if (a.isTextual()) {
                    actions.add(a.asText());
                }
            }
        }
        return actions;
    }

    @ParameterizedTest
    @MethodSource("services")
    void policyIsLeastPrivilegeAndCoversTheServicesCalls(String service) {
        Path file = Repo.path("deploy/iam/" + service + ".json");
        Repo.require(Files.isRegularFile(file), "deploy/iam/" + service + ".json is not written yet (its owner writes it)");
        JsonNode policy = Repo.json(file);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        soft.assertThat(policy.path("Statement").isArray() && !policy.path("Statement").isEmpty()).isTrue();
        for (JsonNode statement : policy.path("Statement")) {
            soft.assertThat(statement.path("Effect").asText()).as("Effect").isIn("Allow", "Deny");
            soft.assertThat(statement.has("Resource")).as("%s: every statement names its resources", service).isTrue();
            soft.assertThat(statement.has("NotAction") || statement.has("NotResource")).as("no NotAction/NotResource")
                    .isFalse();
        }
        Set<String> actions = actions(policy);
        soft.assertThat(actions).as("%s: no wildcard actions", service).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
        soft.assertThat(actions).as("%s: the calls it makes", service).containsAll(NEEDED.get(service));
        soft.assertThat(actions).as("%s: no IAM or account administration", service)
                .noneMatch(a -> a.startsWith("iam:") || a.startsWith("organizations:") || a.startsWith("sts:"));
        soft.assertAll();
    }

    @Test
    void theReadmeIndexesEveryPolicyFile() {
        String readme = Repo.read(Repo.path("deploy/iam/README.md"));
        for (Path policy : Repo.files("deploy/iam", ".json")) {
            assertThat(readme).as("README lists %s", policy.getFileName()).contains("(" + policy.getFileName() + ")");
            assertThat(Repo.SERVICES).as("a policy file per service, no other").contains(
                    policy.getFileName().toString().replace(".json", ""));
        }
        for (String service : Repo.SERVICES) {
            assertThat(readme).contains("[`" + service + ".json`](" + service + ".json)");
        }
    }

    // ---- the ownership model as far as IAM can express it (issue 13 item 7)

    /** Values of a string-or-array policy element. */
    static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(x -> out.add(x.asText()));
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }

    /** IAM's wildcard match ({@code *} any run of characters, {@code /} included; {@code ?} one character). */
    static boolean globMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }

    /** The Sids of the Allow statements that grant {@code action} on {@code arn} (conditions on s3:prefix honoured for
     *  ListBucket, with {@code prefix} as the request's; other conditions ignored: they only narrow). */
    static List<String> granting(JsonNode policy, String action, String arn, String prefix) {
        List<String> sids = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (!"Allow".equals(statement.path("Effect").asText())
                    || values(statement.path("Action")).stream().noneMatch(a -> globMatches(a, action))
                    || values(statement.path("Resource")).stream().noneMatch(r -> globMatches(r, arn))) {
                continue;
            }
            JsonNode prefixes = statement.at("/Condition/StringLike/s3:prefix");
            if (prefix != null && !prefixes.isMissingNode()
                    && values(prefixes).stream().noneMatch(p -> globMatches(p, prefix))) {
                continue;
            }
            if (prefix != null && prefixes.isMissingNode() && !statement.path("Condition").isMissingNode()) {
                continue;
            }
            sids.add(statement.path("Sid").asText("<no Sid>"));
        }
        return sids;
    }

    static String object(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }

    /** What k8s/base renders into a service's environment (its config.env), e.g. the bucket names. */
    static String baseSetting(String service, String env) {
        for (String line : Repo.read(Repo.path("deploy/k8s/base/" + service + "/config.env")).split("\n")) {
            if (line.startsWith(env + "=")) {
                return line.substring(env.length() + 1).trim();
            }
        }
        throw new AssertionError("deploy/k8s/base/" + service + "/config.env does not set " + env);
    }

    @Test
    void distributorReadsBuildsOnlyUnderTheBuildRootsAndItsStateOnlyThroughTheStateStatements() {
        JsonNode policy = Repo.json(Repo.path("deploy/iam/distributor-service.json"));
        String builds = baseSetting("distributor-service", "EDGEPLANE_OWNERSHIP_BUILDS_BUCKETS");
        String state = baseSetting("distributor-service", "EDGEPLANE_DISTRIBUTOR_STATE_BUCKET");
        String statePrefix = baseSetting("distributor-service", "EDGEPLANE_DISTRIBUTOR_STATE_PREFIX");
        String manifest = statePrefix + "deployments/tenants/acme/deployments/current/manifest.json";
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(builds).as("the builds bucket is not the state bucket (IAM cannot tell a build copy from a state "
                + "copy within one bucket)").isNotEqualTo(state).doesNotContain(",");

        // Reads of the builds bucket: the build roots and nothing else.
        for (String key : List.of("tenants/acme/builds/b42/index.html", "sites/docs/builds/b7/assets/app.js")) {
            soft.assertThat(granting(policy, "s3:GetObject", object(builds, key), null)).as("GetObject %s", key).isNotEmpty();
        }
        for (String key : List.of("tenants/acme/index.html", "tenants/acme/deployments/b42/index.html", "sites/docs/x",
                statePrefix + "anything", "builds/tenants/acme/builds/b1/x", "other/tenants/acme/builds/b1/x")) {
            soft.assertThat(granting(policy, "s3:GetObject", object(builds, key), null))
                    .as("GetObject %s/%s is outside every build root", builds, key).isEmpty();
        }
        soft.assertThat(granting(policy, "s3:ListBucket", "arn:aws:s3:::" + builds, "tenants/acme/builds/b42/"))
                .as("ListBucket of a build").isNotEmpty();
        for (String prefix : List.of("", "tenants/", "tenants/acme/", "sites/docs/", statePrefix)) {
            soft.assertThat(granting(policy, "s3:ListBucket", "arn:aws:s3:::" + builds, prefix))
                    .as("ListBucket %s prefix '%s' is outside every build root", builds, prefix).isEmpty();
        }

        // The state prefix: read by the state-store statements alone, never by one that also grants a build root.
        List<String> stateReaders = granting(policy, "s3:GetObject", object(state, manifest), null);
        soft.assertThat(stateReaders).as("GetObject of the state prefix").isNotEmpty()
                .allMatch(sid -> sid.startsWith("StateStore"), "a StateStore statement");
        for (JsonNode statement : policy.path("Statement")) {
            if (values(statement.path("Action")).stream().anyMatch(a -> globMatches(a, "s3:GetObject"))) {
                List<String> resources = values(statement.path("Resource"));
                boolean readsState = resources.stream().anyMatch(r -> globMatches(r, object(state, manifest)));
                boolean readsBuilds = resources.stream()
                        .anyMatch(r -> globMatches(r, object(builds, "tenants/acme/builds/b42/index.html")));
                soft.assertThat(readsState && readsBuilds).as("%s grants GetObject on the state prefix and the build roots "
                        + "together", statement.path("Sid").asText()).isFalse();
            }
        }
        soft.assertAll();
    }

    @Test
    void mediaReadsTheUploadsBucketOnlyUnderUploadsAndItsManifestsFromTheStateBucket() {
        JsonNode policy = Repo.json(Repo.path("deploy/iam/media-service.json"));
        String uploads = baseSetting("media-service", "EDGEPLANE_OWNERSHIP_UPLOADS_BUCKET");
        String manifests = baseSetting("media-service", "EDGEPLANE_MEDIA_MANIFEST_BUCKET");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(manifests).as("manifests (owner claims) are not in the uploads bucket").isNotEqualTo(uploads);
        soft.assertThat(granting(policy, "s3:GetObject", object(uploads, "uploads/u1/cat.jpg"), null)).isNotEmpty();
        for (String key : List.of("manifests/media/m1.json", "other/u1/cat.jpg", "cat.jpg")) {
            soft.assertThat(granting(policy, "s3:GetObject", object(uploads, key), null))
                    .as("GetObject %s/%s is outside uploads/", uploads, key).isEmpty();
        }
        soft.assertThat(granting(policy, "s3:GetObject", object(manifests, "manifests/media/m1.json"), null))
                .as("its manifests").isNotEmpty();
        soft.assertThat(granting(policy, "s3:GetObject", object(manifests, "distributor-state/deployments/x"), null))
                .as("not the distributor's state").isEmpty();
        soft.assertAll();
    }

    // ---- CloudFront SaaS Manager (issue 17 #7): tag-scoped, except what IAM cannot scope

    /** Create calls: allowed only when the request tags the new resource edgeplane:managed=true. */
    static final Set<String> SAAS_CREATE = Set.of("cloudfront:CreateDistributionTenant", "cloudfront:CreateConnectionGroup",
            "cloudfront:TagResource");
    /** Calls on existing distribution tenants and connection groups: only on those tagged edgeplane:managed=true. */
    static final Set<String> SAAS_EXISTING = Set.of("cloudfront:GetDistributionTenant", "cloudfront:UpdateDistributionTenant",
            "cloudfront:DeleteDistributionTenant", "cloudfront:GetManagedCertificateDetails",
            "cloudfront:VerifyDnsConfiguration", "cloudfront:GetConnectionGroup",
            "cloudfront:CreateInvalidationForDistributionTenant", "cloudfront:GetInvalidationForDistributionTenant",
            "cloudfront:ListInvalidationsForDistributionTenant");
    /**
     * No resource-level permission, so Resource "*" without a tag condition: the List calls (no resource type in
     * the Service Authorization Reference), GetDistributionTenantByDomain (looked up by a domain before any tenant ARN
     * is known; our reading, unverified against AWS) and acm:RequestCertificate (the certificate does not exist yet;
     * CloudFront requests the managed certificate on the caller's behalf).
     */
    static final Set<String> NO_RESOURCE_LEVEL = Set.of("cloudfront:ListDistributionTenants",
            "cloudfront:ListConnectionGroups", "cloudfront:GetDistributionTenantByDomain", "acm:RequestCertificate");

    static String tagCondition(JsonNode statement, String key) {
        return Repo.text(statement, "/Condition/StringEquals/" + key.replace("/", "~1"));
    }

    @ParameterizedTest
    @MethodSource("saasServices")
    void saasManagerActionsAreScopedByTheManagedTagExceptWhereIamCannotScopeThem(String service) {
        JsonNode policy = Repo.json(Repo.path("deploy/iam/" + service + ".json"));
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode statement : policy.path("Statement")) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            String sid = statement.path("Sid").asText("<no Sid>");
            List<String> actions = values(statement.path("Action"));
            List<String> resources = values(statement.path("Resource"));
            boolean saas = actions.stream().anyMatch(a -> SAAS_CREATE.contains(a) || SAAS_EXISTING.contains(a)
                    || NO_RESOURCE_LEVEL.contains(a));
            if (!saas) {
                continue;
            }
            if (resources.contains("*")) {
                soft.assertThat(actions).as("%s: Resource \"*\" only for the actions without resource-level permission", sid)
                        .allMatch(NO_RESOURCE_LEVEL::contains);
                continue;
            }
            if (actions.stream().anyMatch(SAAS_CREATE::contains)) {
                soft.assertThat(actions).as("%s: creation and use of existing resources are separate statements", sid)
                        .allMatch(a -> a.startsWith("cloudfront:Create") || a.equals("cloudfront:TagResource"))
                        .noneMatch(SAAS_EXISTING::contains);
                soft.assertThat(tagCondition(statement, "aws:RequestTag/edgeplane:managed")).as("%s: the request tags "
                        + "what it creates edgeplane:managed=true", sid).isEqualTo("true");
            } else {
                soft.assertThat(tagCondition(statement, "aws:ResourceTag/edgeplane:managed")).as("%s: only resources "
                        + "tagged edgeplane:managed=true", sid).isEqualTo("true");
            }
            soft.assertThat(resources).as("%s: resources of this account", sid)
                    .allMatch(r -> r.startsWith("arn:aws:cloudfront::111122223333:"));
        }
        soft.assertThat(NO_RESOURCE_LEVEL.stream().filter(actions(policy)::contains))
                .as("%s: an action without resource-level permission is granted only where needed", service)
                .allMatch(a -> service.equals("dns-service"));
        soft.assertAll();
    }

    static List<String> saasServices() {
        return List.of("dns-service", "invalidation-service");
    }

    @Test
    void aDistributionTenantNotTaggedManagedCannotBeChangedOrInvalidated() {
        String foreign = "arn:aws:cloudfront::111122223333:distribution-tenant/dt_foreign";
        for (String service : saasServices()) {
            JsonNode policy = Repo.json(Repo.path("deploy/iam/" + service + ".json"));
            for (String action : List.of("cloudfront:UpdateDistributionTenant", "cloudfront:DeleteDistributionTenant",
                    "cloudfront:CreateInvalidationForDistributionTenant")) {
                for (JsonNode statement : policy.path("Statement")) {
                    boolean grants = "Allow".equals(statement.path("Effect").asText())
                            && values(statement.path("Action")).stream().anyMatch(a -> globMatches(a, action))
                            && values(statement.path("Resource")).stream().anyMatch(r -> globMatches(r, foreign));
                    if (grants) {
                        assertThat(tagCondition(statement, "aws:ResourceTag/edgeplane:managed"))
                                .as("%s %s on a tenant without the managed tag", service, action).isEqualTo("true");
                    }
                }
            }
        }
    }
}
