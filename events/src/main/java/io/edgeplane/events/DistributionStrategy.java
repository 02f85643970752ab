package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a tenant is served by the shared distribution or one of its own. */
public enum DistributionStrategy {
    SHARED, INDIVIDUAL;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static DistributionStrategy fromJson(String value) {
        return JsonEnums.parse(DistributionStrategy.class, value);
    }
}
