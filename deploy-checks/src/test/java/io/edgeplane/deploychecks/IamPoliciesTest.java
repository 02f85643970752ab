package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
                    "cloudfront:ListInvalidations"),
            "dns-service", List.of("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
                    "route53:GetChange"),
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
}
