package io.edgeplane.distributor.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.platform.ownership.Refusal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The distributor's roots, sources and tags come from the one ownership model, never from templates of its own. */
class DeploymentLayoutTest {
    static final DeploymentLayout LAYOUT = DeploymentLayout.DEFAULT.withBuildsBuckets(Set.of("edgeplane-builds"));
    static final DeploymentTarget ACME = DeploymentTarget.tenant("acme");
    static final DeploymentTarget DOCS = DeploymentTarget.site("docs");

    @ParameterizedTest(name = "{0} {1}: s3://{2}/{3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            tenant | acme | edgeplane-builds  | tenants/acme/builds/b42/                  | ok
            tenant | acme | edgeplane-builds  | tenants/acme/builds/feature/b42/          | ok
            site   | docs | edgeplane-builds  | sites/docs/builds/b1/                     | ok
            tenant | acme | edgeplane-builds  | tenants/acme-evil/builds/b1/              | foreign-source
            tenant | acme | edgeplane-builds  | tenants/acm/builds/b1/                    | foreign-source
            tenant | acme | edgeplane-builds  | tenants/acme/builds/                      | foreign-source
            tenant | acme | edgeplane-builds  | tenants/acme/deployments/current/         | foreign-source
            tenant | acme | edgeplane-builds  | tenants/acme/                             | foreign-source
            tenant | acme | edgeplane-builds  | distributor-state/deployments/tenants/acme/ | foreign-source
            tenant | acme | edgeplane-builds  | Tenants/acme/builds/b1/                   | foreign-source
            tenant | acme | edgeplane-builds  | tenants/ACME/builds/b1/                   | foreign-source
            tenant | acme | edgeplane-builds  | sites/acme/builds/b1/                     | foreign-source
            site   | docs | edgeplane-builds  | tenants/docs/builds/b1/                   | foreign-source
            tenant | acme | edgeplane-dist    | tenants/acme/builds/b1/                   | foreign-source
            tenant | acme | edgeplane-builds  | tenants/acme/builds/../../evil/builds/b1/ | path-traversal
            tenant | acme | edgeplane-builds  | tenants/acme/builds/%2e%2e/evil/b1/       | path-traversal
            tenant | acme | edgeplane-builds  | tenants/acme/builds/b1%2F..%2F..%2Fx/     | path-traversal
            tenant | acme | edgeplane-builds  | tenants/acme/builds//b1/                  | path-traversal
            tenant | acme | edgeplane-builds  | /tenants/acme/builds/b1/                  | path-traversal
            """)
    void aBuildIsTheTargetsOnlyInABuildsBucketUnderItsOwnBuildRoot(String kind, String id, String bucket, String prefix,
            String expected) {
        DeploymentTarget target = kind.equals("tenant") ? DeploymentTarget.tenant(id) : DeploymentTarget.site(id);
        Optional<Refusal> refusal = LAYOUT.checkSource(target, bucket, prefix);
        assertThat(refusal.map(Refusal::rule).orElse("ok")).isEqualTo(expected);
    }

    @Test
    void withoutBuildsBucketsNothingIsPromotable() {
        assertThat(DeploymentLayout.DEFAULT.checkSource(ACME, "edgeplane-builds", "tenants/acme/builds/b1/"))
                .hasValueSatisfying(r -> assertThat(r.reason()).contains("edgeplane.ownership.builds-buckets"));
    }

    @Test
    void servedRootsAreTheOwnershipModelsServedRoots() {
        assertThat(LAYOUT.root(ACME)).isEqualTo("tenants/acme/deployments/");
        assertThat(LAYOUT.livePrefix(ACME)).isEqualTo("tenants/acme/deployments/current/");
        assertThat(LAYOUT.buildPrefix(ACME, "b42")).isEqualTo("tenants/acme/deployments/b42/");
        assertThat(LAYOUT.livePrefix(DOCS)).isEqualTo("sites/docs/");
        // Move the tenants' served root in the one model and the distributor follows.
        Ownership moved = new Ownership(Set.of(), Optional.empty(), "ci/tenants/{id}/", "ci/sites/{id}/",
                "customers/{id}/", "static/{id}/", "uploads/{id}/");
        DeploymentLayout layout = new DeploymentLayout(moved, "deployments", "current");
        assertThat(layout.livePrefix(ACME)).isEqualTo("customers/acme/deployments/current/");
        assertThat(layout.livePrefix(DOCS)).isEqualTo("static/docs/");
        assertThatThrownBy(() -> new DeploymentLayout(moved, "a/b", "current")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeploymentLayout(moved, "deployments", "..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tagsAreScopedToTheirOwnerAndLegacyTagsNeverReachBeyondIt() {
        assertThat(LAYOUT.ownerTag(ACME)).isEqualTo("tenant-acme");
        assertThat(LAYOUT.buildTag(ACME, "b42")).isEqualTo("tenant-acme:build-b42");
        assertThat(LAYOUT.buildTag(DOCS, "b1")).isEqualTo("site-docs:build-b1");
        // Objects copied before tags were scoped carry a bare build tag: announced as the owner's tag instead.
        assertThat(LAYOUT.announcedTags(ACME, List.of("tenant-acme", "tenant-acme:build-b41", "build-b40",
                "tenant-acme-evil", "tenant-acme-evil:build-b1")))
                .containsExactly("tenant-acme", "tenant-acme:build-b41");
    }
}
