package io.edgeplane.platform.ownership;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/**
 * Where owners' roots are: {@code edgeplane.ownership.*}. The templates hold {@code {id}} as a whole
 * segment; the defaults are the layout the services, IAM policies and the routing function share, so
 * change them only together.
 */
@ConfigMapping(prefix = "edgeplane.ownership")
public interface OwnershipConfig {
    /** Buckets a promotion may read builds from; unset, every promotion is refused as foreign. */
    Optional<Set<String>> buildsBuckets();

    /** The bucket uploads arrive in (the media-service's pre-signed uploads write there). */
    Optional<String> uploadsBucket();

    @WithDefault("tenants/{id}/builds/")
    String tenantBuildRoot();

    @WithDefault("sites/{id}/builds/")
    String siteBuildRoot();

    @WithDefault("tenants/{id}/")
    String tenantServedRoot();

    @WithDefault("sites/{id}/")
    String siteServedRoot();

    @WithDefault("uploads/{id}/")
    String uploadRoot();
}
