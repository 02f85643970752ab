package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a tenant is served: by the shared distribution (wildcard certificate, host routing), by a CloudFront SaaS
 * Manager distribution tenant of the multi-tenant distribution (its own domains and managed certificate), or by a
 * distribution of its own.
 */
public enum DistributionStrategy {
    SHARED, INDIVIDUAL, DISTRIBUTION_TENANT;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static DistributionStrategy fromJson(String value) {
        return JsonEnums.parse(DistributionStrategy.class, value);
    }
}
