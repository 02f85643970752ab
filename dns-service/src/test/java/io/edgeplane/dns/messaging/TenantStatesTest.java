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
}
