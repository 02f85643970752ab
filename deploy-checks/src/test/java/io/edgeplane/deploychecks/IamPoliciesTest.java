package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
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

    // ---- tagging and changing distribution tenants: only what already carries edgeplane:managed=true (issue 17)

    static final String FOREIGN_TENANT = "arn:aws:cloudfront::111122223333:distribution-tenant/dt_foreign";
    static final String FOREIGN_DISTRIBUTION = "arn:aws:cloudfront::111122223333:distribution/EFOREIGN";
    static final String FOREIGN_GROUP = "arn:aws:cloudfront::111122223333:connection-group/cg_foreign";
    /**
     * CloudFront calls that change a distribution tenant (or its domains, WAF or cache), for matching wildcard
     * actions ({@code cloudfront:*}, {@code cloudfront:Update*}) against; literal actions are classed by their verb.
     */
    static final List<String> TENANT_MUTATIONS = List.of("cloudfront:UpdateDistributionTenant",
            "cloudfront:DeleteDistributionTenant", "cloudfront:CreateInvalidationForDistributionTenant",
            "cloudfront:UpdateDomainAssociation", "cloudfront:AssociateDistributionTenantWebACL",
            "cloudfront:DisassociateDistributionTenantWebACL", "cloudfront:TagResource", "cloudfront:UntagResource",
            "cloudfront:CreateDistributionTenant");
    /** Verbs of the CloudFront calls that change what they name. */
    static final Pattern MUTATING = Pattern.compile("cloudfront:(Create|Update|Delete|Associate|Disassociate|Tag|Untag)\\w*");

    /** Whether an action pattern of a statement grants {@code action} ({@code *} and {@code ?} wildcards honoured). */
    static boolean grants(JsonNode statement, String action) {
        return "Allow".equals(statement.path("Effect").asText())
                && values(statement.path("Action")).stream().anyMatch(a -> globMatches(a, action));
    }

    /**
     * Why {@code policy} lets its role tag something that is not already Edgeplane's (empty: it does not). Tagging a
     * foreign distribution, tenant or group {@code edgeplane:managed=true} would hand it to every statement scoped
     * by that tag, so each statement granting {@code cloudfront:TagResource} (literally or through a wildcard) must
     * require it both on the resource and on the request (no dropping or changing it), and no statement may grant
     * a Create call and TagResource together: a Create statement's {@code aws:RequestTag} alone is that adoption
     * path.
     */
    static List<String> tagFenceBreaches(JsonNode policy) {
        List<String> breaches = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (!grants(statement, "cloudfront:TagResource")) {
                continue;
            }
            String sid = statement.path("Sid").asText("<no Sid>");
            if (!"true".equals(tagCondition(statement, "aws:ResourceTag/edgeplane:managed"))) {
                breaches.add(sid + ": TagResource without StringEquals aws:ResourceTag/edgeplane:managed = true");
            }
            if (!"true".equals(tagCondition(statement, "aws:RequestTag/edgeplane:managed"))) {
                breaches.add(sid + ": TagResource without StringEquals aws:RequestTag/edgeplane:managed = true");
            }
            List<String> creates = values(statement.path("Action")).stream()
                    .filter(a -> a.startsWith("cloudfront:Create") || TENANT_MUTATIONS.stream()
                            .filter(m -> m.startsWith("cloudfront:Create")).anyMatch(m -> globMatches(a, m)))
                    .toList();
            if (!creates.isEmpty()) {
                breaches.add(sid + ": TagResource granted with the Create calls " + creates);
            }
        }
        return breaches;
    }

    /**
     * Why {@code policy} lets its role change a distribution tenant that is not Edgeplane's (empty: it does not): every
     * Allow statement whose resources include a tenant's ARN and whose actions include a mutating call (by verb, or
     * a wildcard matching one of {@link #TENANT_MUTATIONS}) requires {@code aws:ResourceTag/edgeplane:managed =
     * true}; creating a tenant (nothing to carry a tag yet) requires {@code aws:RequestTag/edgeplane:managed = true}
     * instead.
     */
    static List<String> tenantMutationBreaches(JsonNode policy) {
        List<String> breaches = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (!"Allow".equals(statement.path("Effect").asText())
                    || values(statement.path("Resource")).stream().noneMatch(r -> globMatches(r, FOREIGN_TENANT))) {
                continue;
            }
            String sid = statement.path("Sid").asText("<no Sid>");
            for (String action : values(statement.path("Action"))) {
                List<String> mutations = MUTATING.matcher(action).matches() ? List.of(action)
                        : TENANT_MUTATIONS.stream().filter(m -> globMatches(action, m)).toList();
                for (String mutation : mutations) {
                    boolean creates = mutation.equals("cloudfront:CreateDistributionTenant")
                            || mutation.equals("cloudfront:CreateConnectionGroup");
                    String key = creates ? "aws:RequestTag/edgeplane:managed" : "aws:ResourceTag/edgeplane:managed";
                    if (!"true".equals(tagCondition(statement, key))) {
                        breaches.add(sid + ": " + mutation + " (" + action + ") on distribution tenants without"
                                + " StringEquals " + key + " = true");
                    }
                }
            }
        }
        return breaches;
    }

    /** The dns-service policy with {@code change} applied to a copy of the statement {@code sid} (or a new one). */
    static JsonNode dnsPolicyWith(String sid, Consumer<ObjectNode> change) {
        ObjectNode policy = Repo.json(Repo.path("deploy/iam/dns-service.json")).deepCopy();
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        ObjectNode target = null;
        for (JsonNode statement : statements) {
            if (sid.equals(statement.path("Sid").asText())) {
                target = (ObjectNode) statement;
            }
        }
        if (target == null) {
            target = statements.addObject().put("Sid", sid).put("Effect", "Allow");
        }
        change.accept(target);
        return policy;
    }

    static ArrayNode array(String... items) {
        ArrayNode array = Repo.JSON.createArrayNode();
        for (String item : items) {
            array.add(item);
        }
        return array;
    }

    static final String TAG_STATEMENT = "CloudFrontTagOnlyWhatIsAlreadyOurs";
    static final String CREATE_STATEMENT = "SaasCreateOnlyTaggedDistributionTenantsAndConnectionGroups";
    static final String MANAGE_STATEMENT = "SaasManageOnlyOurDistributionTenantsAndConnectionGroups";

    @Test
    void aPolicyThatLetsTheRoleTagWhatIsNotAlreadyManagedFailsTheTagCheck() {
        Map<String, JsonNode> hostile = new LinkedHashMap<>();
        hostile.put("TagResource without its condition", dnsPolicyWith(TAG_STATEMENT, s -> s.remove("Condition")));
        hostile.put("without the resource's tag", dnsPolicyWith(TAG_STATEMENT,
                s -> ((ObjectNode) s.path("Condition").path("StringEquals"))
                        .remove("aws:ResourceTag/edgeplane:managed")));
        hostile.put("without the request's tag (the request may drop or change it)", dnsPolicyWith(TAG_STATEMENT,
                s -> ((ObjectNode) s.path("Condition").path("StringEquals"))
                        .remove("aws:RequestTag/edgeplane:managed")));
        hostile.put("only if it exists", dnsPolicyWith(TAG_STATEMENT, s -> {
            JsonNode equals = s.path("Condition").path("StringEquals");
            ((ObjectNode) s.get("Condition")).removeAll()
                    .set("StringEqualsIfExists", equals);
        }));
        hostile.put("a managed tag of any value", dnsPolicyWith(TAG_STATEMENT, s -> {
            JsonNode equals = s.path("Condition").path("StringEquals");
            ((ObjectNode) s.get("Condition")).removeAll().set("StringLike", equals);
            ((ObjectNode) equals).put("aws:ResourceTag/edgeplane:managed", "*");
        }));
        hostile.put("TagResource with the Create calls (request tag only)", dnsPolicyWith(CREATE_STATEMENT,
                s -> ((ArrayNode) s.get("Action")).add("cloudfront:TagResource")));
        hostile.put("cloudfront:Tag* on every resource", dnsPolicyWith("TagEverything",
                s -> s.put("Action", "cloudfront:Tag*").put("Resource", "*")));
        hostile.put("cloudfront:* on distribution tenants, managed ones", dnsPolicyWith("EverythingOnOurTenants",
                s -> s.put("Action", "cloudfront:*").put("Resource", FOREIGN_TENANT.replace("dt_foreign", "*"))
                        .putObject("Condition").putObject("StringEquals").put("aws:ResourceTag/edgeplane:managed", "true")));
        hostile.put("cloudfront:Create* with TagResource on connection groups", dnsPolicyWith("CreateAndTag",
                s -> s.set("Action", array("cloudfront:Create*", "cloudfront:TagResource"))));
        hostile.forEach((why, policy) -> assertThat(tagFenceBreaches(policy)).as(why).isNotEmpty());
        assertThat(tagFenceBreaches(dnsPolicyWith(TAG_STATEMENT, s -> { }))).as("the policy as shipped").isEmpty();
    }

    @Test
    void aPolicyThatLetsTheRoleChangeATenantThatIsNotManagedFailsTheMutationCheck() {
        Map<String, JsonNode> hostile = new LinkedHashMap<>();
        hostile.put("Update/Delete without the resource's tag", dnsPolicyWith(MANAGE_STATEMENT, s -> s.remove("Condition")));
        hostile.put("the resource's tag only if it exists", dnsPolicyWith(MANAGE_STATEMENT, s -> {
            JsonNode equals = s.path("Condition").path("StringEquals");
            ((ObjectNode) s.get("Condition")).removeAll()
                    .set("StringEqualsIfExists", equals);
        }));
        hostile.put("cloudfront:Update* on every resource", dnsPolicyWith("UpdateAnything",
                s -> s.put("Action", "cloudfront:Update*").put("Resource", "*")));
        hostile.put("a per-tenant invalidation anywhere", dnsPolicyWith("InvalidateAnyTenant",
                s -> s.put("Action", "cloudfront:CreateInvalidationForDistributionTenant")
                        .put("Resource", "arn:aws:cloudfront::111122223333:distribution-tenant/*")));
        hostile.put("moving a domain between tenants", dnsPolicyWith("MoveDomains",
                s -> s.put("Action", "cloudfront:UpdateDomainAssociation").put("Resource", "*")));
        hostile.put("cloudfront:* scoped by the request's tag only", dnsPolicyWith(CREATE_STATEMENT,
                s -> s.set("Action", array("cloudfront:*"))));
        hostile.put("Delete by verb, a call not in the list", dnsPolicyWith("DeleteSomething",
                s -> s.put("Action", "cloudfront:DeleteDistributionTenantSomething").put("Resource", "*")));
        hostile.forEach((why, policy) -> assertThat(tenantMutationBreaches(policy)).as(why).isNotEmpty());
        assertThat(tenantMutationBreaches(dnsPolicyWith(MANAGE_STATEMENT, s -> { }))).as("the policy as shipped")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("saasServices")
    void tagResourceOnlyOnWhatIsAlreadyManagedKeepingTheTagAndNeverWithTheCreateCalls(String service) {
        JsonNode policy = Repo.json(Repo.path("deploy/iam/" + service + ".json"));
        assertThat(tagFenceBreaches(policy)).as(service).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("saasServices")
    void everyChangeOfADistributionTenantIsScopedByTheManagedTag(String service) {
        JsonNode policy = Repo.json(Repo.path("deploy/iam/" + service + ".json"));
        assertThat(tenantMutationBreaches(policy)).as(service).isEmpty();
    }

    @Test
    void theDnsServiceTagsOnlyManagedResourcesOfItsAccountAndUntagsNothing() {
        JsonNode policy = Repo.json(Repo.path("deploy/iam/dns-service.json"));
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode statement : policy.path("Statement")) {
            if (grants(statement, "cloudfront:TagResource")) {
                soft.assertThat(values(statement.path("Resource"))).as("%s", statement.path("Sid").asText())
                        .noneMatch(r -> r.equals("*")).allMatch(r -> r.startsWith("arn:aws:cloudfront::111122223333:"));
            }
            // Untagging edgeplane:managed or edgeplane:tenant off a resource would hide it from the service's own
            // sweeps (listOurs, the tenant lookups), and the service never untags.
            soft.assertThat(grants(statement, "cloudfront:UntagResource")).as("%s grants UntagResource",
                    statement.path("Sid").asText()).isFalse();
        }
        soft.assertThat(List.of(FOREIGN_TENANT, FOREIGN_DISTRIBUTION, FOREIGN_GROUP)).as("TagResource is granted on")
                .allMatch(arn -> policy.path("Statement").findParents("Action").stream()
                        .anyMatch(st -> grants(st, "cloudfront:TagResource")
                                && values(st.path("Resource")).stream().anyMatch(r -> globMatches(r, arn))));
        soft.assertAll();
    }

    // ---- the multi-tenant distribution carries edgeplane:managed=true (Terraform) but is not the dns-service's

    /**
     * Whether {@code policy} lets its role call {@code action} on {@code arn} carrying {@code tags}: the
     * {@code StringEquals aws:ResourceTag/...} conditions are evaluated against the tags; any other condition is
     * taken to hold for an Allow (what the request may satisfy) and not for a Deny (a fence that leans on it is no
     * fence here); an explicit Deny wins.
     */
    static boolean allows(JsonNode policy, String action, String arn, Map<String, String> tags) {
        boolean allowed = false;
        for (JsonNode statement : policy.path("Statement")) {
            String effect = statement.path("Effect").asText();
            if (values(statement.path("Action")).stream().noneMatch(a -> globMatches(a, action))
                    || values(statement.path("Resource")).stream().noneMatch(r -> globMatches(r, arn))) {
                continue;
            }
            boolean deny = "Deny".equals(effect);
            boolean holds = true;
            for (var operator : statement.path("Condition").properties()) {
                for (var condition : operator.getValue().properties()) {
                    String key = condition.getKey();
                    holds &= operator.getKey().equals("StringEquals") && key.startsWith("aws:ResourceTag/")
                            ? values(condition.getValue()).contains(tags.get(key.substring("aws:ResourceTag/".length())))
                            : !deny;
                }
            }
            if (deny && holds) {
                return false;
            }
            allowed |= "Allow".equals(effect) && holds;
        }
        return allowed;
    }

    /** The tags Terraform gives a resource of multitenant.tf (its literal map, merged over the module's tags). */
    static Map<String, String> terraformTags(String resourceType) {
        String text = Repo.read(Repo.path("deploy/terraform/edgeplane-distribution/multitenant.tf"));
        Matcher block = Pattern.compile("resource \"" + resourceType + "\"[^{]*\\{(.*?)\\n}",
                Pattern.DOTALL).matcher(text);
        assertThat(block.find()).as("multitenant.tf declares %s", resourceType).isTrue();
        Matcher tags = Pattern.compile("\\n  tags\\s*=\\s*merge\\(local\\.tags,\\s*\\{([^}]*)}\\)")
                .matcher(block.group(1));
        assertThat(tags.find()).as("%s: tags = merge(local.tags, {...})", resourceType).isTrue();
        Map<String, String> out = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("\"([^\"]+)\"\\s*=\\s*\"([^\"]*)\"").matcher(tags.group(1));
        while (pair.find()) {
            out.put(pair.group(1), pair.group(2));
        }
        return out;
    }

    static final List<String> DISTRIBUTION_CHANGES = List.of("cloudfront:UpdateDistribution",
            "cloudfront:DeleteDistribution", "cloudfront:TagResource", "cloudfront:UntagResource");

    @Test
    void theDnsServiceRetiresItsIndividualDistributionsButCannotChangeTheMultiTenantOne() {
        Map<String, String> multiTenant = terraformTags("aws_cloudfront_multitenant_distribution");
        assertThat(multiTenant).as("why the fence is needed: the template carries the managed tag")
                .containsEntry("edgeplane:managed", "true").containsEntry("edgeplane:role", "multi-tenant");
        String template = "arn:aws:cloudfront::111122223333:distribution/EMULTITENANT";
        Map<String, String> individual = Map.of("edgeplane:managed", "true", "edgeplane:tenant", "acme");
        JsonNode policy = Repo.json(Repo.path("deploy/iam/dns-service.json"));
        SoftAssertions soft = new SoftAssertions();
        for (String action : DISTRIBUTION_CHANGES) {
            soft.assertThat(allows(policy, action, template, multiTenant)).as("%s on the multi-tenant distribution",
                    action).isFalse();
        }
        for (String action : List.of("cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution")) {
            soft.assertThat(allows(policy, action, FOREIGN_DISTRIBUTION, individual)).as("%s on its own", action)
                    .isTrue();
            soft.assertThat(allows(policy, action, FOREIGN_DISTRIBUTION, Map.of())).as("%s on an untagged one", action)
                    .isFalse();
        }
        // Hostile: the policy without its Deny, or the Deny on a tag value the template does not carry.
        JsonNode noDeny = dnsPolicyWith("CloudFrontNeverChangeTheMultiTenantDistribution", ObjectNode::removeAll);
        JsonNode wrongTag = dnsPolicyWith("CloudFrontNeverChangeTheMultiTenantDistribution",
                s -> ((ObjectNode) s.path("Condition").path("StringEquals")).put("aws:ResourceTag/edgeplane:role", "shared"));
        for (JsonNode hostile : List.of(noDeny, wrongTag)) {
            soft.assertThat(allows(hostile, "cloudfront:DeleteDistribution", template, multiTenant))
                    .as("the check sees a policy that lets the role delete the template").isTrue();
        }
        soft.assertAll();
    }

    @Test
    void theInvalidationServiceInvalidatesADistributionTenantButNeverTheWholeMultiTenantDistribution() {
        Map<String, String> multiTenant = terraformTags("aws_cloudfront_multitenant_distribution");
        String template = "arn:aws:cloudfront::111122223333:distribution/EMULTITENANT";
        String shared = "arn:aws:cloudfront::111122223333:distribution/ESHARED";
        String tenant = "arn:aws:cloudfront::111122223333:distribution-tenant/dt_acme";
        JsonNode policy = Repo.json(Repo.path("deploy/iam/invalidation-service.json"));
        SoftAssertions soft = new SoftAssertions();
        // One tenant's /* on the template would empty every tenant's cache: only per-tenant invalidations there.
        soft.assertThat(allows(policy, "cloudfront:CreateInvalidation", template, multiTenant))
                .as("CreateInvalidation on the multi-tenant distribution").isFalse();
        soft.assertThat(allows(policy, "cloudfront:CreateInvalidation", shared, Map.of("edgeplane:role", "shared")))
                .as("CreateInvalidation on the shared distribution").isTrue();
        soft.assertThat(allows(policy, "cloudfront:CreateInvalidationForDistributionTenant", tenant,
                Map.of("edgeplane:managed", "true", "edgeplane:tenant", "acme"))).as("on a managed tenant").isTrue();
        soft.assertThat(allows(policy, "cloudfront:CreateInvalidationForDistributionTenant", tenant, Map.of()))
                .as("on a tenant Edgeplane does not manage").isFalse();
        // Hostile: the same policy without its Deny lets the whole template be invalidated.
        ObjectNode noDeny = policy.deepCopy();
        ArrayNode statements = (ArrayNode) noDeny.get("Statement");
        for (int i = statements.size() - 1; i >= 0; i--) {
            if ("Deny".equals(statements.get(i).path("Effect").asText())) {
                statements.remove(i);
            }
        }
        soft.assertThat(allows(noDeny, "cloudfront:CreateInvalidation", template, multiTenant))
                .as("the check sees a policy that lets the role invalidate the template").isTrue();
        soft.assertAll();
    }
}
