package io.edgeplane.events;

/**
 * Kafka topic names. Events whose relative order matters for one entity share a topic and a key
 * (a tenant's lifecycle, a distribution's invalidation status), so that a partition orders them.
 */
public final class Topics {
    public static final String DATA_FETCHED = "edgeplane.data.fetched";
    public static final String FILES_DISTRIBUTED = "edgeplane.files.distributed";
    public static final String DEPLOYMENTS_COMPLETED = "edgeplane.deployments.completed";
    /** DeploymentPromoted, DeploymentFailed: the outcome of every deployment, keyed like DeploymentCompleted. */
    public static final String DEPLOYMENTS_PROMOTED = "edgeplane.deployments.promoted";
    /** TenantProvisioned, TenantUpdated, TenantDeprovisioned: one topic so a provision precedes its deprovision. */
    public static final String TENANTS_LIFECYCLE = "edgeplane.tenants.lifecycle";
    /** TenantDnsReady, TenantDnsFailed, TenantMigrated. */
    public static final String TENANTS_DNS = "edgeplane.tenants.dns";
    public static final String MEDIA_VIDEOS_UPLOADED = "edgeplane.media.videos.uploaded";
    public static final String MEDIA_IMAGES_UPLOADED = "edgeplane.media.images.uploaded";
    /** MediaProcessed, MediaFailed. */
    public static final String MEDIA_STATUS = "edgeplane.media.status";
    /** InvalidationSubmitted, InvalidationCompleted, InvalidationFailed. */
    public static final String INVALIDATIONS_STATUS = "edgeplane.invalidations.status";

    /** The dead-letter topic of a service, e.g. {@code edgeplane.dlq.dns-service}. */
    public static String deadLetter(String service) {
        return "edgeplane.dlq." + service;
    }

    private Topics() {
    }
}
