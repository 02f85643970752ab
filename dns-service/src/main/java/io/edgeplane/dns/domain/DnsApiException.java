package io.edgeplane.dns.domain;

import java.util.List;

/**
 * A Route 53 or CloudFront error as the domain sees it: the AWS error code, the messages (InvalidChangeBatch
 * carries one per bad change), and whether retrying the same request later can succeed (Throttling,
 * PriorRequestNotComplete, 5xx, network).
 */
public class DnsApiException extends RuntimeException {
    private final String code;
    private final List<String> messages;
    private final boolean transientFailure;

    public DnsApiException(String code, List<String> messages, boolean transientFailure, Throwable cause) {
        super(code + ": " + String.join("; ", messages), cause);
        this.code = code;
        this.messages = List.copyOf(messages);
        this.transientFailure = transientFailure;
    }

    public DnsApiException(String code, String message, boolean transientFailure) {
        this(code, List.of(message), transientFailure, null);
    }

    public String code() {
        return code;
    }

    public List<String> messages() {
        return messages;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The request itself is wrong (bad batch or input); a split can isolate the culprit. */
    public boolean isInvalidBatch() {
        return "InvalidChangeBatch".equals(code) || "InvalidInput".equals(code);
    }
}
