package io.edgeplane.distributor.deployment.domain;

import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.platform.ownership.Owner;
import java.util.Locale;
import java.util.Objects;

/**
 * What a deployment makes live: a tenant site (served at {@code tenant.<base>} through the shared
 * distribution and its routing function) or a non-tenant site.
 */
public record DeploymentTarget(Kind kind, String id) {
    public enum Kind {
        TENANT, SITE;

        /** The REST collection and tag word: {@code tenants}/{@code tenant}, {@code sites}/{@code site}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DeploymentTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static DeploymentTarget tenant(String id) {
        return new DeploymentTarget(Kind.TENANT, id);
    }

    public static DeploymentTarget site(String id) {
        return new DeploymentTarget(Kind.SITE, id);
    }

    public static DeploymentTarget of(DeploymentCompleted event) {
        return event.tenantId() != null ? tenant(event.tenantId()) : site(event.siteId());
    }

    public boolean isTenant() {
        return kind == Kind.TENANT;
    }

    /** The same target in the ownership model, which derives its roots and tags. */
    public Owner owner() {
        return isTenant() ? Owner.tenant(id) : Owner.site(id);
    }

    @Override
    public String toString() {
        return kind.word() + " " + id;
    }
}
