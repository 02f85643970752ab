package io.edgeplane.dns.aws;

import io.edgeplane.dns.domain.CacheBehaviorSpec;
import io.edgeplane.dns.domain.DistributionRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.Distributions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.AllowedMethods;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.CachedMethods;
import software.amazon.awssdk.services.cloudfront.model.CookiePreference;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponse;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionList;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.ForwardedValues;
import software.amazon.awssdk.services.cloudfront.model.FunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.HttpVersion;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.MinimumProtocolVersion;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginProtocolPolicy;
import software.amazon.awssdk.services.cloudfront.model.SSLSupportMethod;
import software.amazon.awssdk.services.cloudfront.model.SslProtocol;
import software.amazon.awssdk.services.cloudfront.model.Tag;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/**
 * Individual distributions through the AWS SDK (CloudFront API 2020-05-31, XML): CreateDistributionWithTags with
 * the seeds' configuration, GetDistribution for the deployment status, ListDistributions (all pages) with the
 * comment as a cheap pre-filter and ListTagsForResource as the proof of ownership, and retirement by
 * UpdateDistribution (aliases removed, disabled) then DeleteDistribution.
 */
public final class AwsDistributions implements Distributions {
    private static final List<Method> READ_METHODS = List.of(Method.GET, Method.HEAD, Method.OPTIONS);
    private static final List<Method> ALL_METHODS = List.of(Method.GET, Method.HEAD, Method.OPTIONS, Method.PUT,
            Method.POST, Method.PATCH, Method.DELETE);

    private final CloudFrontClient client;

    public AwsDistributions(CloudFrontClient client) {
        this.client = client;
    }

    @Override
    public DistributionRef create(DistributionSpec spec) {
        DistributionConfig config = toConfig(spec);
        List<Tag> tags = spec.tags().entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        try {
            Distribution d = client.createDistributionWithTags(r -> r.distributionConfigWithTags(c -> c
                    .distributionConfig(config).tags(t -> t.items(tags)))).distribution();
            return new DistributionRef(d.id(), d.domainName(), d.status(), true, spec.tenantId());
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public DistributionRef get(String id) {
        try {
            Distribution d = client.getDistribution(r -> r.id(id)).distribution();
            return new DistributionRef(d.id(), d.domainName(), d.status(),
                    Boolean.TRUE.equals(d.distributionConfig().enabled()), null);
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public List<DistributionRef> listOurs() {
        List<DistributionRef> ours = new ArrayList<>();
        String marker = null;
        try {
            do {
                String m = marker;
                DistributionList page = client.listDistributions(r -> {
                    if (m != null) {
                        r.marker(m);
                    }
                }).distributionList();
                for (DistributionSummary s : page.items()) {
                    if (s.comment() == null || !s.comment().startsWith(DistributionSpec.COMMENT_PREFIX)) {
                        continue;
                    }
                    Map<String, String> tags = new java.util.HashMap<>();
                    client.listTagsForResource(r -> r.resource(s.arn())).tags().items()
                            .forEach(t -> tags.put(t.key(), t.value()));
                    if ("true".equals(tags.get(DistributionSpec.TAG_MANAGED))) {
                        ours.add(new DistributionRef(s.id(), s.domainName(), s.status(),
                                Boolean.TRUE.equals(s.enabled()), tags.get(DistributionSpec.TAG_TENANT)));
                    }
                }
                String next = Boolean.TRUE.equals(page.isTruncated()) ? page.nextMarker() : null;
                // A marker that does not advance would loop forever; stop rather than spend the API budget.
                marker = next != null && !next.equals(marker) ? next : null;
            } while (marker != null);
            return ours;
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public void retire(String id) {
        try {
            GetDistributionConfigResponse current = client.getDistributionConfig(r -> r.id(id));
            DistributionConfig config = current.distributionConfig();
            if (!Boolean.TRUE.equals(config.enabled()) && (config.aliases() == null || config.aliases().quantity() == 0)) {
                return;
            }
            DistributionConfig retired = config.toBuilder().enabled(false).aliases(a -> a.quantity(0).items(List.of()))
                    .build();
            client.updateDistribution(r -> r.id(id).ifMatch(current.eTag()).distributionConfig(retired));
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    @Override
    public boolean delete(String id) {
        try {
            GetDistributionResponse current = client.getDistribution(r -> r.id(id));
            if (!"Deployed".equals(current.distribution().status())) {
                return false;
            }
            client.deleteDistribution(r -> r.id(id).ifMatch(current.eTag()));
            return true;
        } catch (software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException e) {
            return true;
        } catch (SdkException e) {
            throw AwsFailures.of(e);
        }
    }

    static DistributionConfig toConfig(DistributionSpec spec) {
        List<Origin> origins = new ArrayList<>();
        origins.add(Origin.builder().id(spec.originId()).domainName(spec.originDomain()).originPath(spec.originPath())
                .originAccessControlId(spec.originAccessControlId())
                // With origin access control the legacy identity stays empty.
                .s3OriginConfig(s -> s.originAccessIdentity(""))
                .build());
        if (spec.apiOriginDomain() != null && !spec.apiOriginDomain().isBlank()) {
            origins.add(Origin.builder().id(DistributionSpec.API_ORIGIN).domainName(spec.apiOriginDomain())
                    .customOriginConfig(c -> c.httpPort(80).httpsPort(443)
                            .originProtocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                            .originSslProtocols(p -> p.quantity(1).items(SslProtocol.fromValue("TLSv1.2"))))
                    .build());
        }
        List<FunctionAssociation> functions = new ArrayList<>();
        if (spec.viewerRequestFunctionArn() != null) {
            functions.add(FunctionAssociation.builder().eventType(EventType.VIEWER_REQUEST)
                    .functionARN(spec.viewerRequestFunctionArn()).build());
        }
        if (spec.viewerResponseFunctionArn() != null) {
            functions.add(FunctionAssociation.builder().eventType(EventType.VIEWER_RESPONSE)
                    .functionARN(spec.viewerResponseFunctionArn()).build());
        }
        CacheBehaviorSpec d = spec.defaultBehavior();
        DefaultCacheBehavior defaults = DefaultCacheBehavior.builder().targetOriginId(d.targetOriginId())
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).compress(d.compress())
                .allowedMethods(methods(d.allMethods())).forwardedValues(forwarded(d)).minTTL(d.minTtl())
                .defaultTTL(d.defaultTtl()).maxTTL(d.maxTtl())
                .functionAssociations(f -> f.quantity(functions.size()).items(functions)).build();
        List<CacheBehavior> behaviors = spec.behaviors().stream().map(b -> CacheBehavior.builder()
                .pathPattern(b.pathPattern()).targetOriginId(b.targetOriginId())
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).compress(b.compress())
                .allowedMethods(methods(b.allMethods())).forwardedValues(forwarded(b)).minTTL(b.minTtl())
                .defaultTTL(b.defaultTtl()).maxTTL(b.maxTtl())
                .functionAssociations(f -> f.quantity(functions.size()).items(functions)).build()).toList();
        List<CustomErrorResponse> errors = spec.errorPages().stream().map(e -> CustomErrorResponse.builder()
                .errorCode(e.errorCode()).responsePagePath(e.pagePath()).responseCode(String.valueOf(e.responseCode()))
                .errorCachingMinTTL(e.cachingMinTtl()).build()).toList();
        return DistributionConfig.builder().callerReference(spec.callerReference()).comment(spec.comment())
                .enabled(true).aliases(a -> a.quantity(spec.aliases().size()).items(spec.aliases()))
                .defaultRootObject(spec.defaultRootObject())
                .origins(o -> o.quantity(origins.size()).items(origins))
                .defaultCacheBehavior(defaults)
                .cacheBehaviors(c -> c.quantity(behaviors.size()).items(behaviors))
                .customErrorResponses(c -> c.quantity(errors.size()).items(errors))
                .viewerCertificate(v -> v.acmCertificateArn(spec.certificateArn()).sslSupportMethod(SSLSupportMethod.SNI_ONLY)
                        .minimumProtocolVersion(MinimumProtocolVersion.fromValue(spec.minimumProtocolVersion())))
                .httpVersion(HttpVersion.fromValue(spec.httpVersion())).isIPV6Enabled(true)
                .priceClass(spec.priceClass())
                .restrictions(r -> r.geoRestriction(g -> g.restrictionType(spec.geoRestrictionType())
                        .quantity(spec.geoLocations().size()).items(spec.geoLocations())))
                .build();
    }

    private static AllowedMethods methods(boolean all) {
        List<Method> allowed = all ? ALL_METHODS : READ_METHODS;
        return AllowedMethods.builder().quantity(allowed.size()).items(allowed)
                .cachedMethods(CachedMethods.builder().quantity(2).items(Method.GET, Method.HEAD).build()).build();
    }

    private static ForwardedValues forwarded(CacheBehaviorSpec b) {
        return ForwardedValues.builder().queryString(b.queryStrings())
                .cookies(CookiePreference.builder().forward(b.forwardAll() ? ItemSelection.ALL : ItemSelection.NONE).build())
                .headers(h -> h.quantity(b.forwardAll() ? 1 : 0).items(b.forwardAll() ? List.of("*") : List.of()))
                .build();
    }
}
