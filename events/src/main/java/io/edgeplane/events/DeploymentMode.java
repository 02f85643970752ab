package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a build is promoted. POINTER: builds stay immutable and a KeyValueStore entry points the
 * tenant at the current one (no invalidation). COPY: the build is synced into {@code current/}.
 */
public enum DeploymentMode {
    POINTER, COPY;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static DeploymentMode fromJson(String value) {
        return JsonEnums.parse(DeploymentMode.class, value);
    }
}
