package io.edgeplane.platform.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings a service cannot work without in production (hosted zones, certificate, distribution
 * ids, buckets, key group…), checked once against the running configuration. A setting is missing when
 * it is absent or blank, and counts as missing when it still holds a placeholder that a template ships
 * (e.g. {@code REPLACE_ME}, AWS's documentation accounts {@code 123456789012} and {@code 111122223333}, the
 * all-zero UUID). Pure: the readiness check
 * feeds it the configuration.
 */
public final class RequiredSettings {
    /** What the shipped overlays and examples put where a real value must go. */
    public static final Pattern DEFAULT_PLACEHOLDER = Pattern.compile(
            "(?i).*(REPLACE[_-]?ME|CHANGE[_-]?ME|PLACEHOLDER|<[^>]+>|\\b123456789012\\b|\\b111122223333\\b|\\b000000000000\\b"
                    + "|\\b00000000-0000-0000-0000-000000000000\\b).*");

    private RequiredSettings() {
    }

    /** One problem per required setting that is absent, blank or a placeholder, in the order given. */
    public static List<String> problems(List<String> required, Function<String, Optional<String>> lookup,
            Pattern placeholder) {
        List<String> problems = new ArrayList<>();
        for (String name : required) {
            String key = name.strip();
            if (key.isEmpty()) {
                continue;
            }
            Optional<String> value = lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                problems.add(key + " is not set");
            } else if (placeholder.matcher(value.get()).matches()) {
                problems.add(key + " still holds the placeholder '" + value.get() + "'");
            }
        }
        return problems;
    }
}
