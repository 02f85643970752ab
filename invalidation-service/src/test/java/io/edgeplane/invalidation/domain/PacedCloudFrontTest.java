package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.invalidation.simulated.SimulatedClock;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.invalidation.simulated.SimulatedDistributions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every CloudFront call spends the budget first; refused by the budget, nothing reaches CloudFront. */
class PacedCloudFrontTest {
    final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-12-07T04:00:00Z"));
    final SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic(), clock);

    /** A budget that grants {@code slots} requests, then refuses; counts Throttling reports. */
    static final class Slots implements RequestPacer {
        int slots;
        int throttled;

        Slots(int slots) {
            this.slots = slots;
        }

        @Override
        public void acquire() {
            if (slots-- <= 0) {
                throw new CloudFrontFailure(CloudFrontFailure.NO_BUDGET, 0, true, "no slot");
            }
        }

        @Override
        public void throttled() {
            throttled++;
        }
    }

    @Test
    void aCallWithoutASlotIsNeverSentAndThrottlingPausesTheBudget() {
        Slots slots = new Slots(3);
        PacedCloudFront paced = new PacedCloudFront(cloudFront, new SimulatedDistributions("example.net"), slots);
        paced.create("E1", "ref-1", List.of("/a.html"));
        cloudFront.failNext(CloudFrontFailure.THROTTLING, 400, true, 1);
        assertThatThrownBy(() -> paced.create("E1", "ref-2", List.of("/b.html")))
                .isInstanceOf(CloudFrontFailure.class);
        assertThat(slots.throttled).isEqualTo(1);
        paced.listSince("E1", clock.instant().minusSeconds(60));

        assertThatThrownBy(() -> paced.get("E1", "I0000000000001"))
                .isInstanceOfSatisfying(CloudFrontFailure.class, e -> assertThat(e.code())
                        .isEqualTo(CloudFrontFailure.NO_BUDGET));
        assertThatThrownBy(() -> paced.create("E1", "ref-3", List.of("/c.html")))
                .isInstanceOf(CloudFrontFailure.class);
        assertThat(cloudFront.requests()).as("creates that reached CloudFront").isEqualTo(2);
        assertThat(cloudFront.getRequests()).isZero();
    }
}
