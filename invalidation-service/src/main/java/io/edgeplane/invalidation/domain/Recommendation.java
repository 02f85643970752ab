package io.edgeplane.invalidation.domain;

/** One thing an operator could change to serve more from the edge. */
public record Recommendation(String code, Severity severity, String message) {
    public enum Severity {
        INFO, WARNING, CRITICAL
    }
}
