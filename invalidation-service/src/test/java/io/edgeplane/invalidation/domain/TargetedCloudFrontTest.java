package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each key to its API; the tenant's root cut from the paths on the way to a distribution tenant, and put back. */
class TargetedCloudFrontTest {
    static final String MULTI = "E1MULTITENANT01";

    final SimulatedCloudFront simulated = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
            .withRate(100, 10).withCompletionDelay(Duration.ofMinutes(1)), java.time.Clock.systemUTC());
    final TargetedCloudFront targeted = new TargetedCloudFront(simulated, simulated, t -> "/tenants/" + t + "/");
    final String acme = InvalidationTarget.distributionTenant(MULTI, "dt_acme", "acme").key();

    @Test
    void anItemOutsideTheTenantsRootIsNeverSentToItsDistributionTenant() {
        for (String foreign : List.of("/tenants/acme-evil/x.html", "/tenants/*", "/*", "/Tenants/acme/x",
                "/tenants/acme")) {
            CloudFrontFailure f = catchThrowableOfType(CloudFrontFailure.class,
                    () -> targeted.create(acme, "ref-" + foreign, List.of("/tenants/acme/ok.html", foreign)));
            assertThat(f.code()).as(foreign).isEqualTo(CloudFrontFailure.INVALID_ARGUMENT);
            assertThat(f.getMessage()).contains(foreign, "outside-tenant");
        }
        assertThat(simulated.createdOnDistributionTenants()).isEmpty();
        assertThat(simulated.created()).isEmpty();
    }

    @Test
    void theTenantsWildcardIsTheDistributionTenantsWholeCacheAndReadsBackInTheBucketsSpace() {
        var record = targeted.create(acme, "ref-1", List.of("/tenants/acme/*", "/tenants/acme/", "#tenant-acme:b1"));
        assertThat(simulated.createdOnDistributionTenant("dt_acme").getFirst().items())
                .containsExactly("/*", "/", "#tenant-acme:b1");
        assertThat(record.items()).containsExactly("/tenants/acme/*", "/tenants/acme/", "#tenant-acme:b1");
        assertThat(targeted.get(acme, record.id()).items()).containsExactly("/tenants/acme/*", "/tenants/acme/",
                "#tenant-acme:b1");
        assertThat(targeted.listSince(acme, record.createTime().minusSeconds(1))).hasSize(1);
        assertThat(simulated.created()).as("nothing on any distribution").isEmpty();
    }

    @Test
    void aDistributionKeyGoesToTheDistributionUnchanged() {
        targeted.create(MULTI, "ref-d", List.of("/tenants/acme/a.html"));
        assertThat(simulated.created(MULTI).getFirst().items()).containsExactly("/tenants/acme/a.html");
        assertThat(simulated.createdOnDistributionTenants()).isEmpty();
    }

    @Test
    void asStoredViewerPathsAreSentAsTheyAre() {
        var asStored = new TargetedCloudFront(simulated, simulated, null);
        asStored.create(acme, "ref-s", List.of("/tenants/acme/a.html"));
        assertThat(simulated.createdOnDistributionTenant("dt_acme").getFirst().items())
                .containsExactly("/tenants/acme/a.html");
    }

    @Test
    void eachDistributionTenantHasItsOwnInProgressQuota() {
        simulated.distributionTenantQuotas(3_000, 2);
        String globex = InvalidationTarget.distributionTenant(MULTI, "dt_globex", "globex").key();
        targeted.create(acme, "a1", List.of("/tenants/acme/a/*", "/tenants/acme/b/*"));
        CloudFrontFailure f = catchThrowableOfType(CloudFrontFailure.class,
                () -> targeted.create(acme, "a2", List.of("/tenants/acme/c/*")));
        assertThat(f.code()).isEqualTo(CloudFrontFailure.TOO_MANY_IN_PROGRESS);
        targeted.create(globex, "g1", List.of("/tenants/globex/*"));
        targeted.create(MULTI, "d1", List.of("/tenants/x/*", "/tenants/y/*", "/tenants/z/*"));
        assertThat(simulated.usageOfDistributionTenant("dt_acme").peakWildcards()).isEqualTo(2);
        assertThat(simulated.usageOfDistributionTenant("dt_globex").peakWildcards()).isEqualTo(1);
    }
}
