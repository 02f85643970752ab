package io.edgeplane.platform.cache;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Objects whose key matches {@code pattern} are served with {@code cacheControl}. A pattern is a
 * glob over the object key ({@code **} any characters, {@code *} any characters but {@code /},
 * {@code ?} one character, {@code {a,b}} alternatives) or, prefixed with {@code regex:}, a Java
 * regular expression over the whole key.
 */
public record CacheRule(String name, String pattern, String cacheControl, Pattern compiled) {

    public CacheRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(cacheControl, "cacheControl");
        if (cacheControl.isBlank()) {
            throw new IllegalArgumentException("cache rule '" + name + "': cache-control must not be blank");
        }
    }

    public static CacheRule of(String name, String pattern, String cacheControl) {
        return new CacheRule(name, pattern, cacheControl, compile(pattern));
    }

    public boolean matches(String key) {
        return compiled.matcher(key).matches();
    }

    static Pattern compile(String pattern) {
        if (pattern.startsWith("regex:")) {
            return Pattern.compile(pattern.substring("regex:".length()));
        }
        StringBuilder regex = new StringBuilder();
        boolean inAlternatives = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        i++;
                        // "**/" also matches zero directories: "**/*.html" matches "index.html".
                        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                            i++;
                            regex.append("(?:.*/)?");
                        } else {
                            regex.append(".*");
                        }
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '{' -> {
                    inAlternatives = true;
                    regex.append("(?:");
                }
                case '}' -> {
                    inAlternatives = false;
                    regex.append(')');
                }
                case ',' -> regex.append(inAlternatives ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
