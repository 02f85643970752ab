package io.edgeplane.distributor.messaging;

/** Incoming channels of the distributor-service; tests reuse these names. */
public final class DistributorChannels {
    /** DataFetched from the fetcher-service. */
    public static final String DATA_FETCHED = "data-fetched";
    /** DeploymentCompleted from CI. */
    public static final String DEPLOYMENTS = "deployments";

    private DistributorChannels() {
    }
}
