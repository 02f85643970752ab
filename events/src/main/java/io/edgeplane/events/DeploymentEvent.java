package io.edgeplane.events;

/**
 * An event about one tenant's or one non-tenant site's deployments: exactly one of the two ids is set,
 * and it is the record key, so a target's deployment and its outcome stay in order.
 */
public interface DeploymentEvent extends EdgeplaneEvent {
    String tenantId();

    String siteId();

    @Override
    default String key() {
        return tenantId() != null ? tenantId() : siteId();
    }
}
