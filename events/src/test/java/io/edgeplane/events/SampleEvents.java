package io.edgeplane.events;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One realistic, valid event of every type, with fixed ids and instants so that tests can compare
 * them. Every sample passes its record's {@code check()} and its JSON Schema; tests of other modules
 * may copy this class (or test-support may take it over) to publish well-formed events.
 */
public final class SampleEvents {
    /** CloudFront distribution serving the shared tier. */
    public static final String DISTRIBUTION_ID = "E1234567890ABC";
    public static final String DISTRIBUTION_BUCKET = "www.aws-services.synepho.com";
    public static final String SOURCE_BUCKET = "aws-data-fetcher-output";
    public static final String UPLOAD_BUCKET = "edgeplane-uploads";
    public static final String TENANT_ID = "acme";
    public static final String DATASET_ID = "aws-infrastructure";
    public static final String VIDEO_ID = "vid-7f3a9c";
    public static final String IMAGE_ID = "img-51d2e8";
    public static final String OWNER_ID = "u-1042";
    public static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    private static final String SHA_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String SHA_B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    private static final String SHA_C = "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13";

    private SampleEvents() {
    }

    /** A sample of every type, in {@link EventType} order. */
    public static Map<EventType, EdgeplaneEvent> all() {
        Map<EventType, EdgeplaneEvent> samples = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            samples.put(type, of(type));
        }
        return samples;
    }

    /** The sample of one type. */
    public static EdgeplaneEvent of(EventType type) {
        return switch (type) {
            case DATA_FETCHED -> dataFetched();
            case FILES_DISTRIBUTED -> filesDistributed();
            case DEPLOYMENT_COMPLETED -> deploymentCompleted();
            case DEPLOYMENT_PROMOTED -> deploymentPromoted();
            case TENANT_PROVISIONED -> tenantProvisioned();
            case TENANT_UPDATED -> tenantUpdated();
            case TENANT_DEPROVISIONED -> tenantDeprovisioned();
            case TENANT_DNS_READY -> tenantDnsReady();
            case TENANT_DNS_FAILED -> tenantDnsFailed();
            case TENANT_MIGRATED -> tenantMigrated();
            case VIDEO_UPLOADED -> videoUploaded();
            case IMAGE_UPLOADED -> imageUploaded();
            case MEDIA_PROCESSED -> mediaProcessed();
            case MEDIA_FAILED -> mediaFailed();
            case INVALIDATION_SUBMITTED -> invalidationSubmitted();
            case INVALIDATION_COMPLETED -> invalidationCompleted();
            case INVALIDATION_FAILED -> invalidationFailed();
            case DEPLOYMENT_FAILED -> deploymentFailed();
        };
    }

    /** The sample as its producer sends it: with {@link #ceId}, {@link #source} and a fixed time. */
    public static EventEnvelope<EdgeplaneEvent> envelope(EventType type) {
        EdgeplaneEvent data = of(type);
        return new EventEnvelope<>(ceId(type), source(type), type, T0.plusSeconds(60), data.key(), data);
    }

    /** A fixed {@code ce_id} per type, so that samples can name each other in {@code causedBy}. */
    public static String ceId(EventType type) {
        return "00000000-0000-4000-8000-0000000000" + String.format("%02d", type.ordinal());
    }

    /** The {@code ce_source} of the system that produces the type. */
    public static String source(EventType type) {
        return switch (type) {
            case DATA_FETCHED -> "/edgeplane/fetcher-service";
            case FILES_DISTRIBUTED, DEPLOYMENT_PROMOTED, DEPLOYMENT_FAILED -> "/edgeplane/distributor-service";
            case DEPLOYMENT_COMPLETED -> "/ci/site-builds";
            case TENANT_PROVISIONED, TENANT_UPDATED, TENANT_DEPROVISIONED -> "/tenant-management";
            case TENANT_DNS_READY, TENANT_DNS_FAILED, TENANT_MIGRATED -> "/edgeplane/dns-service";
            case VIDEO_UPLOADED, IMAGE_UPLOADED -> "/upload-service";
            case MEDIA_PROCESSED, MEDIA_FAILED -> "/edgeplane/media-service";
            case INVALIDATION_SUBMITTED, INVALIDATION_COMPLETED, INVALIDATION_FAILED ->
                    "/edgeplane/invalidation-service";
        };
    }

    public static DataFetched dataFetched() {
        return new DataFetched(DATASET_ID, "run-20261122-0200", SOURCE_BUCKET, "aws-data/",
                List.of(new DataFetched.FetchedFile("aws-data/complete-data.json", SHA_A, 244_736L, "application/json"),
                        new DataFetched.FetchedFile("aws-data/regions.json", SHA_B, 9_830L, "application/json"),
                        new DataFetched.FetchedFile("aws-data/services.json", SHA_C, 32_768L, "application/json")),
                true, SHA_A, "ssm", T0.plusSeconds(42), List.of());
    }

    public static FilesDistributed filesDistributed() {
        return new FilesDistributed(DISTRIBUTION_ID, DISTRIBUTION_BUCKET, "data", null,
                List.of("/data/complete-data.json", "/data/regions.json"), List.of("dataset-aws-infrastructure"),
                List.of(new FilesDistributed.FileResult("aws-data/complete-data.json", "data/complete-data.json",
                                FileStatus.COPIED, null, null),
                        new FilesDistributed.FileResult("aws-data/regions.json", "data/regions.json", FileStatus.COPIED,
                                null, null),
                        new FilesDistributed.FileResult("aws-data/services.json", "data/services.json",
                                FileStatus.UNCHANGED, null, null)),
                3, 0, 3, false, null, T0.plusSeconds(45), List.of(ceId(EventType.DATA_FETCHED)));
    }

    public static DeploymentCompleted deploymentCompleted() {
        return new DeploymentCompleted("dep-b42", TENANT_ID, null, "b42", "edgeplane-builds",
                "tenants/acme/builds/b42/", DISTRIBUTION_ID, "1.8.0", DeploymentMode.POINTER,
                T0.plusSeconds(120), List.of("ci-run-9001"));
    }

    public static DeploymentPromoted deploymentPromoted() {
        return new DeploymentPromoted("dep-b42", TENANT_ID, null, "b42", "b41", DeploymentMode.POINTER, 0, 0, 0, 0,
                850L, T0.plusSeconds(121), List.of(ceId(EventType.DEPLOYMENT_COMPLETED)));
    }

    /** A later deployment of acme whose build lies under another tenant's build root. */
    public static DeploymentFailed deploymentFailed() {
        return new DeploymentFailed("dep-b43", TENANT_ID, null, "b43", "foreign-source",
                "'tenants/globex/builds/b43/' is not under tenant acme's build root 'tenants/acme/builds/'; nothing was changed",
                T0.plusSeconds(181), List.of(ceId(EventType.DEPLOYMENT_COMPLETED)));
    }

    public static TenantProvisioned tenantProvisioned() {
        return new TenantProvisioned(TENANT_ID, "acme", "example.com", SubscriptionTier.PREMIUM, TrafficTier.HIGH,
                2_500_000L, List.of("gdpr"), null, null, T0, List.of("tm-req-311"));
    }

    public static TenantUpdated tenantUpdated() {
        return new TenantUpdated(TENANT_ID, "acme", "example.com", SubscriptionTier.ENTERPRISE, TrafficTier.ENTERPRISE,
                40_000_000L, List.of("gdpr", "pci-dss"), "cdn.acme.com", DistributionStrategy.INDIVIDUAL,
                T0.plusSeconds(3_600), List.of("tm-req-312"));
    }

    public static TenantDeprovisioned tenantDeprovisioned() {
        return new TenantDeprovisioned(TENANT_ID, "contract ended", T0.plusSeconds(86_400), List.of("tm-req-313"));
    }

    public static TenantDnsReady tenantDnsReady() {
        return new TenantDnsReady(TENANT_ID, "acme.example.com", "d111111abcdef8.cloudfront.net",
                DistributionStrategy.SHARED, DISTRIBUTION_ID,
                List.of("acme.example.com A ALIAS d111111abcdef8.cloudfront.net",
                        "acme.example.com AAAA ALIAS d111111abcdef8.cloudfront.net"),
                38_000L, T0.plusSeconds(38), List.of(ceId(EventType.TENANT_PROVISIONED)));
    }

    public static TenantDnsFailed tenantDnsFailed() {
        return new TenantDnsFailed(TENANT_ID, "acme_.example.com", "label-syntax",
                "'acme_' is not a valid DNS label: only letters, digits and '-' are allowed", false,
                T0.plusSeconds(1), List.of(ceId(EventType.TENANT_PROVISIONED)));
    }

    public static TenantMigrated tenantMigrated() {
        return new TenantMigrated(TENANT_ID, "acme.example.com", DistributionStrategy.SHARED,
                DistributionStrategy.INDIVIDUAL, DISTRIBUTION_ID, "E2BCDEF3456789", "custom domain requested",
                T0.plusSeconds(3_900), List.of(ceId(EventType.TENANT_UPDATED)));
    }

    public static VideoUploaded videoUploaded() {
        return new VideoUploaded(VIDEO_ID, OWNER_ID, UPLOAD_BUCKET, "uploads/u-1042/2026/11/22/3b1f0c2e.mp4",
                "video/mp4", 187_604_992L, null, T0.plusSeconds(300), List.of());
    }

    public static ImageUploaded imageUploaded() {
        return new ImageUploaded(IMAGE_ID, OWNER_ID, UPLOAD_BUCKET, "uploads/u-1042/2026/11/22/9a4d7e61.jpg",
                "image/jpeg", 4_194_304L, SHA_B, T0.plusSeconds(310), List.of());
    }

    public static MediaProcessed mediaProcessed() {
        String base = "https://d111111abcdef8.cloudfront.net/";
        return new MediaProcessed(IMAGE_ID, OWNER_ID, MediaKind.IMAGE, "uploads/u-1042/2026/11/22/9a4d7e61.jpg",
                List.of(new MediaProcessed.Output("thumbnail", "jpeg", "media/img-51d2e8/thumbnail.jpg",
                                base + "media/img-51d2e8/thumbnail.jpg", "image/jpeg",
                                "public, max-age=31536000, immutable", 6_120L, 150, 113, null),
                        new MediaProcessed.Output("medium", "webp", "media/img-51d2e8/medium.webp",
                                base + "media/img-51d2e8/medium.webp", "image/webp",
                                "public, max-age=31536000, immutable", 48_900L, 800, 600, null)),
                new MediaProcessed.Cdn(DISTRIBUTION_ID, "d111111abcdef8.cloudfront.net", base, false), false, 530L,
                T0.plusSeconds(311), List.of(ceId(EventType.IMAGE_UPLOADED)));
    }

    public static MediaFailed mediaFailed() {
        return new MediaFailed(VIDEO_ID, OWNER_ID, MediaKind.VIDEO, "uploads/u-1042/2026/11/22/3b1f0c2e.mp4", "corrupt",
                "ffmpeg could not read a video stream: moov atom not found", T0.plusSeconds(302),
                List.of(ceId(EventType.VIDEO_UPLOADED)));
    }

    public static InvalidationSubmitted invalidationSubmitted() {
        return new InvalidationSubmitted(DISTRIBUTION_ID, "I2J0I21PCUYOIK", "edgeplane-5c1e0f2a9b7d",
                List.of("/data/complete-data.json", "/data/regions.json"), 0, 0, T0.plusSeconds(45),
                T0.plusSeconds(47), List.of(ceId(EventType.FILES_DISTRIBUTED)));
    }

    public static InvalidationCompleted invalidationCompleted() {
        return new InvalidationCompleted(DISTRIBUTION_ID, "I2J0I21PCUYOIK", "edgeplane-5c1e0f2a9b7d", 2,
                T0.plusSeconds(45), T0.plusSeconds(71), 26_000L, List.of(ceId(EventType.INVALIDATION_SUBMITTED)));
    }

    public static InvalidationFailed invalidationFailed() {
        return new InvalidationFailed(DISTRIBUTION_ID, null, List.of("/tenants/other/index.html"), "outside-boundary",
                "path is outside the prefix of tenant acme", T0.plusSeconds(46),
                List.of(ceId(EventType.FILES_DISTRIBUTED)));
    }
}
