package io.edgeplane.dns.domain;

import java.util.List;

/**
 * One page of ListDistributionTenants (at most 100 summaries): enough to know which tenants are deployed without
 * one GetDistributionTenant each. A summary carries neither tags nor parameters, so a page says nothing about who
 * owns a tenant; it is read only for the ids Edgeplane already holds.
 *
 * @param tenants    the page's summaries
 * @param nextMarker where the next page starts; null on the last page
 */
public record DistributionTenantPage(List<Summary> tenants, String nextMarker) {

    public DistributionTenantPage {
        tenants = List.copyOf(tenants);
    }

    /**
     * @param status {@code InProgress} or {@code Deployed}
     */
    public record Summary(String id, String multiTenantDistributionId, boolean enabled, String status) {
        public boolean deployed() {
            return "Deployed".equals(status);
        }
    }
}
