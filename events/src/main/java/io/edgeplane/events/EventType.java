package io.edgeplane.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every Edgeplane event: its CloudEvents type (versioned), topic, record and JSON Schema. A breaking
 * change is a new constant with a new version suffix; consumers ignore unknown fields.
 */
public enum EventType {
    DATA_FETCHED("io.edgeplane.data.fetched.v1", Topics.DATA_FETCHED, DataFetched.class),
    FILES_DISTRIBUTED("io.edgeplane.files.distributed.v1", Topics.FILES_DISTRIBUTED, FilesDistributed.class),
    DEPLOYMENT_COMPLETED("io.edgeplane.deployment.completed.v1", Topics.DEPLOYMENTS_COMPLETED, DeploymentCompleted.class),
    DEPLOYMENT_PROMOTED("io.edgeplane.deployment.promoted.v1", Topics.DEPLOYMENTS_PROMOTED, DeploymentPromoted.class),
    TENANT_PROVISIONED("io.edgeplane.tenant.provisioned.v1", Topics.TENANTS_LIFECYCLE, TenantProvisioned.class),
    TENANT_UPDATED("io.edgeplane.tenant.updated.v1", Topics.TENANTS_LIFECYCLE, TenantUpdated.class),
    TENANT_DEPROVISIONED("io.edgeplane.tenant.deprovisioned.v1", Topics.TENANTS_LIFECYCLE, TenantDeprovisioned.class),
    TENANT_DNS_READY("io.edgeplane.tenant.dns.ready.v1", Topics.TENANTS_DNS, TenantDnsReady.class),
    TENANT_DNS_FAILED("io.edgeplane.tenant.dns.failed.v1", Topics.TENANTS_DNS, TenantDnsFailed.class),
    TENANT_MIGRATED("io.edgeplane.tenant.migrated.v1", Topics.TENANTS_DNS, TenantMigrated.class),
    VIDEO_UPLOADED("io.edgeplane.media.video.uploaded.v1", Topics.MEDIA_VIDEOS_UPLOADED, VideoUploaded.class),
    IMAGE_UPLOADED("io.edgeplane.media.image.uploaded.v1", Topics.MEDIA_IMAGES_UPLOADED, ImageUploaded.class),
    MEDIA_PROCESSED("io.edgeplane.media.processed.v1", Topics.MEDIA_STATUS, MediaProcessed.class),
    MEDIA_FAILED("io.edgeplane.media.failed.v1", Topics.MEDIA_STATUS, MediaFailed.class),
    INVALIDATION_SUBMITTED("io.edgeplane.invalidation.submitted.v1", Topics.INVALIDATIONS_STATUS, InvalidationSubmitted.class),
    INVALIDATION_COMPLETED("io.edgeplane.invalidation.completed.v1", Topics.INVALIDATIONS_STATUS, InvalidationCompleted.class),
    INVALIDATION_FAILED("io.edgeplane.invalidation.failed.v1", Topics.INVALIDATIONS_STATUS, InvalidationFailed.class),
    // Added after the others so that existing ordinals (and the samples' ce_ids built from them) stay put.
    DEPLOYMENT_FAILED("io.edgeplane.deployment.failed.v1", Topics.DEPLOYMENTS_PROMOTED, DeploymentFailed.class);

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::recordClass, Function.identity()));

    private final String ceType;
    private final String topic;
    private final Class<? extends EdgeplaneEvent> recordClass;

    EventType(String ceType, String topic, Class<? extends EdgeplaneEvent> recordClass) {
        this.ceType = ceType;
        this.topic = topic;
        this.recordClass = recordClass;
    }

    /** The {@code ce_type} header value. */
    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends EdgeplaneEvent> recordClass() {
        return recordClass;
    }

    /** Classpath resource of the JSON Schema, e.g. {@code /schemas/io.edgeplane.data.fetched.v1.json}. */
    public String schemaResource() {
        return "/schemas/" + ceType + ".json";
    }

    /** {@code io.edgeplane.data.fetched} without the version suffix. */
    public String family() {
        return ceType.substring(0, ceType.lastIndexOf('.'));
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Optional.ofNullable(BY_TYPE.get(ceType));
    }

    public static EventType of(EdgeplaneEvent event) {
        EventType type = BY_CLASS.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException("no event type for " + event.getClass().getName());
        }
        return type;
    }
}
