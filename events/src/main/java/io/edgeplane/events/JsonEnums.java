package io.edgeplane.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum values travel in lower case with hyphens; an unknown value names the allowed ones. */
final class JsonEnums {
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        String name = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", ")));
    }

    static String json(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private JsonEnums() {
    }
}
