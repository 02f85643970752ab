package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * The tenant could not be given its hostname. {@code rule} is machine-readable (e.g.
 * {@code label-syntax}, {@code reserved-label}, {@code foreign-record}, {@code quota}); {@code reason}
 * says it in words; {@code retryable} tells tenant management whether sending it again can help.
 */
public record TenantDnsFailed(String tenantId, String hostname, String rule, String reason, Boolean retryable,
        Instant failedAt, List<String> causedBy) implements EdgeplaneEvent {

    public TenantDnsFailed {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public String key() {
        return tenantId;
    }

    @Override
    public void check(Constraints c) {
        c.id("tenantId", tenantId).notBlank("rule", rule).notBlank("reason", reason)
                .required("retryable", retryable).required("failedAt", failedAt).causedBy(causedBy);
    }
}
