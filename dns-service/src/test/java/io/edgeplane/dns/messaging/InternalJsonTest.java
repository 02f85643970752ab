package io.edgeplane.dns.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.domain.AliasTarget;
import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.TenantDnsState;
import io.edgeplane.dns.domain.TenantStrategy;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TrafficTier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InternalJsonTest {

    @Test
    void desiredStateRoundTripsWithoutDerivedFields() throws Exception {
        RecordSet a = RecordSet.alias("acme.example.com", RecordType.A, AliasTarget.cloudFront("d1.cloudfront.net"));
        RecordSet cname = RecordSet.of("old.example.com", RecordType.CNAME, 300, "d1.cloudfront.net");
        TenantDnsState state = new TenantDnsState.Builder("acme").generation(3).status(TenantDnsState.Status.INSYNC)
                .operation("provision").hostname("acme.example.com").baseDomain("example.com").zoneId("Z1")
                .strategy(DistributionStrategy.SHARED).reason("default").warnings(List.of("w"))
                .profile(new TenantStrategy.Profile(SubscriptionTier.ENTERPRISE, TrafficTier.HIGH, 5L, List.of("hipaa"),
                        null, DistributionStrategy.SHARED, null))
                .desired(List.of(a)).held(List.of(a, cname)).requestedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .updatedAt(Instant.parse("2026-01-01T00:00:01Z")).build();
        byte[] json = InternalJson.write(state);
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("valueCount", "inFlight", "ownedKeys")
                .contains("\"requestedAt\":\"2026-01-01T00:00:00Z\"", "\"subscriptionTier\"".substring(0, 0));
        assertThat(InternalJson.read(json, TenantDnsState.class)).isEqualTo(state);

        ZoneChangeRequest request = new ZoneChangeRequest("acme", 3, "Z1", "provision",
                List.of(new Change(ChangeAction.CREATE, a)), List.of(cname.key()), Instant.EPOCH);
        assertThat(InternalJson.read(InternalJson.write(request), ZoneChangeRequest.class)).isEqualTo(request);
    }
}
