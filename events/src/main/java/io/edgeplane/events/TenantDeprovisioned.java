package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/** The tenant is gone: Edgeplane removes the records and the distribution it created for it, nothing else. */
public record TenantDeprovisioned(String tenantId, String reason, Instant deprovisionedAt, List<String> causedBy)
        implements EdgeplaneEvent {

    public TenantDeprovisioned {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public String key() {
        return tenantId;
    }

    @Override
    public void check(Constraints c) {
        c.id("tenantId", tenantId).required("deprovisionedAt", deprovisionedAt).causedBy(causedBy);
    }
}
