package io.edgeplane.platform.messaging;

/**
 * Metric names follow {@code edgeplane_<service>_<noun>_<unit|total>}. Micrometer names are dotted
 * and the Prometheus registry adds the unit or {@code _total}: {@code of("fetcher-service",
 * "events.rejected")} is exported as {@code edgeplane_fetcher_events_rejected_total}.
 */
public final class MetricNames {
    public static String of(String applicationName, String noun) {
        String service = applicationName.endsWith("-service")
                ? applicationName.substring(0, applicationName.length() - "-service".length())
                : applicationName;
        return "edgeplane." + service.replace('-', '_') + "." + noun;
    }

    private MetricNames() {
    }
}
