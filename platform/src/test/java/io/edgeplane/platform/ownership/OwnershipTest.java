package io.edgeplane.platform.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile variants first: each row is a value an event may carry and the rule that must refuse it. */
class OwnershipTest {
    private static final Ownership MODEL = Ownership.DEFAULTS.withBuildsBuckets(Set.of("edgeplane-source"))
            .withUploadsBucket("edgeplane-uploads");
    private static final Owner ACME = Owner.tenant("acme");

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            edgeplane-source       | tenants/acme/builds/b1/                | -
            edgeplane-source       | tenants/acme/builds/b1                 | -
            edgeplane-source       | tenants/acme/builds/b1/sub/            | -
            edgeplane-source       | tenants/acme-evil/builds/b1/           | foreign-source
            edgeplane-source       | tenants/acmeX/builds/b1/               | foreign-source
            edgeplane-source       | tenants/other/builds/b1/               | foreign-source
            edgeplane-source       | tenants/acme/builds/                   | foreign-source
            edgeplane-source       | tenants/acme/deployments/current/      | foreign-source
            edgeplane-source       | distributor-state/                     | foreign-source
            edgeplane-source       | Tenants/acme/builds/b1/                | foreign-source
            edgeplane-source       | TENANTS/ACME/BUILDS/b1/                | foreign-source
            edgeplane-source       | tenants/acme/builds/../../other/builds/b1/ | path-traversal
            edgeplane-source       | tenants/acme/builds/./b1/              | path-traversal
            edgeplane-source       | tenants/acme/builds//b1/               | path-traversal
            edgeplane-source       | tenants/acme/builds/%2e%2e/x/          | path-traversal
            edgeplane-source       | tenants/acme/builds/b1%2F..%2F..%2Fother/ | path-traversal
            edgeplane-source       | tenants/acme/builds/b1\\..\\x/         | path-traversal
            edgeplane-source       | /tenants/acme/builds/b1/               | path-traversal
            edgeplane-distribution | tenants/acme/builds/b1/                | foreign-source
            edgeplane-uploads      | tenants/acme/builds/b1/                | foreign-source
            """)
    void buildSourceMustBeTheOwnersBuildRootInABuildsBucket(String bucket, String prefix, String rule) {
        assertThat(MODEL.checkBuildSource(ACME, bucket, prefix).map(Refusal::rule)).isEqualTo(Optional.ofNullable(rule));
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            edgeplane-uploads | uploads/u1/2026/11/22/abc      | -
            edgeplane-uploads | uploads/u10/2026/11/22/abc     | foreign-source
            edgeplane-uploads | uploads/u1-x/2026/abc          | foreign-source
            edgeplane-uploads | uploads/u2/2026/11/22/abc      | foreign-source
            edgeplane-uploads | uploads/u1/                    | foreign-source
            edgeplane-uploads | uploads/u1/../u2/secret        | path-traversal
            edgeplane-uploads | uploads/u1/%2e%2e/u2/secret    | path-traversal
            edgeplane-uploads | Uploads/u1/abc                 | foreign-source
            edgeplane-source  | uploads/u1/2026/11/22/abc      | foreign-source
            edgeplane-distribution | uploads/u1/2026/abc       | foreign-source
            """)
    void uploadsComeOnlyFromTheOwnersUploadRoot(String bucket, String key, String rule) {
        assertThat(MODEL.checkUpload(Owner.uploader("u1"), bucket, key).map(Refusal::rule))
                .isEqualTo(Optional.ofNullable(rule));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /tenants/acme/deployments/current/index.html  | -
            /tenants/acme/deployments/current/*           | -
            /tenants/acme/*                               | -
            /tenants/acme/deployments/current/caf%C3%A9.html | -
            /tenants/acme*                                | outside-tenant
            /tenants/acme-evil/index.html                 | outside-tenant
            /tenants/acme-evil/*                          | outside-tenant
            /tenants/*                                    | outside-tenant
            /tenants/acme                                 | outside-tenant
            /*                                            | outside-tenant
            /data/regions.json                            | outside-tenant
            /Tenants/acme/index.html                      | outside-tenant
            /tenants/ACME/index.html                      | outside-tenant
            /tenants/acme/../other/index.html             | path-traversal
            /tenants/acme/%2e%2e/other/index.html         | path-traversal
            /tenants/acme/%2E%2E%2Fother%2Findex.html     | path-traversal
            /tenants/acme//x                              | path-traversal
            /tenants/acme/./x                             | path-traversal
            /tenants/acme/%252e%252e/other/x              | encoding
            /tenants/acme/%zz                             | encoding
            /tenants/acme/%C3                             | encoding
            /tenants/acme/x%                              | encoding
            tenants/acme/x                                | path-traversal
            """)
    void aTenantEventStaysInsideItsViewerRoot(String path, String rule) {
        assertThat(MODEL.checkViewerPath(Optional.of(ACME), path).map(Refusal::rule)).isEqualTo(Optional.ofNullable(rule));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /data/regions.json             | -
            /data/*                        | -
            /media/m1/0a1b/renditions/*    | -
            /tenants                       | -
            /tenants/acme/index.html       | owner-root
            /tenants/*                     | owner-root
            /tenant*                       | owner-root
            /t*                            | owner-root
            /*                             | owner-root
            /sites/docs/index.html         | owner-root
            /s*                            | owner-root
            /data/../tenants/acme/x        | path-traversal
            /%74enants/acme/index.html     | owner-root
            """)
    void eventsOfNoOwnerNeverReachIntoAnOwnersRoot(String path, String rule) {
        assertThat(MODEL.checkViewerPath(Optional.empty(), path).map(Refusal::rule)).isEqualTo(Optional.ofNullable(rule));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            tenant-acme              | -
            tenant-acme:build-b42    | -
            tenant-acme-evil         | outside-tenant
            tenant-acmeevil:build-1  | outside-tenant
            build-b42                | outside-tenant
            tenant-other             | outside-tenant
            TENANT-ACME              | outside-tenant
            """)
    void aTenantInvalidatesOnlyItsOwnTags(String tag, String rule) {
        assertThat(MODEL.checkTag(Optional.of(ACME), tag).map(Refusal::rule)).isEqualTo(Optional.ofNullable(rule));
        assertThat(MODEL.checkTag(Optional.empty(), "tenant-acme").map(Refusal::rule)).contains("owner-root");
        assertThat(MODEL.checkTag(Optional.empty(), "regions")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void rootsAreDerivedFromTheIdAlone() {
        assertThat(MODEL.buildRoot(ACME)).isEqualTo("tenants/acme/builds/");
        assertThat(MODEL.servedRoot(ACME)).isEqualTo("tenants/acme/");
        assertThat(MODEL.viewerRoot(Owner.site("docs"))).isEqualTo("/sites/docs/");
        assertThat(MODEL.uploadRoot(Owner.uploader("u1"))).isEqualTo("uploads/u1/");
        assertThat(MODEL.scopedTag(ACME, "build-b42")).isEqualTo("tenant-acme:build-b42");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Owner.tenant("../other"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Owner.tenant("a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
