package io.edgeplane.dns.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.domain.AliasTarget;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.TenantDnsState;
import io.edgeplane.dns.domain.TenantDnsState.Status;
import io.edgeplane.dns.domain.TenantLabel;
import io.edgeplane.dns.domain.TenantStates;
import io.edgeplane.dns.domain.TenantStrategy;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TrafficTier;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory tenant states the desired-state store keeps (100,000 of them in the 256 MB heap): repeated values
 * held once, also for states read back from the topic, nothing lost on the way, and the indexes in step.
 */
class TenantStatesTest {
    private static final String BASE = "edgeplane.test";

    /** A state as the service writes it: every string its own instance, as a JSON read-back gives them. */
    private static TenantDnsState state(String tenant, String label, Status status) {
        String hostname = label + "." + BASE;
        AliasTarget target = AliasTarget.cloudFront(new String("d1edgeplane0001.cloudfront.net"));
        List<RecordSet> records = List.of(RecordSet.alias(new String(hostname), RecordType.A, target),
                RecordSet.alias(new String(hostname), RecordType.AAAA, target));
        TenantDnsState.Builder b = new TenantDnsState.Builder(tenant).generation(2).status(status)
                .operation(new String("provision")).hostname(hostname).baseDomain(new String(BASE))
                .zoneId(new String("Z0EDGEPLANELOCAL")).strategy(DistributionStrategy.SHARED)
                .reason(new String("default")).explanation(new String("standard tenants share one distribution"))
                .warnings(List.of(new String("individual distributions at 80% of the maximum (8 of 10)")))
                .profile(new TenantStrategy.Profile(SubscriptionTier.STANDARD, TrafficTier.NORMAL, 10_000L, List.of(),
                        null, null, null))
                .target(new String("d1edgeplane0001.cloudfront.net")).distributionId(new String("E1EDGEPLANE0001"))
                .desired(records).held(status == Status.INSYNC ? List.copyOf(new java.util.ArrayList<>(records)) : List.of())
                .requestedAt(Instant.parse("2026-12-07T03:00:00Z")).updatedAt(Instant.parse("2026-12-07T03:00:01Z"))
                .changeId(new String("C0001")).causedBy("event-" + tenant);
        if (status == Status.INSYNC) {
            b.readyAt(Instant.parse("2026-12-07T03:00:01Z"));
        }
        if (status == Status.FAILED) {
            b.failure(new String("zone-capacity"), new String("hosted zone Z0EDGEPLANELOCAL holds 10000 of its 10000"
                    + " record sets (MAX_RRSETS_BY_ZONE); the change needs 2 more."));
        }
        return b.build();
    }

    private static TenantDnsState readBack(TenantDnsState state) throws Exception {
        return InternalJson.read(InternalJson.write(state), TenantDnsState.class);
    }

    @Test
    void repeatedValuesOfStatesReadBackFromTheTopicAreHeldOnce() throws Exception {
        TenantStates states = new TenantStates();
        for (String tenant : List.of("t-1", "t-2")) {
            TenantDnsState read = readBack(state(tenant, tenant, Status.INSYNC));
            states.apply(tenant, states.compact(read));
        }
        for (String tenant : List.of("t-3", "t-4")) {
            TenantDnsState read = readBack(state(tenant, tenant, Status.FAILED));
            states.apply(tenant, states.compact(read));
        }
        TenantDnsState one = states.get("t-1");
        TenantDnsState two = states.get("t-2");
        assertThat(two.baseDomain()).isSameAs(one.baseDomain());
        assertThat(two.zoneId()).isSameAs(one.zoneId());
        assertThat(two.operation()).isSameAs(one.operation());
        assertThat(two.reason()).isSameAs(one.reason());
        assertThat(two.explanation()).isSameAs(one.explanation());
        assertThat(two.warnings()).isSameAs(one.warnings());
        assertThat(two.target()).isSameAs(one.target());
        assertThat(two.distributionId()).isSameAs(one.distributionId());
        assertThat(two.changeId()).isSameAs(one.changeId());
        assertThat(two.profile()).isSameAs(one.profile());
        assertThat(two.desired().getFirst().alias()).isSameAs(one.desired().getFirst().alias());
        assertThat(one.held()).as("INSYNC: held is desired").isSameAs(one.desired());
        assertThat(one.desired()).allSatisfy(r -> assertThat(r.name()).isSameAs(one.hostname()));
        assertThat(one.readyAt()).isSameAs(one.updatedAt());
        assertThat(states.get("t-4").failureReason()).as("a full zone's refusal, held once")
                .isSameAs(states.get("t-3").failureReason());
        assertThat(states.get("t-4").failureRule()).isSameAs(states.get("t-3").failureRule());
    }

    @Test
    void aCompactedStateIsEqualToTheOriginalAndRoundTripsThroughTheTopicUnchanged() throws Exception {
        TenantStates states = new TenantStates();
        for (Status status : Status.values()) {
            TenantDnsState original = state("t-" + status, "t-" + status, status);
            TenantDnsState compact = states.compact(original);
            assertThat(compact).isEqualTo(original);
            assertThat(InternalJson.write(compact)).isEqualTo(InternalJson.write(original));
            states.apply(compact.tenantId(), compact);
            TenantDnsState again = states.compact(readBack(compact));
            assertThat(again).isEqualTo(original);
            assertThat(again.hostname()).as("the tenant's own strings from the state it replaces")
                    .isSameAs(compact.hostname());
            assertThat(again.causedBy()).isSameAs(compact.causedBy());
        }
    }

    @Test
    void hostnamesAndOwnersFollowTheStatesAndAFailedTenantHoldsNoHostname() {
        TenantStates states = new TenantStates();
        states.apply("t-1", states.compact(state("t-1", "acme", Status.PENDING)));
        assertThat(states.tenantOfHostname("acme." + BASE)).isEqualTo("t-1");
        assertThat(states.ownerOf(new RecordKey("acme." + BASE, RecordType.AAAA))).isEqualTo("t-1");
        assertThat(states.ownerOf(new RecordKey("acme." + BASE, RecordType.CNAME))).isNull();
        states.apply("t-1", states.compact(state("t-1", "acme", Status.INSYNC)));
        assertThat(states.tenantOfHostname("acme." + BASE)).isEqualTo("t-1");
        states.apply("t-1", states.compact(state("t-1", "acme-renamed", Status.INSYNC)));
        assertThat(states.tenantOfHostname("acme." + BASE)).isNull();
        assertThat(states.tenantOfHostname("acme-renamed." + BASE)).isEqualTo("t-1");
        assertThat(states.ownerOf(new RecordKey("acme." + BASE, RecordType.A))).isNull();
        states.apply("t-1", states.compact(state("t-1", "acme-renamed", Status.FAILED)));
        assertThat(states.tenantOfHostname("acme-renamed." + BASE)).isNull();
        states.apply("t-1", null);
        assertThat(states.get("t-1")).isNull();
        assertThat(states.size()).isZero();
    }

    @Test
    void aLookAlikeIsFoundWhetherItsLabelIsItsOwnSkeletonOrNot() {
        TenantStates states = new TenantStates();
        // "scope" is its own skeleton (found through the hostname), "paypa1" is not ("1" reads as "l": indexed),
        // the Cyrillic "асе" is an IDN label (indexed).
        assertThat(TenantLabel.skeleton("scope")).isEqualTo("scope");
        assertThat(TenantLabel.skeleton("paypa1")).isNotEqualTo("paypa1");
        states.apply("t-scope", states.compact(state("t-scope", "scope", Status.INSYNC)));
        states.apply("t-pay", states.compact(state("t-pay", "paypa1", Status.INSYNC)));
        states.apply("t-idn", states.compact(state("t-idn", "xn--80ak9a", Status.INSYNC)));
        states.apply("t-idn2", states.compact(state("t-idn2", "xn--80ak9a", Status.PENDING)));

        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("scope"), false, "asker")).isEqualTo("t-scope");
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("scope"), true, "asker")).as("not an IDN label")
                .isNull();
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("paypal"), false, "asker")).isEqualTo("t-pay");
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("ace"), true, "asker")).isIn("t-idn", "t-idn2");
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("ace"), true, "t-idn")).isEqualTo("t-idn2");
        assertThat(states.lookAlike("other.org", TenantLabel.skeleton("scope"), false, "asker")).isNull();
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("scope"), false, "t-scope")).as("itself").isNull();

        states.apply("t-pay", states.compact(state("t-pay", "paypa1", Status.FAILED)));
        states.apply("t-scope", null);
        states.apply("t-idn", states.compact(state("t-idn", "acme", Status.INSYNC)));
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("paypal"), false, "asker")).isNull();
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("scope"), false, "asker")).isNull();
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("ace"), true, "asker")).isEqualTo("t-idn2");
        states.apply("t-idn2", null);
        assertThat(states.lookAlike(BASE, TenantLabel.skeleton("ace"), true, "asker")).isNull();
    }

    /** A distribution-tenant state claiming {@code domain} as its custom domain, as tenant management sent it. */
    private static TenantDnsState claiming(String tenant, String domain, Status status) {
        return state(tenant, tenant, status).toBuilder().strategy(DistributionStrategy.DISTRIBUTION_TENANT)
                .profile(new TenantStrategy.Profile(SubscriptionTier.STANDARD, TrafficTier.NORMAL, 10_000L, List.of(),
                        domain == null ? null : new String(domain), null, null))
                .build();
    }

    private static void apply(TenantStates states, TenantDnsState state) {
        states.apply(state.tenantId(), states.compact(state));
    }

    @Test
    void aClaimedCustomDomainIsFoundInAnyCaseAndWithOrWithoutItsTrailingDotButNoOtherName() {
        TenantStates states = new TenantStates();
        apply(states, claiming("t-1", "Shop.Acme.COM.", Status.PENDING));
        for (String variant : List.of("shop.acme.com", "SHOP.ACME.COM", "shop.acme.com.", " Shop.Acme.Com. ")) {
            assertThat(states.tenantOfCustomDomain(variant)).as(variant).isEqualTo("t-1");
        }
        for (String other : List.of("acme.com", "www.shop.acme.com", "shop.acme.co", "shop-acme.com")) {
            assertThat(states.tenantOfCustomDomain(other)).as(other).isNull();
        }
        apply(states, claiming("t-2", null, Status.INSYNC));
        apply(states, claiming("t-3", "   ", Status.INSYNC));
        assertThat(states.tenantOfCustomDomain("")).as("no custom domain is no claim").isNull();
        assertThat(states.tenantOfCustomDomain("t-2." + BASE)).as("a hostname is not a custom domain").isNull();
    }

    @Test
    void aFailedTenantDoesNotHoldItsCustomDomainAndTakesItBackWhenItRecovers() {
        TenantStates states = new TenantStates();
        apply(states, claiming("t-1", "shop.acme.com", Status.PENDING));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-1");
        apply(states, claiming("t-1", "shop.acme.com", Status.FAILED));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isNull();
        apply(states, claiming("t-2", "shop.acme.com", Status.FAILED));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).as("failed from its first state").isNull();
        apply(states, claiming("t-1", "shop.acme.com", Status.INSYNC));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-1");
    }

    @Test
    void aDomainMovedToAnotherTenantIsThatTenantsAndADroppedOrDeprovisionedClaimIsReleased() {
        TenantStates states = new TenantStates();
        apply(states, claiming("t-a", "shop.acme.com", Status.INSYNC));
        apply(states, claiming("t-a", "store.acme.com", Status.PENDING));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).as("the old domain, released").isNull();
        assertThat(states.tenantOfCustomDomain("store.acme.com")).isEqualTo("t-a");
        apply(states, claiming("t-b", "SHOP.acme.com", Status.PENDING));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-b");
        apply(states, claiming("t-a", null, Status.INSYNC));
        assertThat(states.tenantOfCustomDomain("store.acme.com")).as("dropped").isNull();
        apply(states, claiming("t-b", "shop.acme.com", Status.DEPROVISIONING));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).as("held until the tenant's records are gone")
                .isEqualTo("t-b");
        states.apply("t-b", null);
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).as("deprovisioned").isNull();
        states.apply("t-never", null);
        assertThat(states.size()).isEqualTo(1);
    }

    @Test
    void ofTwoClaimantsTheEarliestNotFailedIsTheOwnerAndRemovingEitherLeavesTheOther() {
        TenantStates states = new TenantStates();
        // Two replicas may each accept a claim before reading the other's state: both reach every index.
        apply(states, claiming("t-a", "shop.acme.com", Status.PENDING));
        apply(states, claiming("t-b", "Shop.Acme.Com", Status.PENDING));
        apply(states, claiming("t-c", "shop.acme.com.", Status.PENDING));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-a");
        apply(states, claiming("t-a", "shop.acme.com", Status.INSYNC));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).as("a later state keeps the claim's place")
                .isEqualTo("t-a");
        states.apply("t-a", null);
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-b");
        apply(states, claiming("t-a", "shop.acme.com", Status.PENDING));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).as("t-a claims again, after t-b and t-c")
                .isEqualTo("t-b");
        apply(states, claiming("t-b", "shop.acme.com", Status.FAILED));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-c");
        apply(states, claiming("t-c", "other.acme.com", Status.PENDING));
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-a");
        states.apply("t-a", null);
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isNull();
        assertThat(states.tenantOfCustomDomain("other.acme.com")).isEqualTo("t-c");
    }

    @Test
    void theCustomDomainIndexAgreesWithAScanOfTheStatesThroughRandomChanges() {
        java.util.Random random = new java.util.Random(17);
        List<String> tenants = List.of("t-1", "t-2", "t-3", "t-4", "t-5");
        List<String> domains = java.util.Arrays.asList("a.shop.com", "A.Shop.Com.", "b.shop.com", null);
        TenantStates states = new TenantStates();
        for (int step = 0; step < 5_000; step++) {
            String tenant = tenants.get(random.nextInt(tenants.size()));
            if (random.nextInt(6) == 0) {
                states.apply(tenant, null);
            } else {
                apply(states, claiming(tenant, domains.get(random.nextInt(domains.size())),
                        Status.values()[random.nextInt(Status.values().length)]));
            }
            for (String domain : List.of("a.shop.com", "b.shop.com")) {
                List<String> claimants = states.all().stream()
                        .filter(s -> s.status() != Status.FAILED && s.profile().customDomain() != null
                                && io.edgeplane.dns.domain.DnsNames.normalize(s.profile().customDomain()).equals(domain))
                        .map(TenantDnsState::tenantId).toList();
                String owner = states.tenantOfCustomDomain(domain);
                if (claimants.isEmpty()) {
                    assertThat(owner).as("step %d, %s", step, domain).isNull();
                } else {
                    assertThat(owner).as("step %d, %s", step, domain).isIn(claimants);
                }
            }
        }
    }

    @Test
    void aCustomDomainReadBackFromTheTopicIsHeldOnceByTheStateAndTheIndex() throws Exception {
        TenantStates states = new TenantStates();
        apply(states, claiming("t-1", "shop.acme.com", Status.PENDING));
        TenantDnsState first = states.get("t-1");
        apply(states, readBack(claiming("t-1", "shop.acme.com", Status.INSYNC)));
        assertThat(states.get("t-1").profile()).as("the tenant's own profile, kept").isSameAs(first.profile());
        TenantDnsState migrated = claiming("t-1", "shop.acme.com", Status.PENDING);
        migrated = migrated.toBuilder().profile(new TenantStrategy.Profile(SubscriptionTier.ENTERPRISE,
                TrafficTier.NORMAL, 10_000L, List.of(), new String("shop.acme.com"), null,
                DistributionStrategy.DISTRIBUTION_TENANT)).build();
        apply(states, readBack(migrated));
        assertThat(states.get("t-1").profile()).isEqualTo(migrated.profile());
        assertThat(states.get("t-1").profile().customDomain()).as("the domain's string the index is keyed by")
                .isSameAs(first.profile().customDomain());
        assertThat(states.tenantOfCustomDomain("shop.acme.com")).isEqualTo("t-1");
    }
}
