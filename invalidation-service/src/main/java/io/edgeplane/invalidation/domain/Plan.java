package io.edgeplane.invalidation.domain;

import java.util.List;

/** The items to send for one distribution, each with what it covers. */
public record Plan(List<PlannedItem> items) {

    public Plan {
        items = List.copyOf(items);
    }

    public long count(ItemKind kind) {
        return items.stream().filter(i -> i.item().kind() == kind).count();
    }

    public long collateral() {
        return items.stream().mapToLong(PlannedItem::collateral).sum();
    }

    /** The item values, as CloudFront receives them. */
    public List<String> values() {
        return items.stream().map(i -> i.item().value()).toList();
    }

    /** Total cost under {@code model}: one per item, plus slot and collateral for wide items. */
    public double cost(CostModel model) {
        return items.stream().mapToDouble(i -> i.item().kind() == ItemKind.PATH ? 1 : model.wide(i.collateral())).sum();
    }
}
