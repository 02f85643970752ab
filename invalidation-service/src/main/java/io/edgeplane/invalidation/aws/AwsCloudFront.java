package io.edgeplane.invalidation.aws;

import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations;
import io.edgeplane.invalidation.domain.DistributionDescriptions;
import io.edgeplane.invalidation.domain.DistributionTenantInvalidations;
import io.edgeplane.invalidation.domain.DistributionSummary;
import io.edgeplane.invalidation.domain.RequestPacer;
import io.edgeplane.platform.aws.AwsErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.ForwardedValues;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.cloudfront.model.InvalidationBatch;
import software.amazon.awssdk.services.cloudfront.model.InvalidationList;
import software.amazon.awssdk.services.cloudfront.model.ListInvalidationsResponse;

/**
 * CloudFront through the AWS SDK (API 2020-05-31, global endpoint). The SDK's own retries are off
 * for this client: the scheduler retries with the same CallerReference, backoff and jitter, and
 * counts every throttle.
 */
public class AwsCloudFront implements CloudFrontInvalidations, DistributionDescriptions, DistributionTenantInvalidations {
    private final CloudFrontClient client;
    private final RequestPacer furtherPages;

    public AwsCloudFront(CloudFrontClient client) {
        this(client, RequestPacer.NONE);
    }

    /**
     * @param furtherPages paces the ListInvalidations pages after the first (the caller paced the call itself, see
     *     {@link io.edgeplane.invalidation.domain.PacedCloudFront}): every page is a request to the account's budget
     */
    public AwsCloudFront(CloudFrontClient client, RequestPacer furtherPages) {
        this.client = client;
        this.furtherPages = furtherPages;
    }

    @Override
    public InvalidationRecord create(String distributionId, String callerReference, List<String> items) {
        return call(() -> record(client.createInvalidation(r -> r.distributionId(distributionId)
                .invalidationBatch(batch(callerReference, items))).invalidation()));
    }

    private static java.util.function.Consumer<InvalidationBatch.Builder> batch(String callerReference,
            List<String> items) {
        return b -> b.callerReference(callerReference).paths(p -> p.quantity(items.size()).items(items));
    }

    /** One CloudFront call; the SDK's failures as {@link CloudFrontFailure}s. */
    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public InvalidationRecord get(String distributionId, String invalidationId) {
        try {
            return record(client.getInvalidation(r -> r.distributionId(distributionId).id(invalidationId)).invalidation());
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public List<CloudFrontInvalidations.InvalidationSummary> listSince(String distributionId, Instant since) {
        return listPages(since, marker -> {
            ListInvalidationsResponse page = client.listInvalidations(r -> r.distributionId(distributionId)
                    .maxItems("100").marker(marker));
            return page.invalidationList();
        });
    }

    /** CreateInvalidationForDistributionTenant: POST /2020-05-31/distribution-tenant/{Id}/invalidation. */
    @Override
    public InvalidationRecord createForTenant(String distributionTenantId, String callerReference, List<String> items) {
        return call(() -> record(client.createInvalidationForDistributionTenant(r -> r.id(distributionTenantId)
                .invalidationBatch(batch(callerReference, items))).invalidation()));
    }

    /** GetInvalidationForDistributionTenant: GET /2020-05-31/distribution-tenant/{DistributionTenantId}/invalidation/{Id}. */
    @Override
    public InvalidationRecord getForTenant(String distributionTenantId, String invalidationId) {
        return call(() -> record(client.getInvalidationForDistributionTenant(
                r -> r.distributionTenantId(distributionTenantId).id(invalidationId)).invalidation()));
    }

    /** ListInvalidationsForDistributionTenant: GET /2020-05-31/distribution-tenant/{Id}/invalidation, paged. */
    @Override
    public List<CloudFrontInvalidations.InvalidationSummary> listForTenantSince(String distributionTenantId,
            Instant since) {
        return listPages(since, marker -> client.listInvalidationsForDistributionTenant(r -> r.id(distributionTenantId)
                .maxItems(100).marker(marker)).invalidationList());
    }

    /** Pages newest first until one older than {@code since}; each further page spends the account's budget. */
    private List<CloudFrontInvalidations.InvalidationSummary> listPages(Instant since,
            java.util.function.Function<String, InvalidationList> page) {
        List<CloudFrontInvalidations.InvalidationSummary> out = new ArrayList<>();
        String marker = null;
        try {
            while (true) {
                InvalidationList list = page.apply(marker);
                boolean older = false;
                for (software.amazon.awssdk.services.cloudfront.model.InvalidationSummary s : list.items()) {
                    if (s.createTime().isBefore(since)) {
                        older = true;
                        continue;
                    }
                    out.add(new CloudFrontInvalidations.InvalidationSummary(s.id(), s.status(), s.createTime()));
                }
                if (older || !Boolean.TRUE.equals(list.isTruncated()) || list.nextMarker() == null) {
                    return out;
                }
                marker = list.nextMarker();
                furtherPages.acquire();
            }
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public DistributionSummary describe(String distributionId) {
        try {
            Distribution d = client.getDistribution(r -> r.id(distributionId)).distribution();
            DistributionConfig c = d.distributionConfig();
            List<DistributionSummary.Behavior> behaviors = new ArrayList<>();
            DefaultCacheBehavior def = c.defaultCacheBehavior();
            if (def != null) {
                behaviors.add(behavior("*", def.minTTL(), def.defaultTTL(), def.maxTTL(), def.forwardedValues(),
                        def.compress(), def.cachePolicyId()));
            }
            if (c.cacheBehaviors() != null && c.cacheBehaviors().items() != null) {
                for (CacheBehavior b : c.cacheBehaviors().items()) {
                    behaviors.add(behavior(b.pathPattern(), b.minTTL(), b.defaultTTL(), b.maxTTL(), b.forwardedValues(),
                            b.compress(), b.cachePolicyId()));
                }
            }
            List<String> aliases = c.aliases() == null || c.aliases().items() == null ? List.of() : c.aliases().items();
            List<String> origins = c.origins() == null || c.origins().items() == null ? List.of()
                    : c.origins().items().stream().map(o -> o.id() + " -> " + o.domainName()).toList();
            return new DistributionSummary(d.id(), d.domainName(), d.status(), Boolean.TRUE.equals(c.enabled()),
                    c.defaultRootObject(), c.priceClassAsString(), aliases, origins, behaviors, d.lastModifiedTime());
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    private static DistributionSummary.Behavior behavior(String pattern, Long min, Long def, Long max,
            ForwardedValues fv, Boolean compress, String cachePolicyId) {
        String queryStrings = null;
        Integer headers = null;
        String cookies = null;
        if (fv != null) {
            boolean forwarded = Boolean.TRUE.equals(fv.queryString());
            int keys = fv.queryStringCacheKeys() == null || fv.queryStringCacheKeys().quantity() == null ? 0
                    : fv.queryStringCacheKeys().quantity();
            queryStrings = !forwarded ? "none" : keys > 0 ? String.valueOf(keys) : "all";
            headers = fv.headers() == null || fv.headers().quantity() == null ? 0 : fv.headers().quantity();
            cookies = fv.cookies() == null ? null : fv.cookies().forwardAsString();
        }
        return new DistributionSummary.Behavior(pattern, min, def, max, queryStrings, headers, cookies,
                Boolean.TRUE.equals(compress), cachePolicyId);
    }

    private static InvalidationRecord record(Invalidation inv) {
        List<String> items = inv.invalidationBatch() == null || inv.invalidationBatch().paths() == null
                || inv.invalidationBatch().paths().items() == null ? List.of() : inv.invalidationBatch().paths().items();
        String reference = inv.invalidationBatch() == null ? null : inv.invalidationBatch().callerReference();
        return new InvalidationRecord(inv.id(), inv.status(), inv.createTime(), reference, items);
    }

    static CloudFrontFailure failure(SdkException e) {
        int status = e instanceof AwsServiceException s ? s.statusCode() : 0;
        return new CloudFrontFailure(AwsErrors.code(e), status, AwsErrors.isTransient(e),
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
}
