package io.edgeplane.invalidation.domain;

/**
 * The planner's prices, in units of one billed item (CloudFront bills every path, wildcard or tag
 * the same, $0.005 after the first 1,000 a month).
 *
 * @param collateralPerObject what invalidating one unchanged object costs: an extra origin fetch
 *                            per edge that had it, and a cold miss for a viewer (0.01 = a wildcard
 *                            that hits 100 unchanged objects costs as much as one more path)
 * @param wildcardSlot        what occupying one of the 15 wildcard slots costs, for as long as
 *                            CloudFront takes: a busy slot may delay the next wildcard
 * @param waitingPath         what it costs that a changed path cannot be sent now because the
 *                            3,000 path slots are taken (stale content for another completion round)
 */
public record CostModel(double collateralPerObject, double wildcardSlot, double waitingPath) {
    public static final CostModel DEFAULT = new CostModel(0.01, 1.0, 0.5);

    public CostModel {
        if (collateralPerObject < 0 || wildcardSlot < 0 || waitingPath < 0) {
            throw new IllegalArgumentException("costs must be >= 0");
        }
    }

    /** Cost of one wildcard or tag that invalidates {@code collateral} unchanged objects. */
    public double wide(long collateral) {
        return 1 + wildcardSlot + collateralPerObject * Math.max(0, collateral);
    }
}
