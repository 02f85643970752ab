package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeBatchTest {
    private static final AliasTarget CF = AliasTarget.cloudFront("d111111abcdef8.cloudfront.net");

    /** A tenant's A + AAAA alias pair (2 values). */
    static ChangeGroup tenant(int i, ChangeAction action) {
        String name = "t" + i + ".example.com";
        return new ChangeGroup("t" + i, List.of(new Change(action, RecordSet.alias(name, RecordType.A, CF)),
                new Change(action, RecordSet.alias(name, RecordType.AAAA, CF))));
    }

    static List<ChangeGroup> tenants(int n, ChangeAction action) {
        return IntStream.range(0, n).mapToObj(i -> tenant(i, action)).toList();
    }

    @ParameterizedTest(name = "{0} tenants with {1} -> {2} batches, largest {3} tenants")
    @CsvSource({
            "1,    CREATE, 1,  1",
            "500,  CREATE, 1,  500",
            "501,  CREATE, 2,  500",
            "5000, CREATE, 10, 500",
            "5000, DELETE, 10, 500",
            "5000, UPSERT, 20, 250",
            "251,  UPSERT, 2,  250"})
    void valuesLimitWithUpsertCountedTwice(int tenants, ChangeAction action, int batches, int largest) {
        ChangeBatch.Packing packing = ChangeBatch.pack(tenants(tenants, action), BatchLimits.ROUTE53);
        assertThat(packing.batches()).hasSize(batches);
        assertThat(packing.batches().stream().mapToInt(b -> b.groups().size()).max().orElse(0)).isEqualTo(largest);
        assertThat(packing.batches()).allSatisfy(b -> assertThat(b.weightedValues()).isLessThanOrEqualTo(1_000));
        assertThat(packing.batches().stream().mapToInt(b -> b.groups().size()).sum()).isEqualTo(tenants);
    }

    @ParameterizedTest(name = "CNAME value of {0} chars, {1} -> at most {2} tenants per batch")
    @CsvSource({"100, CREATE, 320", "100, UPSERT, 160", "31, CREATE, 1000", "200, CREATE, 160"})
    void characterLimitCountsValueCharacters(int valueLength, ChangeAction action, int perBatch) {
        List<ChangeGroup> groups = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String value = ("v" + i + "-").repeat(200).substring(0, valueLength);
            groups.add(new ChangeGroup("t" + i, List.of(new Change(action,
                    RecordSet.of("t" + i + ".example.com", RecordType.CNAME, 300, value)))));
        }
        ChangeBatch.Packing packing = ChangeBatch.pack(groups, BatchLimits.ROUTE53);
        assertThat(packing.batches().getFirst().groups()).hasSize(perBatch);
        assertThat(packing.batches()).allSatisfy(b -> {
            assertThat(b.weightedChars()).isLessThanOrEqualTo(32_000);
            assertThat(b.weightedValues()).isLessThanOrEqualTo(1_000);
        });
    }

    @Test
    void aTenantsRecordsNeverSpanTwoBatches() {
        // 3 values per tenant: 333 tenants fill 999 values; the 334th would need 1,002 and starts a new batch.
        List<ChangeGroup> groups = IntStream.range(0, 400).mapToObj(i -> new ChangeGroup("t" + i, List.of(
                new Change(ChangeAction.CREATE, RecordSet.alias("t" + i + ".example.com", RecordType.A, CF)),
                new Change(ChangeAction.CREATE, RecordSet.alias("t" + i + ".example.com", RecordType.AAAA, CF)),
                new Change(ChangeAction.CREATE, RecordSet.of("t" + i + ".example.com", RecordType.TXT, 300, "\"x\"")))))
                .toList();
        ChangeBatch.Packing packing = ChangeBatch.pack(groups, BatchLimits.ROUTE53);
        assertThat(packing.batches()).extracting(b -> b.groups().size()).containsExactly(333, 67);
    }

    @Test
    void twoChangesOfOneRecordGoToSuccessiveBatchesInOrder() {
        ChangeGroup create = tenant(1, ChangeAction.CREATE);
        ChangeGroup other = tenant(2, ChangeAction.CREATE);
        ChangeGroup delete = tenant(1, ChangeAction.DELETE);
        ChangeBatch.Packing packing = ChangeBatch.pack(List.of(create, other, delete), BatchLimits.ROUTE53);
        assertThat(packing.batches()).hasSize(2);
        assertThat(packing.batches().get(0).groups()).containsExactly(create, other);
        assertThat(packing.batches().get(1).groups()).containsExactly(delete);
    }

    @Test
    void aGroupTooLargeOnItsOwnIsReportedNotSubmitted() {
        ChangeGroup huge = new ChangeGroup("big", List.of(new Change(ChangeAction.CREATE, new RecordSet(
                "big.example.com", RecordType.TXT, 300L, IntStream.range(0, 1_001).mapToObj(i -> "\"" + i + "\"").toList(),
                null))));
        ChangeBatch.Packing packing = ChangeBatch.pack(List.of(tenant(1, ChangeAction.CREATE), huge),
                BatchLimits.ROUTE53);
        assertThat(packing.oversized()).containsExactly(huge);
        assertThat(packing.batches()).hasSize(1);
    }

    @Test
    void aFailedBatchIsolatesTheGroupsItsMessagesNameAndRetriesTheRestTogether() {
        ChangeBatch batch = new ChangeBatch(tenants(10, ChangeAction.CREATE));
        ChangeBatch.Split split = batch.afterFailure(List.of(
                "Tried to create resource record set [name='t3.example.com.', type='A'] but it already exists",
                "RRSet of type AAAA with DNS name t7.example.com. is not permitted because a conflicting RRSet of type"
                        + " CNAME with the same DNS name already exists in zone example.com."));
        assertThat(split.isolated()).extracting(ChangeGroup::owner).containsExactly("t3", "t7");
        assertThat(split.retry()).hasSize(1);
        assertThat(split.retry().getFirst().groups()).hasSize(8)
                .extracting(ChangeGroup::owner).doesNotContain("t3", "t7");
    }

    @Test
    void aFailedBatchWhoseMessagesNameNobodyIsHalved() {
        ChangeBatch batch = new ChangeBatch(tenants(9, ChangeAction.CREATE));
        ChangeBatch.Split split = batch.afterFailure(List.of("Invalid request"));
        assertThat(split.isolated()).isEmpty();
        assertThat(split.retry()).extracting(b -> b.groups().size()).containsExactly(4, 5);
    }

    @Test
    void aSingleGroupThatFailsIsIsolated() {
        ChangeBatch batch = new ChangeBatch(List.of(tenant(1, ChangeAction.CREATE)));
        assertThat(batch.afterFailure(List.of("x")).isolated()).hasSize(1);
    }
}
