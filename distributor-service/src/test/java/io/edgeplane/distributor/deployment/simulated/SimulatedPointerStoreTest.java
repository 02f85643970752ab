package io.edgeplane.distributor.deployment.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.distributor.deployment.PointerSwitch;
import io.edgeplane.distributor.deployment.RetryLater;
import io.edgeplane.distributor.deployment.domain.PointerStoreException;
import io.edgeplane.platform.aws.Backoff;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedPointerStoreTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 50);

    @Test
    void aPutBasedOnAnOldVersionIsRefused() {
        SimulatedPointerStore store = new SimulatedPointerStore();
        String v1 = store.version();
        store.put("t1", "b1", v1);
        assertThatThrownBy(() -> store.put("t1", "b2", v1)).isInstanceOfSatisfying(PointerStoreException.class,
                e -> assertThat(e.conflict()).isTrue());
        assertThat(store.get("t1")).contains("b1");
    }

    @Test
    void enforcesKeyValueAndStoreSizeQuotas() {
        SimulatedPointerStore store = new SimulatedPointerStore();
        assertThatThrownBy(() -> store.put("k".repeat(513), "v", store.version())).hasMessageContaining("ValidationException");
        assertThatThrownBy(() -> store.put("k", "v".repeat(1025), store.version())).hasMessageContaining("ValidationException");
        String big = "v".repeat(1000);
        for (int i = 0; i < 6000; i++) {
            try {
                store.put("key-" + i, big, store.version());
            } catch (PointerStoreException e) {
                assertThat(e.getMessage()).contains("ServiceQuotaExceededException");
                assertThat(i).isBetween(5000, 5300);
                return;
            }
        }
        throw new AssertionError("5 MB quota never enforced");
    }

    @Test
    void theSwitchWinsThroughInjectedConflictsAndThrottlingAndReportsThePreviousValue() {
        SimulatedPointerStore store = new SimulatedPointerStore(0.5, 0.2, new Random(42));
        PointerSwitch pointers = new PointerSwitch(store, FAST);
        String last = null;
        int conflicts = 0;
        for (int i = 1; i <= 20; i++) {
            PointerSwitch.Switched s = pointers.point("tenant", "b" + i);
            assertThat(s.previous()).isEqualTo(java.util.Optional.ofNullable(last));
            conflicts += s.conflicts();
            last = "b" + i;
        }
        assertThat(store.writes()).isEqualTo(20);
        assertThat(conflicts).isPositive();
    }

    @Test
    void writingTheValueAlreadyThereWritesNothing() {
        SimulatedPointerStore store = new SimulatedPointerStore();
        PointerSwitch pointers = new PointerSwitch(store, FAST);
        pointers.point("t", "b1");
        assertThat(pointers.point("t", "b1").written()).isFalse();
        assertThat(store.writes()).isEqualTo(1);
    }

    @Test
    void aStoreThatAlwaysConflictsEndsInRetryLaterNotAWrongWrite() {
        SimulatedPointerStore store = new SimulatedPointerStore(1.0, 0, new Random(1));
        assertThatThrownBy(() -> new PointerSwitch(store, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 4))
                .point("t", "b1")).isInstanceOf(RetryLater.class).hasMessageContaining("4 attempts");
        assertThat(store.get("t")).isEmpty();
    }
}
