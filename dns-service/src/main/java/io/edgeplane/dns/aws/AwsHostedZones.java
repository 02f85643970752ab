package io.edgeplane.dns.aws;

import io.edgeplane.dns.domain.AliasTarget;
import io.edgeplane.dns.domain.ChangeBatch;
import io.edgeplane.dns.domain.ChangeStatus;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.HostedZones;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordPage;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.ZoneCapacity;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.GetHostedZoneLimitResponse;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZoneLimitType;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Route 53 through the AWS SDK (API 2013-04-01, XML). The client has no retries of its own: the zone writer paces
 * and retries every request, so the account's five requests per second are spent on purpose.
 */
public final class AwsHostedZones implements HostedZones {
    private final Route53Client client;

    public AwsHostedZones(Route53Client client) {
        this.client = client;
    }

    @Override
    public String submit(String zoneId, ChangeBatch batch, String comment) {
        List<Change> changes = new ArrayList<>(batch.changes().size());
        for (io.edgeplane.dns.domain.Change c : batch.changes()) {
            changes.add(Change.builder().action(ChangeAction.fromValue(c.action().name()))
                    .resourceRecordSet(toAws(c.record())).build());
        }
        try {
            ChangeResourceRecordSetsResponse response = client.changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                    .changeBatch(b -> b.comment(comment).changes(changes)));
            return response.changeInfo().id();
        } catch (InvalidChangeBatchException e) {
            // Route 53 answers with a standard ErrorResponse whose Message lists every problem, "[a, b]"; older
            // answers used an InvalidChangeBatch document with one Message element per problem.
            List<String> messages = e.messages() == null || e.messages().isEmpty()
                    ? List.of(e.awsErrorDetails() == null ? String.valueOf(e.getMessage())
                            : String.valueOf(e.awsErrorDetails().errorMessage()))
                    : e.messages();
            throw new DnsApiException("InvalidChangeBatch", messages, false, e);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 400 && (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null)) {
                // An error document the SDK could not read (the legacy InvalidChangeBatch root): a bad batch,
                // which the writer splits, rather than a stuck retry.
                throw new DnsApiException("InvalidChangeBatch", List.of(String.valueOf(e.getMessage())), false, e);
            }
            throw AwsFailures.of(e);
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public ChangeStatus status(String changeId) {
        String id = changeId.startsWith("/change/") ? changeId.substring("/change/".length()) : changeId;
        try {
            return switch (client.getChange(r -> r.id(id)).changeInfo().status()) {
                case INSYNC -> ChangeStatus.INSYNC;
                default -> ChangeStatus.PENDING;
            };
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public RecordPage list(String zoneId, RecordKey start, int maxItems) {
        try {
            ListResourceRecordSetsResponse response = client.listResourceRecordSets(r -> {
                r.hostedZoneId(zoneId).maxItems(String.valueOf(Math.min(maxItems, 300)));
                if (start != null) {
                    r.startRecordName(start.name() + ".").startRecordType(start.type().name());
                }
            });
            List<RecordSet> records = new ArrayList<>(response.resourceRecordSets().size());
            for (ResourceRecordSet rrs : response.resourceRecordSets()) {
                records.add(fromAws(rrs));
            }
            RecordKey next = Boolean.TRUE.equals(response.isTruncated()) && response.nextRecordName() != null
                    ? new RecordKey(response.nextRecordName(), RecordType.parse(response.nextRecordTypeAsString()))
                    : null;
            return new RecordPage(records, next);
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public ZoneCapacity capacity(String zoneId) {
        return new ZoneCapacity(recordSetLimit(zoneId), recordSetCount(zoneId));
    }

    @Override
    public long recordSetLimit(String zoneId) {
        try {
            GetHostedZoneLimitResponse limit = client.getHostedZoneLimit(r -> r.hostedZoneId(zoneId)
                    .type(HostedZoneLimitType.MAX_RRSETS_BY_ZONE));
            return limit.limit().value();
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public long recordSetCount(String zoneId) {
        try {
            GetHostedZoneResponse zone = client.getHostedZone(r -> r.id(zoneId));
            return zone.hostedZone().resourceRecordSetCount();
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    static ResourceRecordSet toAws(RecordSet record) {
        ResourceRecordSet.Builder b = ResourceRecordSet.builder().name(record.name() + ".")
                .type(RRType.fromValue(record.type().name()));
        if (record.isAlias()) {
            AliasTarget a = record.alias();
            b.aliasTarget(t -> t.hostedZoneId(a.hostedZoneId()).dnsName(a.dnsName() + ".")
                    .evaluateTargetHealth(a.evaluateTargetHealth()));
        } else {
            b.ttl(record.ttl()).resourceRecords(record.values().stream()
                    .map(v -> ResourceRecord.builder().value(v).build()).toList());
        }
        return b.build();
    }

    static RecordSet fromAws(ResourceRecordSet rrs) {
        RecordType type = RecordType.parse(rrs.typeAsString());
        if (rrs.aliasTarget() != null) {
            return RecordSet.alias(rrs.name(), type, new AliasTarget(rrs.aliasTarget().hostedZoneId(),
                    rrs.aliasTarget().dnsName(), Boolean.TRUE.equals(rrs.aliasTarget().evaluateTargetHealth())));
        }
        List<String> values = rrs.resourceRecords().stream().map(ResourceRecord::value)
                .map(v -> type == RecordType.CNAME ? DnsNames.normalize(v) : v).toList();
        return new RecordSet(rrs.name(), type, rrs.ttl(), values, null);
    }
}
