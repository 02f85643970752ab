package io.edgeplane.fetcher.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a source saw, in whatever order it saw it: regions, services, and which services each region
 * offers (region code to service codes). {@link DatasetBuilder} puts it in a stable order.
 *
 * @param source where it came from, e.g. {@code ssm} or {@code offline}
 */
public record InfrastructureSnapshot(String source, List<RegionInfo> regions, List<ServiceInfo> services,
        Map<String, Set<String>> servicesByRegion) {
    public InfrastructureSnapshot {
        regions = List.copyOf(regions);
        services = List.copyOf(services);
        servicesByRegion = Map.copyOf(servicesByRegion);
    }
}
