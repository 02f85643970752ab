package io.edgeplane.events;

/** One broken rule: which field (JSON path), which rule, and a sentence a human can act on. */
public record Violation(String field, String rule, String message) {
    @Override
    public String toString() {
        return field + ": " + message + " [" + rule + "]";
    }
}
