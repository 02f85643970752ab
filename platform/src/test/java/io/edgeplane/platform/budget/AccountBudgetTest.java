package io.edgeplane.platform.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AccountBudgetTest {
    private final AtomicLong clock = new AtomicLong();

    private AccountBudget budget(double limit) {
        return new AccountBudget("route53", "lifecycle", limit, clock::get, clock::addAndGet);
    }

    @Test
    void aReplicaWithoutPartitionsMaySpendNothing() throws InterruptedException {
        AccountBudget budget = budget(5);

        assertThat(budget.rate()).isZero();
        assertThat(budget.acquire(Duration.ofMillis(1))).isFalse();
        assertThat(budget.acquired()).isZero();
    }

    @Test
    void aCallerThatWakesLateInAnotherReplicasSlotWaitsForItsNextOwnSlotInstead() throws InterruptedException {
        // Two of four working partitions: slots 0 and 2 of every four (200 ms each at 5/s) are this replica's.
        long slot = 200_000_000L;
        AtomicLong stall = new AtomicLong(slot); // the first sleep overruns by a whole slot (a GC pause)
        AccountBudget budget = new AccountBudget("route53", "lifecycle", 5, null, clock::get,
                nanos -> clock.addAndGet(nanos + stall.getAndSet(0)));
        budget.reassign(BudgetShare.of("lifecycle", partitions("lifecycle", 0, 2), 4));
        clock.set(4 * slot + 1); // just after slot 4 started: the next own slot is 6

        assertThat(budget.acquire(Duration.ofSeconds(5))).isTrue();

        // It woke in slot 7 (another replica's), gave slot 6 up and sent at the start of slot 8.
        assertThat(clock.get()).isEqualTo(8 * slot);
        assertThat(budget.lateWakeups()).isEqualTo(1);
        assertThat(budget.acquired()).isEqualTo(1);
    }

    @Test
    void theSharesOfAllReplicasSumToTheAccountLimit() {
        List<AccountBudget> replicas = List.of(budget(5), budget(5), budget(5));
        // 8 partitions over 3 replicas: 3 + 3 + 2.
        replicas.get(0).reassign(BudgetShare.of("lifecycle", partitions("lifecycle", 0, 1, 2), 8));
        replicas.get(1).reassign(BudgetShare.of("lifecycle", partitions("lifecycle", 3, 4, 5), 8));
        replicas.get(2).reassign(BudgetShare.of("lifecycle", partitions("lifecycle", 6, 7), 8));

        assertThat(replicas.stream().mapToDouble(AccountBudget::rate).sum()).isCloseTo(5.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(replicas.get(2).rate()).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void partitionsOfOtherTopicsDoNotCount() {
        BudgetShare share = BudgetShare.of("lifecycle",
                List.of(new TopicPartition("lifecycle", 0), new TopicPartition("status", 1),
                        new TopicPartition("status", 2)), 4);

        assertThat(share).isEqualTo(new BudgetShare(1, 4));
    }

    @Test
    void onlyPartitionsThatCarryWorkCount() {
        // One hosted zone keyed to partition 4 of 6: its owner gets the whole budget, the others none.
        java.util.Set<Integer> working = java.util.Set.of(4);
        AccountBudget owner = new AccountBudget("route53", "zone-changes", 5, n -> working);
        AccountBudget other = new AccountBudget("route53", "zone-changes", 5, n -> working);

        owner.reassign(owner.shareOf(partitions("zone-changes", 3, 4, 5), 6));
        other.reassign(other.shareOf(partitions("zone-changes", 0, 1, 2), 6));

        assertThat(owner.rate()).isEqualTo(5.0);
        assertThat(other.rate()).isZero();
    }

    @Test
    void aReplicaSendsOnlyInItsOwnSlotsOfTheAccountsGrid() throws InterruptedException {
        AccountBudget budget = budget(5); // one slot every 200 ms for the whole account
        budget.reassign(new BudgetShare(2, 4)); // positions 0 and 1 of 4: slots 0, 1, 4, 5, 8, 9, ...
        List<Long> slots = new java.util.ArrayList<>();

        for (int i = 0; i < 6; i++) {
            budget.acquire();
            slots.add(TimeUnit.NANOSECONDS.toMillis(clock.get()));
        }

        assertThat(slots).containsExactly(0L, 200L, 800L, 1_000L, 1_600L, 1_800L);
        assertThat(budget.acquired()).isEqualTo(6);
    }

    @Test
    void replicasInterleavedAtRandomNeverPutMoreThanTheLimitIntoAnySecond() throws InterruptedException {
        // Three replicas, one working partition each, account limit 4/s. Each asks at random moments; the slot it
        // gets is recorded without moving the shared clock (a sleeper that only notes the time).
        java.util.Random random = new java.util.Random(16);
        List<Long> sent = new java.util.ArrayList<>();
        List<AccountBudget> replicas = new java.util.ArrayList<>();
        long[] wakeAt = new long[1];
        for (int r = 0; r < 3; r++) {
            java.util.BitSet owned = new java.util.BitSet();
            owned.set(r);
            AccountBudget replica = new AccountBudget("route53", "zone-changes", 4, null, clock::get,
                    nanos -> wakeAt[0] = clock.get() + nanos);
            replica.reassign(new BudgetShare(1, 3, owned));
            replicas.add(replica);
        }
        for (int i = 0; i < 300; i++) {
            clock.addAndGet(random.nextInt(600) * 1_000_000L);
            AccountBudget replica = replicas.get(random.nextInt(3));
            wakeAt[0] = clock.get();
            assertThat(replica.acquire(Duration.ofSeconds(60))).isTrue();
            sent.add(wakeAt[0]);
        }

        long[] times = sent.stream().mapToLong(Long::longValue).sorted().toArray();
        for (int i = 0, from = 0; i < times.length; i++) {
            while (times[i] - times[from] >= TimeUnit.SECONDS.toNanos(1)) {
                from++;
            }
            assertThat(i - from + 1).as("requests in the second ending at %d ms", times[i] / 1_000_000).isLessThanOrEqualTo(4);
        }
        assertThat(java.util.Arrays.stream(times).distinct().count()).as("one request per slot").isEqualTo(times.length);
    }

    @Test
    void aSlotLaterThanTheCallerWillWaitIsNotReserved() throws InterruptedException {
        AccountBudget budget = budget(1);
        budget.reassign(new BudgetShare(1, 1));
        assertThat(budget.acquire(Duration.ZERO)).isTrue();

        assertThat(budget.acquire(Duration.ofMillis(999))).isFalse();
        assertThat(budget.acquire(Duration.ofMillis(1_000))).isTrue();
        assertThat(budget.acquired()).isEqualTo(2);
    }

    @Test
    void throttlingPushesTheNextSlotBack() throws InterruptedException {
        AccountBudget budget = budget(5);
        budget.reassign(new BudgetShare(1, 1));
        budget.acquire();
        long before = clock.get();

        budget.penalise(Duration.ofSeconds(2));
        budget.acquire();

        assertThat(clock.get() - before).isEqualTo(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void aWaitingCallerProceedsOnceItsReplicaIsGivenPartitions() throws Exception {
        AccountBudget budget = new AccountBudget("route53", "lifecycle", 5);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.acquire(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        budget.reassign(new BudgetShare(1, 3));

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aShareCannotExceedTheTopic() {
        assertThatThrownBy(() -> new BudgetShare(4, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..3");
        assertThatThrownBy(() -> budget(0)).hasMessageContaining("account limit must be > 0");
    }

    static List<TopicPartition> partitions(String topic, int... numbers) {
        return java.util.Arrays.stream(numbers).mapToObj(n -> new TopicPartition(topic, n)).toList();
    }
}
