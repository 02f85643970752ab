package io.edgeplane.invalidation.domain;

import java.util.Set;

/**
 * One item the planner chose and the pending items it takes care of.
 *
 * @param covers     pending exact paths (and requested wildcards or tags) this item makes fresh
 * @param collateral estimated unchanged objects it invalidates as well
 * @param reason     why this item, for logs and the queue endpoint
 */
public record PlannedItem(InvalidationItem item, Set<InvalidationItem> covers, long collateral, String reason) {
}
