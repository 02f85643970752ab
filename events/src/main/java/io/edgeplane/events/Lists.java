package io.edgeplane.events;

import java.util.List;

/** Absent lists in incoming JSON read as empty, so consumers never branch on null collections. */
final class Lists {
    static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }

    private Lists() {
    }
}
