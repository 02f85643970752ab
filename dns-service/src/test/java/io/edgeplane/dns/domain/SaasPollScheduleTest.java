package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.dns.domain.DistributionTenantProgress.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaasPollScheduleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The service's defaults (application.properties / DnsConfig.Saas). */
    private static final SaasPollSchedule DEFAULTS = new SaasPollSchedule(Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofDays(7));

    /** Replays the looks at a tenant stuck in one stage until its deadline; returns the look times. */
    private static List<Instant> looksUntilDeadline(SaasPollSchedule s, Stage stage) {
        List<Instant> at = new ArrayList<>();
        Instant now = T0;
        for (int looks = 1; !s.expired(T0, now); looks++) {
            at.add(now);
            now = s.nextLook(stage, looks, now, T0);
        }
        at.add(now); // the look at the deadline, which answers customer-dns-timeout
        return at;
    }

    @Test
    void aCustomerWhoNeverCreatesTheCnameCostsHundredsOfLooksOverSevenDaysNotThirtyThousand() {
        List<Instant> looks = looksUntilDeadline(DEFAULTS, Stage.CUSTOMER_DNS);
        // At a fixed 20 s (the old saas.poll) the same week was 30,240 looks, each 2-3 CloudFront calls.
        assertThat(looks).hasSizeLessThan(350);
        assertThat(looks.getLast()).as("answered at the deadline, not a cap later").isEqualTo(T0.plus(Duration.ofDays(7)));
        for (int i = 1; i < looks.size(); i++) {
            assertThat(Duration.between(looks.get(i - 1), looks.get(i))).isLessThanOrEqualTo(Duration.ofMinutes(30));
        }
    }

    @Test
    void theCustomerDnsWaitDoublesFromTheFirstIntervalUpToTheCap() {
        List<Duration> delays = new ArrayList<>();
        for (int looks = 1; looks <= 8; looks++) {
            delays.add(DEFAULTS.delayAfter(Stage.CUSTOMER_DNS, looks));
        }
        assertThat(delays).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(30), Duration.ofMinutes(30),
                Duration.ofMinutes(30));
        assertThat(DEFAULTS.delayAfter(Stage.CUSTOMER_DNS, Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void deploymentAndCertificateArePolledAtTheirOwnFixedIntervals() {
        assertThat(DEFAULTS.delayAfter(Stage.DEPLOYING, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(DEFAULTS.delayAfter(Stage.DEPLOYING, 50)).isEqualTo(Duration.ofSeconds(30));
        assertThat(DEFAULTS.delayAfter(Stage.CERTIFICATE, 1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(DEFAULTS.delayAfter(Stage.CERTIFICATE, 9)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theLastLookIsAtTheDeadlineNeverAfterIt() {
        Instant almost = T0.plus(Duration.ofDays(7)).minusSeconds(60);
        assertThat(DEFAULTS.expired(T0, almost)).isFalse();
        assertThat(DEFAULTS.nextLook(Stage.CUSTOMER_DNS, 20, almost, T0)).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(DEFAULTS.expired(T0, T0.plus(Duration.ofDays(7)))).isTrue();
    }

    @Test
    void aStageChangeStartsItsBackoffAgain() {
        assertThat(SaasPollSchedule.looks("customer-dns", 6, Stage.CUSTOMER_DNS)).isEqualTo(7);
        assertThat(SaasPollSchedule.looks("deployment", 9, Stage.CUSTOMER_DNS)).isEqualTo(1);
        assertThat(SaasPollSchedule.looks(null, 0, Stage.DEPLOYING)).isEqualTo(1);
    }

    @Test
    void nonsenseSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new SaasPollSchedule(Duration.ZERO, Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofMinutes(30), Duration.ofDays(7))).hasMessageContaining("deploying");
        assertThatThrownBy(() -> new SaasPollSchedule(Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofDays(7)))
                .hasMessageContaining("customerDnsMax").hasMessageContaining("customerDnsFirst");
        assertThatThrownBy(() -> DEFAULTS.delayAfter(Stage.READY, 1)).hasMessageContaining("READY");
        assertThatThrownBy(() -> DEFAULTS.delayAfter(Stage.DEPLOYING, 0)).hasMessageContaining("looks");
    }
}
