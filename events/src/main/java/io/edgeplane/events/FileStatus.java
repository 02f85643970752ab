package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to one file of a distribution. Only COPIED and DELETED change what viewers get. */
public enum FileStatus {
    COPIED, UNCHANGED, DELETED, FAILED, SKIPPED;

    @JsonValue
    public String json() {
        return JsonEnums.json(this);
    }

    @JsonCreator
    public static FileStatus fromJson(String value) {
        return JsonEnums.parse(FileStatus.class, value);
    }
}
