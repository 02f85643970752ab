package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.invalidation.domain.ChangeAdmission.Admitted;
import io.edgeplane.invalidation.domain.ChangeAdmission.Refused;
import io.edgeplane.invalidation.domain.PathNormalizer.IndexScope;
import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile variants first: what a FilesDistributed may make CloudFront invalidate, by who it acts for.
 * Each row is one changed path (or cache tag) and the rule that must refuse it ({@code -}: admitted).
 */
class ChangeAdmissionTest {
    private static final ChangeAdmission ADMISSION = new ChangeAdmission(Ownership.DEFAULTS);
    private static final PathNormalizer NORMALIZER = new PathNormalizer(Boundary.of(Ownership.DEFAULTS), "index.html",
            IndexScope.ALL);
    private static final Optional<Owner> ACME = Optional.of(Owner.tenant("acme"));
    private static final Optional<Owner> DOCS = Optional.of(Owner.site("docs"));
    private static final Optional<Owner> NOBODY = Optional.empty();

    @ParameterizedTest(name = "tenant acme: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /tenants/acme/deployments/current/index.html  | -
            /tenants/acme/assets/app.js                   | -
            /tenants/acme/deployments/current/*           | -
            /tenants/acme/*                               | -
            /tenants/acme/a b.html                        | -
            /tenants/acme/café.html                       | -
            /tenants/acme/x~y.html                        | -
            /tenants/acme-evil/index.html                 | outside-tenant
            /tenants/acmeX/index.html                     | outside-tenant
            /tenants/acme-evil/*                          | outside-tenant
            /tenants/acme*                                | outside-tenant
            /tenants/acme~/x.html                         | outside-tenant
            /tenants/acme*/x.html                         | outside-tenant
            /tenants/other/index.html                     | outside-tenant
            /tenants/*                                    | outside-tenant
            /tenants/                                     | outside-tenant
            /tenants/acme                                 | outside-tenant
            /*                                            | outside-tenant
            /                                             | outside-tenant
            /data/regions.json                            | outside-tenant
            /sites/docs/index.html                        | outside-tenant
            /Tenants/acme/index.html                      | outside-tenant
            /TENANTS/acme/index.html                      | outside-tenant
            /tenants/ACME/index.html                      | outside-tenant
            /tenants/Acme/*                               | outside-tenant
            /tenants/acme/%2e%2e/other/index.html         | path-traversal
            /tenants/acme/%2E%2E/other/*                  | path-traversal
            /tenants/acme/%2F..%2Fother%2Findex.html      | path-traversal
            /tenants/acme/x%2F..%2F..%2Fother%2F*         | path-traversal
            /tenants/acme/%5c..%5cother                   | path-traversal
            /tenants/acme/%252e%252e/other/index.html     | encoding
            /tenants/acme/%25252e%25252e/other/x          | encoding
            /tenants/acme/%zz.html                        | encoding
            /tenants/acme/%C3.html                        | encoding
            /%74enants/acme-evil/index.html               | outside-tenant
            """)
    void aTenantEventChangesOnlyItsOwnViewerRoot(String path, String rule) {
        assertThat(ruleFor(ACME, path)).isEqualTo(Optional.ofNullable(rule));
    }

    @ParameterizedTest(name = "site docs: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /sites/docs/index.html      | -
            /sites/docs/*               | -
            /sites/docs-old/index.html  | outside-tenant
            /sites/docs*                | outside-tenant
            /sites/*                    | outside-tenant
            /tenants/docs/index.html    | outside-tenant
            /data/regions.json          | outside-tenant
            """)
    void aSiteEventChangesOnlyItsOwnViewerRoot(String path, String rule) {
        assertThat(ruleFor(DOCS, path)).isEqualTo(Optional.ofNullable(rule));
    }

    @ParameterizedTest(name = "data: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /data/regions.json                   | -
            /data/*                              | -
            /media/m1/v2/renditions/*            | -
            /index.html                          | -
            /tenants/acme/index.html             | owner-root
            /tenants/acme/*                      | owner-root
            /tenants/*                           | owner-root
            /tenant*                             | owner-root
            /t*                                  | owner-root
            /*                                   | owner-root
            /t~x                                 | outside-boundary
            /sites/docs/index.html               | owner-root
            /s*                                  | owner-root
            /%74enants/acme/index.html           | owner-root
            /data/%2e%2e/tenants/acme/index.html | path-traversal
            /data/%252e%252e/x                   | encoding
            """)
    void anEventOfNoOwnerReachesIntoNoOwnersRoot(String path, String rule) {
        assertThat(ruleFor(NOBODY, path)).isEqualTo(Optional.ofNullable(rule));
    }

    @ParameterizedTest(name = "{0}: #{1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            tenant acme | tenant-acme             | -
            tenant acme | tenant-acme:build-b42   | -
            tenant acme | #tenant-acme:build-b42  | -
            tenant acme | tenant-other            | outside-tenant
            tenant acme | tenant-acme-evil        | outside-tenant
            tenant acme | tenant-acmeevil:build-1 | outside-tenant
            tenant acme | build-b42               | outside-tenant
            tenant acme | TENANT-ACME             | outside-tenant
            tenant acme | Tenant-acme:build-b42   | outside-tenant
            tenant acme | site-docs               | outside-tenant
            site docs   | site-docs:build-7       | -
            site docs   | tenant-docs             | outside-tenant
            nobody      | regions                 | -
            nobody      | tenant-acme             | owner-root
            nobody      | tenant-acme:build-b42   | owner-root
            nobody      | site-docs               | owner-root
            nobody      | TENANT-ACME             | owner-root
            nobody      | Site-docs               | owner-root
            """)
    void cacheTagsAreTheOwnersOwn(String who, String tag, String rule) {
        Optional<Owner> owner = switch (who) {
            case "tenant acme" -> ACME;
            case "site docs" -> DOCS;
            default -> NOBODY;
        };
        Admitted admitted = ADMISSION.admit(owner, List.of(), List.of(tag), NORMALIZER);
        if (rule == null) {
            assertThat(admitted.refused()).isEmpty();
            assertThat(admitted.tags()).containsExactly(tag.startsWith("#") ? tag.substring(1) : tag);
        } else {
            assertThat(admitted.tags()).isEmpty();
            assertThat(admitted.refused()).singleElement().satisfies(r -> {
                assertThat(r.rule()).isEqualTo(rule);
                assertThat(r.value()).isEqualTo(tag.startsWith("#") ? tag : "#" + tag);
            });
        }
    }

    @Test
    void theInBoundsRestIsAdmittedAndEveryRefusedItemIsNamedWithItsRule() {
        Admitted admitted = ADMISSION.admit(ACME, List.of("/tenants/acme/a.html", "/tenants/acme-evil/a.html",
                "/tenants/acme/b.html", "/tenants/acme/%2e%2e/other/x", "/*"), List.of("tenant-acme", "tenant-other"),
                NORMALIZER);
        assertThat(admitted.items()).extracting(InvalidationItem::value)
                .containsExactly("/tenants/acme/a.html", "/tenants/acme/b.html");
        assertThat(admitted.tags()).containsExactly("tenant-acme");
        assertThat(admitted.refused()).extracting(Refused::value, Refused::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/tenants/acme-evil/a.html", "outside-tenant"),
                org.assertj.core.groups.Tuple.tuple("/tenants/acme/%2e%2e/other/x", "path-traversal"),
                org.assertj.core.groups.Tuple.tuple("/*", "outside-tenant"),
                org.assertj.core.groups.Tuple.tuple("#tenant-other", "outside-tenant"));
        // Each reason names the value and the root it had to stay in.
        assertThat(admitted.refused().getFirst().reason()).contains("/tenants/acme-evil/a.html", "/tenants/acme/");
    }

    @Test
    void theNormalisersOwnRejectionsAreRefusalsToo() {
        Admitted admitted = ADMISSION.admit(NOBODY, List.of("/data/" + "x".repeat(4_000), "/data~x"), List.of(),
                NORMALIZER);
        assertThat(admitted.items()).isEmpty();
        assertThat(admitted.refused()).extracting(Refused::rule).containsExactly("max-length", "outside-boundary");
    }

    @Test
    void aResultPathCountsForThePopulationOnlyInsideTheOwnersRoot() {
        assertThat(ADMISSION.owns(ACME, "/tenants/acme/a.html")).isTrue();
        assertThat(ADMISSION.owns(ACME, "/tenants/acme-evil/a.html")).isFalse();
        assertThat(ADMISSION.owns(NOBODY, "/tenants/acme/a.html")).isFalse();
        assertThat(ADMISSION.owns(NOBODY, "/data/a.json")).isTrue();
    }

    /**
     * Property: whatever mix of paths an acme event carries (built from hostile fragments), every item it
     * admits lies inside /tenants/acme/ as CloudFront reads it, and nothing is both admitted and refused.
     */
    @Test
    void noRandomMixOfHostileFragmentsEverAdmitsAnItemOutsideTheTenant() {
        String[] fragments = {"/", "tenants", "Tenants", "acme", "acme-evil", "ACME", "other", "*", "~", "%2e",
                "%2E%2e", "%2F", "%252e", "..", ".", "a.html", "index.html", "%", "%zz", "é", " ", "x"};
        Random random = new Random(13);
        for (int run = 0; run < 20_000; run++) {
            StringBuilder path = new StringBuilder("/");
            for (int k = 0, n = 1 + random.nextInt(7); k < n; k++) {
                path.append(fragments[random.nextInt(fragments.length)]);
            }
            if (random.nextBoolean()) {
                path.insert(0, "/tenants/acme");
            }
            Admitted admitted = ADMISSION.admit(ACME, List.of(path.toString()), List.of(), NORMALIZER);
            for (InvalidationItem item : admitted.items()) {
                assertThat(item.value()).as("%s from %s", item, path).startsWith("/tenants/acme/");
                assertThat(item.value()).as("%s from %s", item, path).doesNotContain("%2e", "%2E", "%2F", "%2f",
                        "/../", "/./", "//");
            }
            assertThat(admitted.items().isEmpty() ^ admitted.refused().isEmpty()).as(path.toString()).isTrue();
        }
    }

    private static Optional<String> ruleFor(Optional<Owner> owner, String path) {
        Admitted admitted = ADMISSION.admit(owner, List.of(path), List.of(), NORMALIZER);
        List<String> rules = new ArrayList<>();
        admitted.refused().forEach(r -> {
            assertThat(r.value()).isEqualTo(path);
            rules.add(r.rule());
        });
        if (rules.isEmpty()) {
            assertThat(admitted.items()).as("admitted items of %s", path).isNotEmpty();
            return Optional.empty();
        }
        assertThat(admitted.items()).as("nothing of a refused path is admitted").isEmpty();
        return Optional.of(rules.getFirst());
    }
}
