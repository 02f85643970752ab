package io.edgeplane.events;

import java.util.List;
import java.util.stream.Collectors;

/** An event that breaks its contract. Its message names every field and rule; it is poison, never retried. */
public class InvalidEventException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        // A data error: the stack says nothing about the record, and dead-letter logs stay readable.
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public InvalidEventException(String field, String rule, String message) {
        this(List.of(new Violation(field, rule, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
