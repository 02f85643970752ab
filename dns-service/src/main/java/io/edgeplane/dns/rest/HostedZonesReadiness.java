package io.edgeplane.dns.rest;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.ZoneMapSettings;
import io.edgeplane.platform.health.RequiredSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness refuses while the hosted-zone map is empty or holds placeholders, naming the setting (the platform's
 * required-settings check covers plain properties; a map's keys cannot be listed there).
 */
@Readiness
@ApplicationScoped
public class HostedZonesReadiness implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(HostedZonesReadiness.class);

    @Inject
    DnsConfig config;

    private volatile List<String> logged = List.of();

    @Override
    public HealthCheckResponse call() {
        List<String> problems = ZoneMapSettings.problems(config.zones(), RequiredSettings.DEFAULT_PLACEHOLDER);
        if (!problems.equals(logged)) {
            logged = problems;
            if (!problems.isEmpty()) {
                LOG.errorf("Not ready: %s", String.join("; ", problems));
            }
        }
        var response = HealthCheckResponse.named("hosted-zones").status(problems.isEmpty());
        for (int i = 0; i < problems.size(); i++) {
            response.withData("missing-" + (i + 1), problems.get(i));
        }
        return response.build();
    }
}
