package io.edgeplane.dns.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.domain.ConnectionGroupRef;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenantSpec;
import io.edgeplane.dns.domain.DistributionTenants;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.service.DeploymentBoard.Answer;
import io.edgeplane.dns.simulated.SimulatedDistributionTenants;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many tenants deploying are answered from listing pages; few by Gets; never by a listing older than a change. */
class DeploymentBoardTest {
    private static final Duration DEPLOY = Duration.ofMinutes(3);
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final String MTD = "EMT1";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedDistributionTenants cf = new SimulatedDistributionTenants(clock,
            new SimulatedDistributionTenants.Settings(DEPLOY, 10_000, 4, List.of("edgeplane.test")));
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicBoolean listingFails = new AtomicBoolean();
    private final DeploymentBoard board = new DeploymentBoard(listingCanFail(), MTD, reads::incrementAndGet,
            clock, INTERVAL, () -> cf.size());

    private List<DistributionTenantRef> create(int n) {
        return create(n, true);
    }

    /** {@code noted}: this replica created them (else another replica did: they do not wait here). */
    private List<DistributionTenantRef> create(int n, boolean noted) {
        ConnectionGroupRef group = cf.connectionGroup("edgeplane-tenants");
        List<DistributionTenantRef> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String tenant = "t" + cf.size();
            DistributionTenantRef t = cf.create(new DistributionTenantSpec(DistributionTenantSpec.nameOf(tenant), MTD,
                    List.of(tenant + ".edgeplane.test"), Map.of("tenantId", tenant), Map.of("edgeplane:managed", "true"),
                    group.id(), null, true));
            if (noted) {
                board.deploying(t.id(), clock.now());
            }
            created.add(t);
        }
        return created;
    }

    private List<Answer> lookAll(List<DistributionTenantRef> tenants) {
        return tenants.stream().map(t -> board.look(t.id())).toList();
    }

    @Test
    void aBurstIsAnsweredByOneListingPerIntervalInsteadOfAGetPerTenant() {
        List<DistributionTenantRef> burst = create(300);

        assertThat(lookAll(burst)).containsOnly(Answer.DEPLOYING);
        assertThat(reads).hasValue(3); // one listing of 3 pages for 300 looks
        clock.sleep(Duration.ofSeconds(20));
        assertThat(lookAll(burst)).containsOnly(Answer.DEPLOYING);
        assertThat(reads).hasValue(3); // within the interval the listing answers again, at no cost

        clock.sleep(DEPLOY);
        assertThat(lookAll(burst)).containsOnly(Answer.DEPLOYED);
        assertThat(reads).hasValue(6);
        assertThat(board.waiting()).isZero(); // the listing showed them deployed: none counted as waiting

        // Their later looks (customer DNS, certificate) need no deployment read: a deployment does not undo itself.
        clock.sleep(Duration.ofMinutes(30));
        assertThat(lookAll(burst)).containsOnly(Answer.DEPLOYED);
        assertThat(reads).hasValue(6);
        assertThat(cf.calls("GetDistributionTenant")).isZero();
        assertThat(cf.calls("ListDistributionTenants")).isEqualTo(6);
    }

    @Test
    void fewerTenantsWaitingThanTheListingHasPagesAreAskedOneByOne() {
        create(250, false); // 3 pages, another replica's
        clock.sleep(DEPLOY);
        List<DistributionTenantRef> after = create(2);

        assertThat(lookAll(after)).containsOnly(Answer.ASK);
        assertThat(reads).hasValue(0);
        assertThat(cf.calls("ListDistributionTenants")).isZero();
    }

    @Test
    void aTenantChangedAfterTheListingStartedIsNotAnsweredByIt() {
        List<DistributionTenantRef> burst = create(300);
        clock.sleep(DEPLOY);
        assertThat(lookAll(burst)).containsOnly(Answer.DEPLOYED); // listed at this instant: all deployed
        clock.sleep(Duration.ofSeconds(5));
        // Five are updated (here: disabled): deploying again, while the listing, 5 s old, still says Deployed.
        List<DistributionTenantRef> updated = burst.subList(0, 5);
        updated.forEach(t -> {
            cf.disable(cf.find(t.id()));
            board.deploying(t.id(), clock.now());
        });
        create(5); // and five new ones: 10 waiting > 4 pages, so the listing is the source

        assertThat(lookAll(updated)).containsOnly(Answer.DEPLOYING);
        assertThat(board.look(burst.get(10).id())).isEqualTo(Answer.DEPLOYED);
        int before = reads.get();
        clock.sleep(INTERVAL);
        assertThat(lookAll(updated)).containsOnly(Answer.DEPLOYING); // the next listing sees them InProgress
        assertThat(reads.get() - before).isEqualTo(4);
    }

    @Test
    void aListingThatFailsLeavesTheLooksToGetsForOneIntervalThenIsTriedAgain() {
        List<DistributionTenantRef> burst = create(150);
        listingFails.set(true);

        assertThat(board.look(burst.get(0).id())).isEqualTo(Answer.ASK);
        assertThat(lookAll(burst)).containsOnly(Answer.ASK);
        assertThat(cf.calls("ListDistributionTenants")).isZero(); // the failing call counted nothing, tried once

        listingFails.set(false);
        clock.sleep(INTERVAL);
        assertThat(lookAll(burst)).containsOnly(Answer.DEPLOYING);
        assertThat(cf.calls("ListDistributionTenants")).isEqualTo(2);
    }

    @Test
    void aWaitingTenantDeletedElsewhereStopsCountingAtTheNextListing() {
        List<DistributionTenantRef> burst = create(120);
        clock.sleep(DEPLOY);
        DistributionTenantRef gone = burst.getFirst();
        cf.disable(cf.find(gone.id()));
        clock.sleep(DEPLOY);
        assertThat(cf.delete(cf.find(gone.id()))).isTrue();
        board.deploying(burst.get(1).id(), clock.now().minusSeconds(1)); // (still counted)

        board.look(burst.get(2).id());

        assertThat(board.waiting()).isZero();
    }

    /** The simulator, whose ListDistributionTenants can be made to fail (throttled) before it is served. */
    private DistributionTenants listingCanFail() {
        return (DistributionTenants) Proxy.newProxyInstance(DistributionTenants.class.getClassLoader(),
                new Class<?>[] {DistributionTenants.class}, (proxy, method, args) -> {
                    if (method.getName().equals("page") && listingFails.get()) {
                        throw new DnsApiException("Throttling", "Rate exceeded", true);
                    }
                    try {
                        return method.invoke(cf, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
