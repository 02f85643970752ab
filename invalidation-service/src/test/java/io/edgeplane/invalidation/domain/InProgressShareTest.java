package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.invalidation.domain.InvalidationLedger.Usage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The arithmetic of the in-progress shares: per partition slices of a distribution's quotas. */
class InProgressShareTest {

    @Test
    void aShareShrunkBelowWhatIsInProgressAdmitsNothingUntilEnoughCompletes() {
        InvalidationLedger ledger = new InvalidationLedger(3_000, 15);
        ledger.limit(new InProgressShare(1_500, 8));
        ledger.admit("I1", new Usage(1_400, 7));
        ledger.admit("I2", new Usage(100, 0));

        ledger.limit(InProgressShare.of(3_000, 15, bits(0, 1, 2), 12));

        assertThat(ledger.sharePaths()).isEqualTo(750);
        assertThat(ledger.freePaths()).isZero();
        assertThat(ledger.fits(new Usage(1, 0))).isFalse();
        ledger.complete("I1");
        assertThat(ledger.freePaths()).isEqualTo(650);
        assertThat(ledger.fits(new Usage(650, 3))).isTrue();
        assertThat(ledger.fits(new Usage(651, 0))).isFalse();
    }

    @Test
    void aReplicaWithoutPartitionsMaySubmitNothing() {
        InvalidationLedger ledger = new InvalidationLedger(3_000, 15);
        ledger.limit(InProgressShare.of(3_000, 15, new BitSet(), 12));
        assertThat(ledger.fits(new Usage(1, 0))).isFalse();
        assertThat(ledger.fits(new Usage(0, 1))).isFalse();
    }

    @Test
    void theSlicesOfAllPartitionsSumToExactlyTheQuotaAndDifferByAtMostOne() {
        for (int quota : new int[] {3_000, 15, 1, 0, 7}) {
            for (int n = 1; n <= 64; n++) {
                int sum = 0;
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (int p = 0; p < n; p++) {
                    int slice = InProgressShare.slice(quota, p, n);
                    sum += slice;
                    min = Math.min(min, slice);
                    max = Math.max(max, slice);
                }
                assertThat(sum).as("quota %d over %d partitions", quota, n).isEqualTo(quota);
                assertThat(max - min).as("quota %d over %d partitions", quota, n).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void sixReplicasOfTwelvePartitionsHoldFiveHundredPathsEachAndTheFifteenWildcardsBetweenThem() {
        List<InProgressShare> shares = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            shares.add(InProgressShare.of(3_000, 15, bits(2 * r, 2 * r + 1), 12));
        }
        assertThat(shares).allSatisfy(s -> assertThat(s.paths()).isEqualTo(500));
        assertThat(shares).allSatisfy(s -> assertThat(s.wildcards()).isBetween(2, 3));
        assertThat(shares.stream().mapToInt(InProgressShare::wildcards).sum()).isEqualTo(15);
    }

    /** Hostile: any disjoint assignment (some partitions with nobody), any partition count: never above the quota. */
    @Test
    void disjointAssignmentsNeverSumAboveTheQuotaAndExactlyToItWhenEveryPartitionIsHeld() {
        Random random = new Random(16);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(48);
            int replicas = 1 + random.nextInt(8);
            boolean all = random.nextBoolean();
            List<BitSet> held = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                held.add(new BitSet());
            }
            for (int p = 0; p < n; p++) {
                if (all || random.nextInt(4) > 0) {
                    held.get(random.nextInt(replicas)).set(p);
                }
            }
            int paths = 0;
            int wildcards = 0;
            for (BitSet h : held) {
                InProgressShare s = InProgressShare.of(3_000, 15, h, n);
                paths += s.paths();
                wildcards += s.wildcards();
            }
            assertThat(paths).isLessThanOrEqualTo(3_000);
            assertThat(wildcards).isLessThanOrEqualTo(15);
            if (all) {
                assertThat(paths).isEqualTo(3_000);
                assertThat(wildcards).isEqualTo(15);
            }
        }
    }

    static BitSet bits(int... positions) {
        BitSet b = new BitSet();
        for (int p : positions) {
            b.set(p);
        }
        return b;
    }
}
