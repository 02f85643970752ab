package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A tenant's plan (seed 001). */
public enum SubscriptionTier {
    STANDARD, PREMIUM, ENTERPRISE;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static SubscriptionTier fromJson(String value) {
        return JsonEnums.parse(SubscriptionTier.class, value);
    }
}
