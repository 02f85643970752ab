package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of media item. */
public enum MediaKind {
    IMAGE, VIDEO;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static MediaKind fromJson(String value) {
        return JsonEnums.parse(MediaKind.class, value);
    }
}
