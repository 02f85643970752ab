package io.edgeplane.platform.ownership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/** The service's ownership model from {@link OwnershipConfig}. */
@ApplicationScoped
public class OwnershipProducer {
    @Produces
    @Singleton
    Ownership ownership(OwnershipConfig config) {
        return new Ownership(config.buildsBuckets().orElse(Set.of()), config.uploadsBucket(),
                config.tenantBuildRoot(), config.siteBuildRoot(), config.tenantServedRoot(), config.siteServedRoot(),
                config.uploadRoot());
    }
}
