package io.edgeplane.media.config;

import io.edgeplane.media.aws.CloudFrontUrlSigner;
import io.edgeplane.media.aws.S3MediaStore;
import io.edgeplane.media.aws.S3UploadUrls;
import io.edgeplane.media.domain.CdnLocation;
import io.edgeplane.media.domain.EventSink;
import io.edgeplane.media.domain.HlsRung;
import io.edgeplane.media.domain.ImageFormat;
import io.edgeplane.media.domain.ImageSettings;
import io.edgeplane.media.domain.MediaStore;
import io.edgeplane.media.domain.RenditionSpec;
import io.edgeplane.media.domain.SigningPolicy;
import io.edgeplane.media.domain.UrlSigner;
import io.edgeplane.media.domain.VideoLimits;
import io.edgeplane.media.domain.VideoSettings;
import io.edgeplane.media.imaging.OpenCvImageRenderer;
import io.edgeplane.media.pipeline.MediaPipeline;
import io.edgeplane.media.rest.MediaResource;
import io.edgeplane.media.rest.UploadResource;
import io.edgeplane.media.video.FfmpegTranscoder;
import io.edgeplane.platform.aws.AwsClients;
import io.edgeplane.platform.aws.AwsConfig;
import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.ownership.Ownership;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the media-service's parts from configuration; the parts themselves know nothing of CDI. */
@ApplicationScoped
public class MediaBeans {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MediaBeans.class);
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Produces
    @Singleton
    ImageSettings imageSettings(MediaConfig config) {
        MediaConfig.Image image = config.image();
        List<ImageFormat> formats = image.formats().stream().map(ImageFormat::parse).distinct().toList();
        for (ImageFormat format : formats) {
            if (!OpenCvImageRenderer.canWrite(format)) {
                throw new IllegalStateException("edgeplane.media.image.formats names " + format.id()
                        + ", which this OpenCV build cannot write");
            }
        }
        int background;
        try {
            background = Integer.parseInt(image.background().replace("#", ""), 16);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("edgeplane.media.image.background '" + image.background() + "' is not RGB hex");
        }
        return new ImageSettings(RenditionSpec.parseList(image.renditions()), formats, image.jpegQuality(),
                image.webpQuality(), image.avifQuality(), image.maxPixels(), background);
    }

    @Produces
    @Singleton
    VideoSettings videoSettings(MediaConfig config) {
        MediaConfig.Video v = config.video();
        return new VideoSettings(HlsRung.parseList(v.rungs()), v.segmentSeconds(), v.preset(), v.threads().orElse(CORES),
                v.audioKbps(), v.posterBox(), v.posterAtSeconds(), v.timeoutFactor(), v.minTimeout(),
                new VideoLimits(v.maxDuration(), v.maxPixels()));
    }

    @Produces
    @Singleton
    CdnLocation cdnLocation(MediaConfig config) {
        MediaConfig.Cdn cdn = config.cdn();
        return new CdnLocation(cdn.distributionId().filter(s -> !s.isBlank()), cdn.domain(),
                cdn.customDomain().filter(s -> !s.isBlank()), cdn.signedUrlsRequired());
    }

    /** The bounded pool the encodes of one image fan out to: one thread per core. */
    @Produces
    @Singleton
    @ImageWorkers
    ExecutorService imageWorkers(MediaConfig config) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(config.image().workers().orElse(CORES), r -> {
            Thread t = new Thread(r, "image-encoder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void closeImageWorkers(@Disposes @ImageWorkers ExecutorService pool) {
        pool.shutdownNow();
    }

    @Produces
    @Singleton
    MediaStore mediaStore(S3Client s3, MediaConfig config) {
        return s3MediaStore(s3, config);
    }

    /** The S3 store as configured (tests wrap it to record what is read). */
    public static S3MediaStore s3MediaStore(S3Client s3, MediaConfig config) {
        return new S3MediaStore(s3, config.buckets().distribution(),
                config.manifest().bucket().orElse(config.buckets().uploads()), config.manifest().prefix());
    }

    @Produces
    @Singleton
    UrlSigner urlSigner(MediaConfig config) {
        MediaConfig.Signing s = config.signing();
        Optional<String> pem = s.privateKey().filter(k -> !k.isBlank());
        if (pem.isEmpty() && s.privateKeyFile().isPresent()) {
            Path file = s.privateKeyFile().get();
            try {
                pem = Optional.of(Files.readString(file));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read edgeplane.media.signing.private-key-file " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        if (pem.isEmpty() && s.ephemeralKey()) {
            LOG.warn("signing with an ephemeral key generated at start-up (local stack only): CloudFront will not accept it");
            return CloudFrontUrlSigner.ephemeral(s.keyPairId().orElse("KEDGEPLANELOCAL"));
        }
        return new CloudFrontUrlSigner(s.keyPairId(), pem);
    }

    @Produces
    @Singleton
    S3UploadUrls uploadUrls(AwsClients clients, AwsConfig aws) {
        return new S3UploadUrls(clients.region(), clients.credentials(),
                Optional.ofNullable(aws.endpointOverride().get("s3")), aws.s3().pathStyleAccess());
    }

    void closeUploadUrls(@Disposes S3UploadUrls urls) {
        urls.close();
    }

    /**
     * The pipeline (and with it every media meter, at zero) and the REST meters exist from start-up, not from the
     * first upload or request: dashboards and alerts see the series before anything happened.
     */
    void registerMeters(@Observes StartupEvent event, MediaPipeline pipeline, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String app) {
        UploadResource.uploadUrls(registry, app);
        for (String outcome : List.of("signed", "denied")) {
            for (SigningPolicy policy : SigningPolicy.values()) {
                MediaResource.signedUrls(registry, app, outcome, policy.id());
            }
        }
    }

    @Produces
    @Singleton
    MediaPipeline pipeline(MediaStore store, Ownership ownership, @ImageWorkers ExecutorService workers, EventSink events,
            CachePolicy cachePolicy, CdnLocation cdn, ImageSettings imageSettings, VideoSettings videoSettings,
            MediaConfig config, MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String app,
            @org.eclipse.microprofile.health.Readiness FfmpegReadiness ffmpeg) {
        Path work = config.video().workDirectory()
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "edgeplane-media"));
        FfmpegTranscoder transcoder = new FfmpegTranscoder(ffmpeg::binaries);
        return new MediaPipeline(store, ownership, new OpenCvImageRenderer(workers), transcoder, events, cachePolicy, cdn,
                imageSettings, videoSettings, config.buckets().distribution(), config.purge().maxExactPaths(), work,
                Clock.systemUTC(), registry, app);
    }
}
