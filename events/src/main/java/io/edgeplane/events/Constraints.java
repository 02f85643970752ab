package io.edgeplane.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects contract violations with field paths. Checks are null-tolerant where a previous check
 * already reported the missing value, so one event yields one clear message per broken field.
 */
public final class Constraints {
    /** Tenant, dataset, media and deployment ids become S3 prefixes and record keys: keep them path-safe. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** CloudFront distribution ids: 13-14 upper-case alphanumerics, e.g. E1234567890ABC. */
    public static final Pattern DISTRIBUTION_ID = Pattern.compile("[A-Z0-9]{8,20}");
    /** S3 bucket names (the DNS-compatible rules). */
    public static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Upper bound of any list in an event; larger sets are split over several events by the producer. */
    public static final int MAX_LIST = 5_000;
    public static final int MAX_KEY_LENGTH = 1_024;

    private final List<Violation> violations = new ArrayList<>();
    private final String prefix;

    public Constraints() {
        this("");
    }

    private Constraints(String prefix) {
        this.prefix = prefix;
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public Constraints fail(String field, String rule, String message) {
        String path = field.isEmpty() && prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix + field;
        violations.add(new Violation(path, rule, message));
        return this;
    }

    public Constraints required(String field, Object value) {
        if (value == null) {
            fail(field, "required", "is required");
        }
        return this;
    }

    public Constraints notBlank(String field, String value) {
        if (value == null) {
            fail(field, "required", "is required");
        } else if (value.isBlank()) {
            fail(field, "not-blank", "must not be blank");
        }
        return this;
    }

    public Constraints matches(String field, String value, Pattern pattern, String rule) {
        if (value == null) {
            return fail(field, "required", "is required");
        }
        if (!pattern.matcher(value).matches()) {
            fail(field, rule, "'" + abbreviate(value) + "' does not match " + pattern.pattern());
        }
        return this;
    }

    public Constraints optionalMatches(String field, String value, Pattern pattern, String rule) {
        return value == null ? this : matches(field, value, pattern, rule);
    }

    /** Whom a deployment is for: exactly one of {@code tenantId} and {@code siteId}, each an id. */
    public Constraints tenantOrSite(String tenantId, String siteId) {
        if ((tenantId == null) == (siteId == null)) {
            fail("tenantId", "one-of", "exactly one of tenantId and siteId must be set");
        }
        return optionalMatches("tenantId", tenantId, ID, "id").optionalMatches("siteId", siteId, ID, "id");
    }

    public Constraints id(String field, String value) {
        return matches(field, value, ID, "id");
    }

    public Constraints nonNegative(String field, Number value) {
        if (value == null) {
            return fail(field, "required", "is required");
        }
        if (value.longValue() < 0) {
            fail(field, "non-negative", "must be >= 0, was " + value);
        }
        return this;
    }

    /**
     * An S3 object key that stays inside the prefix it is written under: relative, no {@code .} or
     * {@code ..} segments, no empty segments, no control characters, at most 1,024 bytes.
     */
    public Constraints objectKey(String field, String key) {
        if (key == null) {
            return fail(field, "required", "is required");
        }
        String problem = objectKeyProblem(key);
        if (problem != null) {
            fail(field, "object-key", "'" + abbreviate(key) + "' " + problem);
        }
        return this;
    }

    /**
     * A path as a viewer requests it from the CDN: leading {@code /}, no {@code .}/{@code ..}
     * segments, no control characters. A trailing {@code /} (directory index) or {@code *} is allowed.
     */
    public Constraints viewerPath(String field, String path) {
        if (path == null) {
            return fail(field, "required", "is required");
        }
        if (!path.startsWith("/")) {
            return fail(field, "viewer-path", "'" + abbreviate(path) + "' must start with '/'");
        }
        if (path.length() > 1) {
            String relative = path.substring(1);
            if (relative.endsWith("/") || relative.endsWith("*")) {
                relative = relative.substring(0, relative.length() - 1);
            }
            String problem = relative.isEmpty() ? null : objectKeyProblem(relative);
            if (problem != null) {
                fail(field, "viewer-path", "'" + abbreviate(path) + "' " + problem);
            }
        }
        return this;
    }

    static String objectKeyProblem(String key) {
        if (key.isEmpty()) {
            return "is empty";
        }
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_LENGTH) {
            return "is longer than " + MAX_KEY_LENGTH + " bytes";
        }
        if (key.startsWith("/")) {
            return "must be relative (no leading '/')";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "contains a control character or backslash at index " + i;
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "contains a '" + segment + "' segment (path traversal)";
            }
        }
        if (key.contains("//")) {
            return "contains an empty segment ('//')";
        }
        return null;
    }

    public Constraints maxSize(String field, Collection<?> values, int max) {
        if (values != null && values.size() > max) {
            fail(field, "max-items", "has " + values.size() + " items, at most " + max + " allowed");
        }
        return this;
    }

    public Constraints notEmpty(String field, Collection<?> values) {
        if (values == null) {
            return fail(field, "required", "is required");
        }
        if (values.isEmpty()) {
            fail(field, "not-empty", "must have at least one item");
        }
        return this;
    }

    /** Checks every element of a nested list, prefixing violations with {@code field[i].}. */
    public <T> Constraints each(String field, List<T> values, java.util.function.BiConsumer<T, Constraints> rule) {
        if (values == null) {
            return this;
        }
        for (int i = 0; i < values.size(); i++) {
            T value = values.get(i);
            if (value == null) {
                fail(field + "[" + i + "]", "required", "must not be null");
                continue;
            }
            Constraints nested = new Constraints(prefix + field + "[" + i + "].");
            rule.accept(value, nested);
            violations.addAll(nested.violations);
        }
        return this;
    }

    /** The ids of causing events: optional, bounded, no blanks. */
    public Constraints causedBy(List<String> causedBy) {
        maxSize("causedBy", causedBy, 1_000);
        return each("causedBy", causedBy, (id, c) -> c.notBlank("", id));
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
