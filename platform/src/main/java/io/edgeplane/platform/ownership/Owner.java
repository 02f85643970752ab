package io.edgeplane.platform.ownership;

import io.edgeplane.events.Constraints;
import java.util.Locale;
import java.util.Objects;

/**
 * Who an event or request acts for: a tenant (served at {@code tenant.<base>}), a non-tenant site, or
 * the owner of uploads (a user of the upload service). The id is the only thing taken from the event;
 * every root it may reach is derived from it by {@link Ownership}.
 */
public record Owner(Kind kind, String id) {
    public enum Kind {
        TENANT, SITE, UPLOADER;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Owner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        // Ids never hold '/', so a root derived from one is exactly one segment deeper than its template.
        if (!Constraints.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not an id ([A-Za-z0-9][A-Za-z0-9._-]{0,127})");
        }
    }

    public static Owner tenant(String id) {
        return new Owner(Kind.TENANT, id);
    }

    public static Owner site(String id) {
        return new Owner(Kind.SITE, id);
    }

    public static Owner uploader(String id) {
        return new Owner(Kind.UPLOADER, id);
    }

    @Override
    public String toString() {
        return kind.word() + " " + id;
    }
}
