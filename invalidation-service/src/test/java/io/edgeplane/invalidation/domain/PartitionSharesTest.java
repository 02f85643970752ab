package io.edgeplane.invalidation.domain;

import static io.edgeplane.invalidation.domain.InProgressShareTest.bits;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.invalidation.domain.PartitionShares.Assignment;
import io.edgeplane.invalidation.domain.PartitionShares.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shares that follow the assignment: losses at once, gains after the grace and with a re-read. */
class PartitionSharesTest {
    static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");
    /** A stand-in for Kafka's partitioner: the distribution id's last digit. */
    static final java.util.function.ToIntBiFunction<String, Integer> LAST_DIGIT =
            (id, n) -> (id.charAt(id.length() - 1) - '0') % n;

    /** One replica's view of the assignment, changed by the test as a rebalance would. */
    static final class Held {
        volatile Assignment now = Assignment.NONE;

        void set(int partitions, int... held) {
            now = new Assignment(bits(held), partitions);
        }
    }

    @Test
    void byKeyTheHolderOfTheDistributionsPartitionHoldsItsWholeQuotaAndTheOthersNothing() {
        List<Held> held = List.of(new Held(), new Held(), new Held());
        held.get(0).set(12, 0, 1, 2, 3);
        held.get(1).set(12, 4, 5, 6, 7);
        held.get(2).set(12, 8, 9, 10, 11);
        List<PartitionShares> shares = new ArrayList<>();
        for (Held h : held) {
            shares.add(new PartitionShares(() -> h.now, LAST_DIGIT, Mode.KEY, 3_000, 15, Duration.ZERO));
        }
        for (String distribution : List.of("E1", "E5", "E9", "E0")) {
            int paths = 0;
            int wildcards = 0;
            int holders = 0;
            for (PartitionShares s : shares) {
                InProgressShare share = s.share(distribution, T0);
                paths += share.paths();
                wildcards += share.wildcards();
                holders += share.paths() > 0 ? 1 : 0;
            }
            assertThat(paths).as(distribution).isEqualTo(3_000);
            assertThat(wildcards).as(distribution).isEqualTo(15);
            assertThat(holders).as(distribution).isEqualTo(1);
        }
    }

    @Test
    void aLossCountsAtOnceAGainOnlyAfterTheGraceAndThenAsksForARead() {
        Held held = new Held();
        held.set(12, 0, 1, 2, 3, 4, 5);
        PartitionShares shares = new PartitionShares(() -> held.now, LAST_DIGIT, Mode.PARTITIONS, 3_000, 15,
                Duration.ofSeconds(5));
        assertThat(shares.share("E1", T0)).isEqualTo(InProgressShare.NONE);
        assertThat(shares.share("E1", T0.plusSeconds(5))).isEqualTo(new InProgressShare(1_500, 7));
        long afterFirst = shares.generation("E1");
        assertThat(afterFirst).isEqualTo(1);

        held.set(12, 0, 1, 2);
        assertThat(shares.share("E1", T0.plusSeconds(6))).isEqualTo(new InProgressShare(750, 3));
        assertThat(shares.generation("E1")).as("a loss needs no read").isEqualTo(afterFirst);

        held.set(12, 0, 1, 2, 9);
        assertThat(shares.share("E1", T0.plusSeconds(7))).as("within the grace").isEqualTo(new InProgressShare(750, 3));
        assertThat(shares.generation("E1")).isEqualTo(afterFirst);
        assertThat(shares.share("E1", T0.plusSeconds(12))).isEqualTo(new InProgressShare(1_000, 4));
        assertThat(shares.generation("E1")).isEqualTo(afterFirst + 1);
        assertThat(shares.effective(T0.plusSeconds(12))).isEqualTo(bits(0, 1, 2, 9));
    }

    @Test
    void byKeyOnlyAGainOfTheDistributionsOwnPartitionAsksForARead() {
        Held held = new Held();
        held.set(12, 1, 2);
        PartitionShares shares = new PartitionShares(() -> held.now, LAST_DIGIT, Mode.KEY, 3_000, 15, Duration.ZERO);
        assertThat(shares.share("E1", T0)).isEqualTo(InProgressShare.whole(3_000, 15));
        long e1 = shares.generation("E1");
        assertThat(e1).isPositive();
        assertThat(shares.heldElsewhere("E1", T0)).isFalse();
        assertThat(shares.heldElsewhere("E5", T0)).isTrue();

        held.set(12, 1, 2, 5);
        assertThat(shares.share("E5", T0.plusSeconds(1))).isEqualTo(InProgressShare.whole(3_000, 15));
        assertThat(shares.generation("E1")).as("E1's holder did not change").isEqualTo(e1);
        assertThat(shares.generation("E5")).isGreaterThan(e1);
        assertThat(shares.heldElsewhere("E5", T0.plusSeconds(1))).isFalse();
    }

    @Test
    void aGainTakenBackWithinTheGraceNeverCounts() {
        Held held = new Held();
        held.set(4, 0);
        PartitionShares shares = new PartitionShares(() -> held.now, LAST_DIGIT, Mode.KEY, 3_000, 15,
                Duration.ofSeconds(5));
        shares.share("E0", T0);
        assertThat(shares.share("E0", T0.plusSeconds(5))).isEqualTo(InProgressShare.whole(3_000, 15));
        held.set(4, 0, 1);
        shares.share("E1", T0.plusSeconds(6));
        held.set(4, 0);
        assertThat(shares.share("E1", T0.plusSeconds(20))).isEqualTo(InProgressShare.NONE);
        assertThat(shares.effective(T0.plusSeconds(20))).isEqualTo(bits(0));
    }

    @Test
    void moreTopicPartitionsMoveEverySliceSoNothingCountsUntilReadAgain() {
        Held held = new Held();
        held.set(6, 0, 1, 2);
        PartitionShares shares = new PartitionShares(() -> held.now, LAST_DIGIT, Mode.PARTITIONS, 3_000, 15,
                Duration.ofSeconds(5));
        shares.share("E1", T0);
        assertThat(shares.share("E1", T0.plusSeconds(5)).paths()).isEqualTo(1_500);
        held.set(12, 0, 1, 2, 3, 4, 5);
        assertThat(shares.share("E1", T0.plusSeconds(6))).isEqualTo(InProgressShare.NONE);
        assertThat(shares.share("E1", T0.plusSeconds(11)).paths()).isEqualTo(1_500);
        assertThat(shares.generation("E1")).isEqualTo(2);
    }
}
