package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A tenant's expected traffic (seed 001). */
public enum TrafficTier {
    LOW, NORMAL, HIGH, ENTERPRISE;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static TrafficTier fromJson(String value) {
        return JsonEnums.parse(TrafficTier.class, value);
    }
}
