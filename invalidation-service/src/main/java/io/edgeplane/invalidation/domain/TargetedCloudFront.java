package io.edgeplane.invalidation.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Sends each scheduler key to the API of its {@link InvalidationTarget}: a distribution's key to
 * CreateInvalidation/GetInvalidation/ListInvalidations, a distribution tenant's key to the
 * …ForDistributionTenant calls with the distribution tenant's id — never to another's, since the id comes from the
 * key alone. Placed under {@link PacedCloudFront}, so every call of either kind spends the account's budget.
 *
 * <p>Viewer paths. The scheduler plans in the bucket's viewer space ({@code /tenants/acme/app.js}: the ownership
 * checks, boundaries and populations all speak it). A distribution tenant of a multi-tenant distribution whose
 * origin path is the tenant's root ({@code /tenants/{tenantId}}, a tenant parameter) serves that file as
 * {@code /app.js}: CloudFront caches, and invalidates, by the viewer's path. With {@code tenantRoot} set, items are
 * therefore sent with the tenant's root cut to {@code /} ({@code /tenants/acme/*} → {@code /*}, its whole cache and
 * nobody else's) and read back with it put in front again, so the ledger, replay recognition and the events keep
 * speaking the bucket's space. An item outside the tenant's root cannot be expressed there and is refused as
 * {@code InvalidArgument} without calling CloudFront (the scheduler then fails that item alone); admission never
 * lets one through. Without {@code tenantRoot} (a multi-tenant distribution that keeps the tenant's root in its
 * viewer paths, e.g. rewritten by a function), items are sent as they are.
 */
public final class TargetedCloudFront implements CloudFrontInvalidations {
    private final CloudFrontInvalidations distributions;
    private final DistributionTenantInvalidations tenants;
    private final Function<String, String> tenantRoot;

    /**
     * @param tenantRoot a tenant's viewer root ({@code /tenants/acme/}) when the distribution tenants' origin path is
     *     that root; null when their viewer paths are the bucket's
     */
    public TargetedCloudFront(CloudFrontInvalidations distributions, DistributionTenantInvalidations tenants,
            Function<String, String> tenantRoot) {
        this.distributions = distributions;
        this.tenants = tenants;
        this.tenantRoot = tenantRoot;
    }

    @Override
    public InvalidationRecord create(String key, String callerReference, List<String> items) {
        InvalidationTarget target = InvalidationTarget.parse(key);
        if (!target.isDistributionTenant()) {
            return distributions.create(key, callerReference, items);
        }
        List<String> sent = new ArrayList<>(items.size());
        for (String item : items) {
            sent.add(toTenantViewer(target, item));
        }
        return fromTenantViewer(target, tenants.createForTenant(target.distributionTenantId(), callerReference, sent));
    }

    @Override
    public InvalidationRecord get(String key, String invalidationId) {
        InvalidationTarget target = InvalidationTarget.parse(key);
        if (!target.isDistributionTenant()) {
            return distributions.get(key, invalidationId);
        }
        return fromTenantViewer(target, tenants.getForTenant(target.distributionTenantId(), invalidationId));
    }

    @Override
    public List<InvalidationSummary> listSince(String key, Instant since) {
        InvalidationTarget target = InvalidationTarget.parse(key);
        return target.isDistributionTenant() ? tenants.listForTenantSince(target.distributionTenantId(), since)
                : distributions.listSince(key, since);
    }

    /** {@code /tenants/acme/css/a.css} → {@code /css/a.css}; tags unchanged. */
    String toTenantViewer(InvalidationTarget target, String item) {
        if (tenantRoot == null || item.startsWith("#")) {
            return item;
        }
        String root = tenantRoot.apply(target.tenantId());
        if (!item.startsWith(root)) {
            throw new CloudFrontFailure(CloudFrontFailure.INVALID_ARGUMENT, 400, false, "item '" + item
                    + "' is outside tenant " + target.tenantId() + "'s root " + root + ", so not a path of distribution "
                    + "tenant " + target.distributionTenantId() + " [outside-tenant]; not sent");
        }
        return "/" + item.substring(root.length());
    }

    private InvalidationRecord fromTenantViewer(InvalidationTarget target, InvalidationRecord record) {
        if (tenantRoot == null) {
            return record;
        }
        String root = tenantRoot.apply(target.tenantId());
        List<String> items = record.items().stream()
                .map(i -> i.startsWith("/") ? root + i.substring(1) : i).toList();
        return new InvalidationRecord(record.id(), record.status(), record.createTime(), record.callerReference(),
                items);
    }
}
