package io.edgeplane.distributor.domain;

import java.util.List;

/**
 * What to copy and what is already in place.
 *
 * @param copies    files whose content or headers differ from what the distribution bucket holds
 * @param unchanged files already there with the same content and headers; not copied, not reported as changed
 */
public record CopyPlan(DistributionTarget target, List<PlannedCopy> copies, List<PlannedCopy> unchanged) {
    public CopyPlan {
        copies = List.copyOf(copies);
        unchanged = List.copyOf(unchanged);
    }

    public int totalFiles() {
        return copies.size() + unchanged.size();
    }
}
