package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsPlannerTest {
    private static final String SHARED = "d1shared.cloudfront.net";
    private static final String OTHER = "d2other.cloudfront.net";

    private static RecordSet a(String name, String target) {
        return RecordSet.alias(name, RecordType.A, AliasTarget.cloudFront(target));
    }

    private static RecordSet cname(String name, String target) {
        return RecordSet.of(name, RecordType.CNAME, 300, target);
    }

    /**
     * One name, one tenant "t1": what the zone has, whether Edgeplane owns it (and who), what t1 wants, the policy
     * -> the plan in words.
     */
    @ParameterizedTest(name = "[{index}] zone={0} owner={1} desired={2} {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # zone holds            | owned by | t1 wants   | policy      | expected
            -                       | -        | A shared   | sync        | CREATE A shared
            A shared                | t1       | A shared   | sync        | unchanged
            A other                 | t1       | A shared   | sync        | UPSERT A shared
            A other                 | t1       | A shared   | upsert-only | UPSERT A shared
            A other                 | t1       | A shared   | create-only | skipped UPSERT
            A shared                | t1       | -          | sync        | DELETE A shared
            A shared                | t1       | -          | upsert-only | skipped DELETE
            A shared                | t1       | -          | create-only | skipped DELETE
            -                       | t1       | -          | sync        | forgotten
            A shared                | -        | A shared   | sync        | conflict foreign-record
            A other                 | -        | A shared   | sync        | conflict foreign-record
            CNAME other             | -        | A shared   | sync        | conflict foreign-record
            A shared                | -        | -          | sync        | nothing
            A shared                | t2       | A shared   | sync        | conflict hostname-taken
            A other                 | t2       | -          | sync        | DELETE A other
            """)
    void oneName(String zone, String owner, String wants, String policy, String expected) {
        String name = "acme.example.com";
        List<RecordSet> current = new ArrayList<>();
        Map<RecordKey, String> owned = new HashMap<>();
        RecordSet have = parse(name, zone);
        if (have != null) {
            current.add(have);
        }
        if (owner != null) {
            owned.put(new RecordKey(name, have == null ? RecordType.A : have.type()), owner);
        }
        List<DnsPlanner.Desired> desired = new ArrayList<>();
        RecordSet want = parse(name, wants);
        if (want != null) {
            desired.add(new DnsPlanner.Desired("t1", want));
        }
        DnsPlanner.Plan plan = DnsPlanner.plan(desired, current, owned, DnsPolicy.parse(policy));
        assertThat(describe(plan)).isEqualTo(expected);
    }

    private static RecordSet parse(String name, String spec) {
        if (spec == null) {
            return null;
        }
        String[] parts = spec.split(" ");
        String target = parts[1].equals("shared") ? SHARED : OTHER;
        return parts[0].equals("CNAME") ? cname(name, target) : a(name, target);
    }

    private static String describe(DnsPlanner.Plan plan) {
        if (!plan.conflicts().isEmpty()) {
            return "conflict " + plan.conflicts().getFirst().rule();
        }
        if (!plan.skipped().isEmpty()) {
            return "skipped " + plan.skipped().getFirst().action();
        }
        if (!plan.changes().isEmpty()) {
            Change c = plan.changes().getFirst();
            return c.action() + " " + c.record().type() + " " + (c.record().target().equals(SHARED) ? "shared" : "other");
        }
        if (!plan.forgotten().isEmpty()) {
            return "forgotten";
        }
        return plan.unchanged() > 0 ? "unchanged" : "nothing";
    }

    @Test
    void aConflictAtOneNameWritesNoneOfThatTenantsRecordsAndLeavesOthersAlone() {
        List<DnsPlanner.Desired> desired = List.of(
                new DnsPlanner.Desired("t1", a("t1.example.com", SHARED)),
                new DnsPlanner.Desired("t1", RecordSet.alias("t1.example.com", RecordType.AAAA,
                        AliasTarget.cloudFront(SHARED))),
                new DnsPlanner.Desired("t2", a("t2.example.com", SHARED)));
        RecordSet foreignTxt = RecordSet.of("t1.example.com", RecordType.TXT, 300, "\"v=spf1 -all\"");
        DnsPlanner.Plan plan = DnsPlanner.plan(desired, List.of(foreignTxt), Map.of(), DnsPolicy.SYNC);
        assertThat(plan.conflicts()).extracting(DnsPlanner.Conflict::owner).containsExactly("t1");
        assertThat(plan.groups()).extracting(ChangeGroup::owner).containsExactly("t2");
        assertThat(plan.changes()).noneMatch(c -> c.record().equals(foreignTxt));
    }

    @Test
    void recordsOfOthersInTheZoneAreNeverPlannedForDeletion() {
        List<RecordSet> zone = List.of(RecordSet.of("example.com", RecordType.MX, 300, "10 mail.example.com"),
                cname("www.example.com", "elsewhere.example.net"), a("t1.example.com", SHARED));
        DnsPlanner.Plan plan = DnsPlanner.plan(List.of(), zone, Map.of(new RecordKey("t1.example.com", RecordType.A),
                "t1"), DnsPolicy.SYNC);
        assertThat(plan.changes()).extracting(Change::toString)
                .containsExactly("DELETE t1.example.com A ALIAS " + SHARED);
    }

    @ParameterizedTest(name = "{0}: previous={1} desired={2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            sync        | -            | shared       | CREATE A,CREATE AAAA
            sync        | shared       | shared       | ''
            sync        | shared       | other        | UPSERT A,UPSERT AAAA
            sync        | shared       | -            | DELETE A,DELETE AAAA
            upsert-only | shared       | -            | ''
            create-only | shared       | other        | ''
            sync        | shared-cname | shared       | DELETE CNAME,CREATE A,CREATE AAAA
            """)
    void ownerPlanAtEventTimeNeedsNoZoneRead(String policy, String previous, String desired, String expected) {
        String name = "t1.example.com";
        RecordStyle style = RecordStyle.DEFAULT;
        Hostname host = new Hostname("t1", "example.com");
        List<RecordSet> before = switch (previous) {
            case "-" -> List.of();
            case "shared-cname" -> List.of(cname(name, SHARED));
            default -> style.forTenant(host, io.edgeplane.events.DistributionStrategy.INDIVIDUAL, SHARED);
        };
        List<RecordSet> after = desired.equals("-") ? List.of()
                : style.forTenant(host, io.edgeplane.events.DistributionStrategy.INDIVIDUAL,
                        desired.equals("shared") ? SHARED : OTHER);
        ChangeGroup group = DnsPlanner.planOwner("t1", after, before, DnsPolicy.parse(policy));
        assertThat(group.changes().stream().map(c -> c.action() + " " + c.record().type())
                .collect(Collectors.joining(","))).isEqualTo(expected);
    }

    @Test
    void replanTurnsAnExistingEqualRecordIntoAConfirmingUpsert() {
        ChangeGroup failed = DnsPlanner.planOwner("t1", List.of(a("t1.example.com", SHARED)), List.of(),
                DnsPolicy.SYNC);
        DnsPlanner.Replan replan = DnsPlanner.replan(failed, List.of(a("t1.example.com", SHARED)), Set.of());
        assertThat(replan.conflict()).isNull();
        assertThat(replan.learned()).isTrue();
        assertThat(replan.changes()).extracting(Change::action).containsExactly(ChangeAction.UPSERT);
    }

    @Test
    void replanNeverOverwritesAForeignRecordOfTheSameTypeWithOtherData() {
        ChangeGroup failed = DnsPlanner.planOwner("t1", List.of(a("t1.example.com", SHARED)), List.of(),
                DnsPolicy.SYNC);
        DnsPlanner.Replan replan = DnsPlanner.replan(failed, List.of(a("t1.example.com", OTHER)), Set.of());
        assertThat(replan.changes()).isNull();
        assertThat(replan.conflict().rule()).isEqualTo("foreign-record");
    }

    @Test
    void replanReportsAForeignRecordAtTheName() {
        ChangeGroup failed = DnsPlanner.planOwner("t1", List.of(a("t1.example.com", SHARED)), List.of(),
                DnsPolicy.SYNC);
        DnsPlanner.Replan replan = DnsPlanner.replan(failed, List.of(cname("t1.example.com", "x.example.net")),
                Set.of(new RecordKey("t1.example.com", RecordType.A)));
        assertThat(replan.conflict().rule()).isEqualTo("foreign-record");
        assertThat(replan.conflict().reason()).contains("t1.example.com CNAME");
    }

    @Test
    void replanDropsDeletesOfRecordsAlreadyGoneAndDeletesTheCurrentDataOfChangedOnes() {
        RecordSet aRec = a("t1.example.com", SHARED);
        RecordSet aaaa = RecordSet.alias("t1.example.com", RecordType.AAAA, AliasTarget.cloudFront(SHARED));
        ChangeGroup failed = new ChangeGroup("t1", List.of(new Change(ChangeAction.DELETE, aRec),
                new Change(ChangeAction.DELETE, aaaa)));
        RecordSet changedAaaa = RecordSet.alias("t1.example.com", RecordType.AAAA, AliasTarget.cloudFront(OTHER));
        DnsPlanner.Replan replan = DnsPlanner.replan(failed, List.of(changedAaaa), Set.of(aRec.key(), aaaa.key()));
        assertThat(replan.changes()).containsExactly(new Change(ChangeAction.DELETE, changedAaaa));
    }

    @Test
    void wildcardModeWritesNothingForSharedTenantsButExplicitRecordsForIndividualOnes() {
        RecordStyle wildcard = new RecordStyle(RecordStyle.Mode.ALIAS, 300, true, true);
        Hostname host = new Hostname("t1", "example.com");
        assertThat(wildcard.forTenant(host, io.edgeplane.events.DistributionStrategy.SHARED, SHARED)).isEmpty();
        assertThat(wildcard.forTenant(host, io.edgeplane.events.DistributionStrategy.INDIVIDUAL, OTHER))
                .extracting(RecordSet::describe).containsExactly("t1.example.com A ALIAS " + OTHER,
                        "t1.example.com AAAA ALIAS " + OTHER);
        assertThat(wildcard.wildcardFor("example.com", SHARED)).extracting(RecordSet::name)
                .containsOnly("*.example.com");
    }

    @Test
    void route53SpellingOfWildcardsAndTrailingDotsIsNormalised() {
        assertThat(DnsNames.normalize("\\052.Example.COM.")).isEqualTo("*.example.com");
    }
}
