package io.edgeplane.dns.aws;

import io.edgeplane.dns.domain.ConnectionGroupRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.DistributionTenantPage;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenantSpec;
import io.edgeplane.dns.domain.DistributionTenants;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsCheck;
import io.edgeplane.dns.domain.ManagedCertificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.AccessDeniedException;
import software.amazon.awssdk.services.cloudfront.model.ConnectionGroup;
import software.amazon.awssdk.services.cloudfront.model.DistributionTenant;
import software.amazon.awssdk.services.cloudfront.model.DnsConfiguration;
import software.amazon.awssdk.services.cloudfront.model.DnsConfigurationStatus;
import software.amazon.awssdk.services.cloudfront.model.DomainItem;
import software.amazon.awssdk.services.cloudfront.model.DomainStatus;
import software.amazon.awssdk.services.cloudfront.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.cloudfront.model.EntityNotFoundException;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionTenantResponse;
import software.amazon.awssdk.services.cloudfront.model.ListDistributionTenantsResponse;
import software.amazon.awssdk.services.cloudfront.model.ManagedCertificateDetails;
import software.amazon.awssdk.services.cloudfront.model.ManagedCertificateRequest;
import software.amazon.awssdk.services.cloudfront.model.Parameter;
import software.amazon.awssdk.services.cloudfront.model.ResourceNotDisabledException;
import software.amazon.awssdk.services.cloudfront.model.Tag;
import software.amazon.awssdk.services.cloudfront.model.Tags;
import software.amazon.awssdk.services.cloudfront.model.UpdateDistributionTenantRequest;
import software.amazon.awssdk.services.cloudfront.model.ValidationTokenHost;

/**
 * CloudFront SaaS Manager through the AWS SDK (API 2020-05-31, REST-XML). The tenant's name is unique per account,
 * so it is the idempotency key: a CreateDistributionTenant replayed after a crash answers EntityAlreadyExists and
 * the tenant found under that name is returned when its {@code edgeplane:tenant} tag says it is the same tenant.
 * ListDistributionTenants summaries carry no tags and no parameters, so each candidate is read with
 * GetDistributionTenant (tags, parameters and ETag in one call); ListTagsForResource only when that answer has no
 * tags. Failures keep CloudFront's error code ({@link AwsFailures}).
 */
public final class AwsDistributionTenants implements DistributionTenants {
    /** ListDistributionTenants' largest page (MaxItems). */
    static final int PAGE = 100;

    private final CloudFrontClient client;

    public AwsDistributionTenants(CloudFrontClient client) {
        this.client = client;
    }

    @Override
    public ConnectionGroupRef connectionGroup(String name) {
        try {
            ConnectionGroupRef found = findConnectionGroup(name);
            if (found != null) {
                return found;
            }
            try {
                var created = client.createConnectionGroup(r -> r.name(name).ipv6Enabled(true).enabled(true)
                        .tags(tags(Map.of(DistributionSpec.TAG_MANAGED, "true"))));
                return connectionGroupRef(created.connectionGroup(), created.eTag());
            } catch (EntityAlreadyExistsException raced) {
                // Another replica created it between our Get and Create: theirs is the one.
                ConnectionGroupRef theirs = findConnectionGroup(name);
                if (theirs == null) {
                    throw AwsFailures.of(raced);
                }
                return theirs;
            }
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    private ConnectionGroupRef findConnectionGroup(String name) {
        try {
            var got = client.getConnectionGroup(r -> r.identifier(name));
            return connectionGroupRef(got.connectionGroup(), got.eTag());
        } catch (EntityNotFoundException e) {
            return null;
        }
    }

    @Override
    public DistributionTenantRef create(DistributionTenantSpec spec) {
        try {
            try {
                var created = client.createDistributionTenant(r -> {
                    r.distributionId(spec.multiTenantDistributionId()).name(spec.name()).domains(domainItems(spec))
                            .tags(tags(spec.tags())).parameters(parameters(spec)).enabled(spec.enabled());
                    if (spec.connectionGroupId() != null) {
                        r.connectionGroupId(spec.connectionGroupId());
                    }
                    if (spec.certificate() != null) {
                        r.managedCertificateRequest(certificateRequest(spec.certificate()));
                    }
                });
                return tenantRef(created.distributionTenant(), created.eTag(), spec.tags());
            } catch (EntityAlreadyExistsException taken) {
                return replayed(spec, taken);
            }
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    /** The name is taken: ours from before a crash (same tenant tag) is returned, anything else is refused. */
    private DistributionTenantRef replayed(DistributionTenantSpec spec, EntityAlreadyExistsException taken) {
        DistributionTenantRef existing;
        try {
            existing = get(spec.name());
        } catch (AccessDeniedException e) {
            // IAM lets us read only tenants tagged edgeplane:managed=true (deploy/iam): this one is not ours.
            throw new DnsApiException("EntityAlreadyExists", List.of("distribution tenant name '" + spec.name()
                    + "' belongs to a distribution tenant Edgeplane may not read (GetDistributionTenant: AccessDenied),"
                    + " not to edgeplane:tenant=" + spec.tags().get(DistributionSpec.TAG_TENANT)
                    + " (rule: name-owned-by-another)"), false, taken);
        }
        if (existing == null) {
            // Taken yet not readable by name: deleted in between, or not yet visible; a later retry decides.
            throw new DnsApiException("EntityAlreadyExists", List.of("distribution tenant name '" + spec.name()
                    + "' is taken but GetDistributionTenant does not find it; retry"), true, taken);
        }
        String wanted = spec.tags().get(DistributionSpec.TAG_TENANT);
        if (wanted != null && wanted.equals(existing.tenantId())
                && "true".equals(existing.tags().get(DistributionSpec.TAG_MANAGED))) {
            return existing;
        }
        throw new DnsApiException("EntityAlreadyExists", List.of("distribution tenant name '" + spec.name()
                + "' belongs to " + (existing.tenantId() == null ? "a distribution tenant Edgeplane does not manage"
                        : "edgeplane:tenant=" + existing.tenantId()) + " (" + existing.id()
                + "), not to edgeplane:tenant=" + wanted + " (rule: name-owned-by-another)"), false, taken);
    }

    @Override
    public DistributionTenantRef find(String identifier) {
        try {
            return get(identifier);
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    private DistributionTenantRef get(String identifier) {
        try {
            GetDistributionTenantResponse got = client.getDistributionTenant(r -> r.identifier(identifier));
            return tenantRef(got.distributionTenant(), got.eTag(), null);
        } catch (EntityNotFoundException e) {
            return null;
        }
    }

    @Override
    public DistributionTenantRef update(DistributionTenantRef current, DistributionTenantSpec spec) {
        // UpdateDistributionTenant replaces the tenant's state: every field is sent, not only what changed.
        UpdateDistributionTenantRequest.Builder request = UpdateDistributionTenantRequest.builder().id(current.id())
                .ifMatch(current.etag()).distributionId(spec.multiTenantDistributionId()).domains(domainItems(spec))
                .parameters(parameters(spec)).enabled(spec.enabled());
        String group = spec.connectionGroupId() != null ? spec.connectionGroupId() : current.connectionGroupId();
        if (group != null) {
            request.connectionGroupId(group);
        }
        boolean domainsChanged = !new HashSet<>(spec.domains()).equals(new HashSet<>(
                current.domains().stream().map(DistributionTenantRef.Domain::domain).toList()));
        // A new certificate is requested only when the domains it must cover change; resending it otherwise
        // would ask ACM for a certificate the tenant already has.
        if (domainsChanged && spec.certificate() != null) {
            request.managedCertificateRequest(certificateRequest(spec.certificate()));
        }
        return send(request.build(), current);
    }

    @Override
    public DistributionTenantRef disable(DistributionTenantRef current) {
        if (!current.enabled()) {
            return current;
        }
        UpdateDistributionTenantRequest.Builder request = UpdateDistributionTenantRequest.builder().id(current.id())
                .ifMatch(current.etag()).distributionId(current.multiTenantDistributionId())
                .domains(current.domains().stream().map(d -> DomainItem.builder().domain(d.domain()).build()).toList())
                .parameters(parameters(current.parameters())).enabled(false);
        if (current.connectionGroupId() != null) {
            request.connectionGroupId(current.connectionGroupId());
        }
        return send(request.build(), current);
    }

    private DistributionTenantRef send(UpdateDistributionTenantRequest request, DistributionTenantRef current) {
        try {
            var updated = client.updateDistributionTenant(request);
            return tenantRef(updated.distributionTenant(), updated.eTag(), current.tags());
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public boolean delete(DistributionTenantRef current) {
        try {
            client.deleteDistributionTenant(r -> r.id(current.id()).ifMatch(current.etag()));
            return true;
        } catch (ResourceNotDisabledException e) {
            // Still enabled, or its disabling has not finished deploying: ask again later.
            return false;
        } catch (EntityNotFoundException e) {
            return true;
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public ManagedCertificate certificate(String identifier) {
        try {
            ManagedCertificateDetails d = client.getManagedCertificateDetails(r -> r.identifier(identifier))
                    .managedCertificateDetails();
            if (d == null) {
                return null;
            }
            List<ManagedCertificate.ValidationToken> tokens = d.validationTokenDetails().stream()
                    .map(t -> new ManagedCertificate.ValidationToken(t.domain(), t.redirectFrom(), t.redirectTo()))
                    .toList();
            return new ManagedCertificate(d.certificateArn(), certificateStatus(identifier, d), validation(d), tokens);
        } catch (EntityNotFoundException e) {
            return null;
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    private static ManagedCertificate.Status certificateStatus(String identifier, ManagedCertificateDetails d) {
        return switch (d.certificateStatus()) {
            case PENDING_VALIDATION -> ManagedCertificate.Status.PENDING_VALIDATION;
            case ISSUED -> ManagedCertificate.Status.ISSUED;
            case INACTIVE -> ManagedCertificate.Status.INACTIVE;
            case EXPIRED -> ManagedCertificate.Status.EXPIRED;
            case VALIDATION_TIMED_OUT -> ManagedCertificate.Status.VALIDATION_TIMED_OUT;
            case REVOKED -> ManagedCertificate.Status.REVOKED;
            case FAILED -> ManagedCertificate.Status.FAILED;
            // Guessing would either wait forever or fail a good tenant: say what CloudFront answered instead.
            case null, default -> throw new DnsApiException("UnknownCertificateStatus",
                    "managed certificate of '" + identifier + "': CertificateStatus '" + d.certificateStatusAsString()
                            + "' is not one this adapter knows (rule: known-certificate-status)", false);
        };
    }

    private static DistributionTenantSpec.Validation validation(ManagedCertificateDetails d) {
        return d.validationTokenHost() == ValidationTokenHost.SELF_HOSTED ? DistributionTenantSpec.Validation.SELF_HOSTED
                : d.validationTokenHost() == ValidationTokenHost.CLOUDFRONT ? DistributionTenantSpec.Validation.CLOUDFRONT
                        : null;
    }

    @Override
    public DnsCheck verifyDns(String domain, String identifier) {
        try {
            List<DnsConfiguration> answers = client.verifyDnsConfiguration(r -> r.domain(domain).identifier(identifier))
                    .dnsConfigurationList();
            DnsConfiguration answer = answers.stream().filter(c -> domain.equalsIgnoreCase(c.domain())).findFirst()
                    .orElse(null);
            if (answer == null) {
                return new DnsCheck(domain, DnsCheck.Status.UNKNOWN, "VerifyDnsConfiguration answered nothing for "
                        + domain);
            }
            DnsCheck.Status status = answer.status() == DnsConfigurationStatus.VALID_CONFIGURATION ? DnsCheck.Status.VALID
                    : answer.status() == DnsConfigurationStatus.INVALID_CONFIGURATION ? DnsCheck.Status.INVALID
                            : DnsCheck.Status.UNKNOWN;
            return new DnsCheck(domain, status, answer.reason());
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public DistributionTenantPage page(String multiTenantDistributionId, String marker) {
        try {
            ListDistributionTenantsResponse page = client.listDistributionTenants(r -> {
                r.maxItems(PAGE);
                if (multiTenantDistributionId != null) {
                    r.associationFilter(f -> f.distributionId(multiTenantDistributionId));
                }
                if (marker != null) {
                    r.marker(marker);
                }
            });
            List<DistributionTenantPage.Summary> summaries = page.distributionTenantList().stream()
                    .map(s -> new DistributionTenantPage.Summary(s.id(), s.distributionId(),
                            Boolean.TRUE.equals(s.enabled()), s.status()))
                    .toList();
            String next = page.nextMarker();
            // A marker that does not advance would make the caller read the same page forever.
            return new DistributionTenantPage(summaries, next == null || next.isEmpty() || next.equals(marker) ? null
                    : next);
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public List<DistributionTenantRef> listOurs(String multiTenantDistributionId) {
        List<DistributionTenantRef> ours = new ArrayList<>();
        String marker = null;
        try {
            do {
                DistributionTenantPage page = page(multiTenantDistributionId, marker);
                for (DistributionTenantPage.Summary s : page.tenants()) {
                    // The summary has neither tags nor parameters: one Get per candidate gives both and the ETag.
                    DistributionTenantRef tenant;
                    try {
                        tenant = get(s.id());
                    } catch (AccessDeniedException e) {
                        // IAM scopes GetDistributionTenant to edgeplane:managed=true: unreadable means not ours.
                        continue;
                    }
                    if (tenant != null && "true".equals(tenant.tags().get(DistributionSpec.TAG_MANAGED))) {
                        ours.add(tenant);
                    }
                }
                marker = page.nextMarker();
            } while (marker != null);
            return ours;
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    private DistributionTenantRef tenantRef(DistributionTenant t, String etag, Map<String, String> knownTags) {
        if (t.domains().isEmpty()) {
            // CloudFront keeps at least one domain per tenant. None read means items under element names the SDK
            // does not parse (it reads <Domains><member>); waiting for "all domains active" would never end.
            throw new DnsApiException("UnreadableAnswer", "distribution tenant '" + t.id()
                    + "': Domains is empty in CloudFront's answer (rule: tenant-has-domains)", false);
        }
        Map<String, String> tags = new HashMap<>();
        if (t.tags() != null && t.tags().hasItems()) {
            t.tags().items().forEach(tag -> tags.put(tag.key(), tag.value()));
        } else if (knownTags != null) {
            // Create and update answers may leave tags out; they are the ones just sent or held.
            tags.putAll(knownTags);
        } else if (t.arn() != null) {
            try {
                client.listTagsForResource(r -> r.resource(t.arn())).tags().items()
                        .forEach(tag -> tags.put(tag.key(), tag.value()));
            } catch (AccessDeniedException e) {
                // Tags we may not read are not ours: no edgeplane:managed, so the tenant is treated as foreign.
            }
        }
        Map<String, String> parameters = new HashMap<>();
        t.parameters().forEach(p -> parameters.put(p.name(), p.value()));
        List<DistributionTenantRef.Domain> domains = t.domains().stream()
                .map(d -> new DistributionTenantRef.Domain(d.domain(), d.status() == DomainStatus.ACTIVE)).toList();
        return new DistributionTenantRef(t.id(), t.name(), t.distributionId(), domains, parameters, tags,
                t.connectionGroupId(), Boolean.TRUE.equals(t.enabled()), t.status(), etag);
    }

    private static ConnectionGroupRef connectionGroupRef(ConnectionGroup g, String etag) {
        return new ConnectionGroupRef(g.id(), g.name(), g.routingEndpoint(), g.status(), Boolean.TRUE.equals(g.enabled()),
                etag);
    }

    private static List<DomainItem> domainItems(DistributionTenantSpec spec) {
        return spec.domains().stream().map(d -> DomainItem.builder().domain(d).build()).toList();
    }

    private static List<Parameter> parameters(DistributionTenantSpec spec) {
        return parameters(spec.parameters());
    }

    private static List<Parameter> parameters(Map<String, String> values) {
        // Sorted so that the same state always sends the same document.
        return values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Parameter.builder().name(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Tags tags(Map<String, String> values) {
        return Tags.builder().items(values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }

    private static ManagedCertificateRequest certificateRequest(DistributionTenantSpec.CertificateRequest c) {
        return ManagedCertificateRequest.builder().primaryDomainName(Objects.requireNonNull(c.primaryDomain(),
                "certificate.primaryDomain")).validationTokenHost(c.validation() == DistributionTenantSpec.Validation
                        .SELF_HOSTED ? ValidationTokenHost.SELF_HOSTED : ValidationTokenHost.CLOUDFRONT).build();
    }
}
