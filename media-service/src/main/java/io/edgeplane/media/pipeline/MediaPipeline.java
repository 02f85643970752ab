package io.edgeplane.media.pipeline;

import io.edgeplane.events.Constraints;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaKind;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.MediaUpload;
import io.edgeplane.media.domain.CdnLocation;
import io.edgeplane.media.domain.EventSink;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.ImageRenderer;
import io.edgeplane.media.domain.ImageSettings;
import io.edgeplane.media.domain.MediaManifest;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.MediaStore;
import io.edgeplane.media.domain.OutputLayout;
import io.edgeplane.media.domain.PackagedVideo;
import io.edgeplane.media.domain.PurgePlan;
import io.edgeplane.media.domain.RenderedImage;
import io.edgeplane.media.domain.SourceBytes;
import io.edgeplane.media.domain.StreamManifests;
import io.edgeplane.media.domain.UploadSource;
import io.edgeplane.media.domain.VideoProbe;
import io.edgeplane.media.domain.VideoSettings;
import io.edgeplane.media.domain.VideoTranscoder;
import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.ContentTypes;
import io.edgeplane.platform.ownership.Ownership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One upload in, CDN-ready outputs out. The order of effects makes a crash at any point safe to
 * replay: outputs are written under new content-addressed keys first; then the manifest records the
 * new version together with the replaced keys still to purge; then the replaced objects are deleted
 * and FilesDistributed names their paths; only then MediaProcessed. A replayed upload whose version
 * is already current only finishes a pending purge and re-announces MediaProcessed.
 */
public final class MediaPipeline {
    private static final Logger LOG = Logger.getLogger(MediaPipeline.class);
    /** S3 CopyObject copies at most 5 GB in one request. */
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private final MediaStore store;
    private final Ownership ownership;
    private final ImageRenderer renderer;
    private final VideoTranscoder transcoder;
    private final EventSink events;
    private final CachePolicy cachePolicy;
    private final CdnLocation cdn;
    private final ImageSettings imageSettings;
    private final VideoSettings videoSettings;
    private final String distributionBucket;
    private final int maxExactPurgePaths;
    private final Path workRoot;
    private final Clock clock;
    private final Metrics metrics;

    public MediaPipeline(MediaStore store, Ownership ownership, ImageRenderer renderer, VideoTranscoder transcoder, EventSink events,
            CachePolicy cachePolicy, CdnLocation cdn, ImageSettings imageSettings, VideoSettings videoSettings,
            String distributionBucket, int maxExactPurgePaths, Path workRoot, Clock clock, MeterRegistry registry,
            String applicationName) {
        this.store = store;
        this.ownership = ownership;
        this.renderer = renderer;
        this.transcoder = transcoder;
        this.events = events;
        this.cachePolicy = cachePolicy;
        this.cdn = cdn;
        this.imageSettings = imageSettings;
        this.videoSettings = videoSettings;
        this.distributionBucket = distributionBucket;
        this.maxExactPurgePaths = maxExactPurgePaths;
        this.workRoot = workRoot;
        this.clock = clock;
        this.metrics = new Metrics(registry, applicationName);
    }

    /** Processes one upload; returns the event announced (MediaProcessed or MediaFailed). */
    public Object process(MediaUpload upload, String causingEventId) {
        MediaKind kind = upload instanceof ImageUploaded ? MediaKind.IMAGE : MediaKind.VIDEO;
        List<String> causedBy = causingEventId == null ? List.of() : List.of(causingEventId);
        long started = System.nanoTime();
        try {
            Optional<MediaManifest> previous = owned(upload, kind);
            if (previous.isPresent() && !previous.get().pendingPurge().isEmpty()) {
                // A crash between recording a replacement and announcing its purge: finish that first.
                previous = Optional.of(finishPurge(previous.get(), previous.get().pendingPurge(), causedBy));
            }
            MediaManifest current = kind == MediaKind.IMAGE ? image(upload, previous, causedBy)
                    : video(upload, previous, causedBy);
            boolean replaced = previous.isPresent() && !previous.get().version().equals(current.version());
            MediaProcessed processed = new MediaProcessed(current.mediaId(), current.ownerId(), current.kind(),
                    current.sourceKey(), withUrls(current.outputs()), cdnInfo(), replaced,
                    current.durationMillis(), current.processedAt(), causedBy);
            events.publish(processed);
            metrics.processed(kind, System.nanoTime() - started);
            return processed;
        } catch (MediaRejectedException e) {
            LOG.warnf("%s %s rejected: %s (%s)", kind.json(), upload.mediaId(), e.reason().code(), e.getMessage());
            MediaFailed failed = new MediaFailed(upload.mediaId(), upload.ownerId(), kind, upload.objectKey(),
                    e.reason().code(), e.getMessage(), clock.instant(), causedBy);
            events.publish(failed);
            metrics.failed(kind, e.reason(), System.nanoTime() - started);
            return failed;
        }
    }

    /**
     * The ownership checks, before anything is read or written: the source must be the owner's own upload,
     * and the media id free or already the owner's (claimed atomically when free). Returns the item's
     * published state, if any.
     */
    private Optional<MediaManifest> owned(MediaUpload upload, MediaKind kind) {
        if (ownership.uploadsBucket().isEmpty()) {
            // A configuration mistake, not the upload's fault: dead-lettered (replayable once fixed), never MediaFailed.
            throw new IllegalStateException(UploadSource.UPLOADS_BUCKET_SETTING + " is not set; no upload can be accepted");
        }
        Optional<MediaRejectedException> foreign = UploadSource.refusal(ownership, upload.ownerId(), upload.bucket(),
                upload.objectKey());
        if (foreign.isPresent()) {
            throw foreign.get();
        }
        Optional<MediaManifest> existing = store.manifest(upload.mediaId());
        if (existing.isEmpty()) {
            existing = store.claim(MediaManifest.claim(upload.mediaId(), upload.ownerId(), kind, upload.bucket(),
                    upload.objectKey(), clock.instant()));
        }
        if (existing.isPresent() && !existing.get().ownedBy(upload.ownerId())) {
            throw new MediaRejectedException(FailureReason.OWNER_MISMATCH, "media id '" + upload.mediaId()
                    + "' belongs to another user; a user may only replace their own media [owner-mismatch]");
        }
        return existing.filter(MediaManifest::processed);
    }

    private MediaManifest image(MediaUpload upload, Optional<MediaManifest> previous, List<String> causedBy) {
        String sha256;
        RenderedImage rendered;
        long start;
        // The source is released as soon as the renditions exist, before their uploads.
        try (SourceBytes source = store.readUpload(upload.bucket(), upload.objectKey(), ImageUploaded.MAX_BYTES)) {
            sha256 = sha256(source.bytes());
            String version = OutputLayout.version(sha256, imageSettings.fingerprint());
            Optional<MediaManifest> same = previous.filter(p -> p.version().equals(version));
            if (same.isPresent()) {
                LOG.infof("image %s version %s is already current; announcing it again", upload.mediaId(), version);
                return same.get();
            }
            start = System.nanoTime();
            rendered = renderer.render(source.bytes(), imageSettings);
        }
        String version = OutputLayout.version(sha256, imageSettings.fingerprint());
        LOG.infof("image %s: %s %s -> %d outputs in %d ms", upload.mediaId(), rendered.source().format().id(),
                rendered.source().upright(), rendered.outputs().size(), (System.nanoTime() - start) / 1_000_000);
        List<MediaProcessed.Output> outputs = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        for (RenderedImage.Output o : rendered.outputs()) {
            String key = OutputLayout.rendition(upload.mediaId(), version, o.role(), o.format());
            String cacheControl = cachePolicy.cacheControl(key);
            writes.add(() -> store.putOutput(key, o.bytes(), o.format().contentType(), cacheControl));
            outputs.add(new MediaProcessed.Output(o.role(), o.format().id(), key, null, o.format().contentType(),
                    cacheControl, (long) o.bytes().length, o.size().width(), o.size().height(), null));
        }
        parallel(writes);
        metrics.outputBytes(MediaKind.IMAGE, outputs);
        return record(upload, MediaKind.IMAGE, version, sha256, outputs, null, previous, causedBy);
    }

    private MediaManifest video(MediaUpload upload, Optional<MediaManifest> previous, List<String> causedBy) {
        Path work = null;
        try {
            Files.createDirectories(workRoot);
            work = Files.createTempDirectory(workRoot, "video-" + upload.mediaId() + "-");
            Path source = work.resolve("source");
            String sha256 = store.downloadUpload(upload.bucket(), upload.objectKey(), source);
            String version = OutputLayout.version(sha256, videoSettings.fingerprint());
            Optional<MediaManifest> same = previous.filter(p -> p.version().equals(version));
            if (same.isPresent()) {
                LOG.infof("video %s version %s is already current; announcing it again", upload.mediaId(), version);
                return same.get();
            }
            VideoProbe probe = transcoder.probe(source);
            videoSettings.limits().check(probe);
            LOG.infof("video %s: %s %s %.1f s, %s; packaging CMAF (HLS + DASH)", upload.mediaId(), probe.videoCodec(), probe.displayed(),
                    probe.durationSeconds(), probe.hasAudio() ? "with audio" : "no audio");
            long start = System.nanoTime();
            String id = upload.mediaId();
            PackagedVideo packaged = transcoder.packageStreams(source, probe, videoSettings, work.resolve("out"), fraction -> {
                metrics.progress(fraction);
                if (Math.round(fraction * 100) % 10 == 0) {
                    LOG.infof("video %s: %d %% packaged", id, Math.round(fraction * 100));
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.transcoded(probe.durationSeconds(), seconds);
            LOG.infof("video %s: %.1f s of video packaged in %.1f s (%.2fx real time)", id, probe.durationSeconds(),
                    seconds, probe.durationSeconds() / seconds);

            List<MediaProcessed.Output> outputs = new ArrayList<>();
            List<Runnable> writes = new ArrayList<>();
            // The original, next to its HLS ladder, for download and progressive playback.
            String extension = extension(upload);
            String originalKey = OutputLayout.original(id, version, extension);
            String originalType = ContentTypes.forKey(originalKey).equals(ContentTypes.OCTET_STREAM) ? upload.contentType()
                    : ContentTypes.forKey(originalKey);
            long size = Files.size(source);
            if (size <= MAX_SINGLE_COPY) {
                String cc = cachePolicy.cacheControl(originalKey);
                writes.add(() -> store.copyUpload(upload.bucket(), upload.objectKey(), originalKey, originalType, cc));
                outputs.add(new MediaProcessed.Output("original", extension, originalKey, null, originalType, cc, size,
                        probe.displayed().width(), probe.displayed().height(), (int) probe.bitrateKbps()));
            } else {
                LOG.warnf("video %s: original of %d bytes is over the single-copy limit; only HLS is published", id, size);
            }
            String posterKey = OutputLayout.poster(id, version);
            String posterCc = cachePolicy.cacheControl(posterKey);
            writes.add(() -> store.putOutput(posterKey, packaged.poster(), "image/jpeg", posterCc));
            outputs.add(new MediaProcessed.Output("poster", "jpeg", posterKey, null, "image/jpeg", posterCc,
                    Files.size(packaged.poster()), packaged.posterSize().width(), packaged.posterSize().height(), null));
            // Every file of the CMAF ladder once: both manifests name the same segment objects.
            String streamPrefix = OutputLayout.streamPrefix(id, version);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(packaged.streamRoot())) {
                files = walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
            }
            for (Path file : files) {
                String key = streamPrefix + packaged.streamRoot().relativize(file).toString().replace('\\', '/');
                String contentType = ContentTypes.forKey(key);
                String cc = cachePolicy.cacheControl(key);
                writes.add(() -> store.putOutput(key, file, contentType, cc));
            }
            long total = packaged.renditions().stream().mapToLong(PackagedVideo.Rung::measuredKbps).sum();
            outputs.add(streamOutput("hls-master", "hls", OutputLayout.hlsMaster(id, version),
                    packaged.streamRoot().resolve(StreamManifests.HLS_MASTER), probe, (int) total));
            outputs.add(streamOutput("dash-manifest", "dash", OutputLayout.dashManifest(id, version),
                    packaged.streamRoot().resolve(StreamManifests.DASH_MPD), probe, (int) total));
            for (PackagedVideo.Rung rung : packaged.renditions()) {
                String key = streamPrefix + rung.name() + "/" + StreamManifests.HLS_MEDIA;
                Path playlist = packaged.streamRoot().resolve(rung.name()).resolve(StreamManifests.HLS_MEDIA);
                outputs.add(new MediaProcessed.Output("hls-" + rung.name(), "hls", key, null, ContentTypes.forKey(key),
                        cachePolicy.cacheControl(key), Files.size(playlist), rung.width(), rung.height(),
                        rung.measuredKbps()));
            }
            parallel(writes);
            metrics.outputBytes(MediaKind.VIDEO, outputs);
            List<String> allKeys = new ArrayList<>(outputs.stream().map(MediaProcessed.Output::key).toList());
            for (Path file : files) {
                String key = streamPrefix + packaged.streamRoot().relativize(file).toString().replace('\\', '/');
                if (!allKeys.contains(key)) {
                    allKeys.add(key);
                }
            }
            long durationMillis = Math.round(probe.durationSeconds() * 1000);
            return record(upload, MediaKind.VIDEO, version, sha256, outputs, durationMillis, previous, causedBy,
                    allKeys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            metrics.progress(0);
            deleteQuietly(work);
        }
    }

    /** A manifest of the whole stream (HLS master or DASH MPD), sized like the source. */
    private MediaProcessed.Output streamOutput(String role, String format, String key, Path file, VideoProbe probe,
            int kbps) throws IOException {
        return new MediaProcessed.Output(role, format, key, null, ContentTypes.forKey(key), cachePolicy.cacheControl(key),
                Files.size(file), probe.displayed().width(), probe.displayed().height(), kbps);
    }

    private MediaManifest record(MediaUpload upload, MediaKind kind, String version, String sha256,
            List<MediaProcessed.Output> outputs, Long durationMillis, Optional<MediaManifest> previous,
            List<String> causedBy) {
        return record(upload, kind, version, sha256, outputs, durationMillis, previous, causedBy,
                outputs.stream().map(MediaProcessed.Output::key).toList());
    }

    /**
     * Saves the new manifest with the keys to purge, then purges. {@code allKeys} includes objects
     * that are not announced as outputs (init and media segments, the audio playlist) but must be purged on the next replacement.
     */
    private MediaManifest record(MediaUpload upload, MediaKind kind, String version, String sha256,
            List<MediaProcessed.Output> outputs, Long durationMillis, Optional<MediaManifest> previous,
            List<String> causedBy, List<String> allKeys) {
        Instant now = clock.instant();
        PurgePlan purge = previous.map(p -> PurgePlan.plan(p.objectKeys(), allKeys, maxExactPurgePaths))
                .orElse(PurgePlan.NOTHING);
        MediaManifest manifest = new MediaManifest(upload.mediaId(), upload.ownerId(), kind, version, upload.bucket(),
                upload.objectKey(), sha256, outputs, allKeys, purge.deleteKeys(), now,
                purge.isEmpty() ? previous.map(MediaManifest::replacedAt).orElse(null) : now, durationMillis);
        store.saveManifest(manifest);
        if (!purge.isEmpty()) {
            metrics.replaced(kind);
            return finishPurge(manifest, purge.deleteKeys(), causedBy);
        }
        return manifest;
    }

    /** Deletes replaced objects, then tells the edge (FilesDistributed), then forgets them in the manifest. */
    private MediaManifest finishPurge(MediaManifest manifest, List<String> keys, List<String> causedBy) {
        PurgePlan plan = PurgePlan.plan(keys, List.of(), maxExactPurgePaths);
        store.deleteOutputs(plan.deleteKeys());
        List<FilesDistributed.FileResult> results = plan.deleteKeys().size() <= Constraints.MAX_LIST
                ? plan.deleteKeys().stream().map(k -> new FilesDistributed.FileResult(k, k, FileStatus.DELETED, null, null)).toList()
                : List.of();
        Optional<String> distribution = cdn.distributionId();
        FilesDistributed distributed = new FilesDistributed(distribution.orElse(null), distributionBucket, "media", null,
                plan.viewerPaths(), List.of(), results, plan.deleteKeys().size(), 0, plan.deleteKeys().size(),
                distribution.isEmpty(), distribution.isEmpty() ? "no CloudFront distribution configured for media" : null,
                clock.instant(), causedBy);
        events.publish(distributed);
        LOG.infof("media %s: %d replaced objects deleted, purge of %s announced", manifest.mediaId(),
                plan.deleteKeys().size(), plan.viewerPaths());
        MediaManifest done = manifest.withPendingPurge(List.of());
        store.saveManifest(done);
        return done;
    }

    private List<MediaProcessed.Output> withUrls(List<MediaProcessed.Output> outputs) {
        return outputs.stream().map(o -> new MediaProcessed.Output(o.role(), o.format(), o.key(), cdn.url(o.key()),
                o.contentType(), o.cacheControl(), o.sizeBytes(), o.width(), o.height(), o.bitrateKbps())).toList();
    }

    public MediaProcessed.Cdn cdnInfo() {
        return new MediaProcessed.Cdn(cdn.distributionId().orElse(null), cdn.host(), cdn.baseUrl(), cdn.signedUrlsRequired());
    }

    /** Writes run concurrently (S3 latency, not CPU, bounds them), at most 8 at a time, on virtual threads. */
    private static void parallel(List<Runnable> writes) {
        Semaphore permits = new Semaphore(8);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable write : writes) {
                futures.add(executor.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        write.run();
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing outputs", e);
        }
    }

    private static String extension(MediaUpload upload) {
        String key = upload.objectKey();
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot > slash && key.length() - dot <= 6) {
            return key.substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        return switch (upload.contentType().toLowerCase(Locale.ROOT)) {
            case "video/quicktime" -> "mov";
            case "video/webm" -> "webm";
            case "video/x-matroska" -> "mkv";
            default -> "mp4";
        };
    }

    static String sha256(ByteBuffer bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not clean %s: %s", dir, e.getMessage());
        }
    }

    /** Micrometer meters, low-cardinality tags only (kind, outcome, reason). */
    static final class Metrics {
        private final MeterRegistry registry;
        private final String app;
        private final AtomicLong progressPermille = new AtomicLong();

        Metrics(MeterRegistry registry, String app) {
            this.registry = registry;
            this.app = app;
            registry.gauge(name("transcode.progress.ratio"), progressPermille, p -> p.get() / 1000.0);
            // Every series exists from start-up at zero: a rate() or an alert on a series that appears only with
            // its first event sees nothing until then (and "no failures yet" is not "no data").
            for (MediaKind kind : MediaKind.values()) {
                processedCounter(kind, "processed", "none");
                for (FailureReason reason : FailureReason.values()) {
                    processedCounter(kind, "failed", reason.code());
                }
                duration(kind);
                replacedCounter(kind);
                outputBytesCounter(kind);
            }
            transcodedCounters();
        }

        private Counter processedCounter(MediaKind kind, String outcome, String reason) {
            return Counter.builder(name("items.processed")).tag("kind", kind.json()).tag("outcome", outcome)
                    .tag("reason", reason).register(registry);
        }

        private Timer duration(MediaKind kind) {
            return Timer.builder(name("processing.duration")).tag("kind", kind.json()).register(registry);
        }

        private Counter replacedCounter(MediaKind kind) {
            return Counter.builder(name("items.replaced")).tag("kind", kind.json()).register(registry);
        }

        private Counter outputBytesCounter(MediaKind kind) {
            return Counter.builder(name("output.bytes")).baseUnit("bytes").tag("kind", kind.json()).register(registry);
        }

        private Counter[] transcodedCounters() {
            return new Counter[] {Counter.builder(name("transcoded.media.seconds")).register(registry),
                Counter.builder(name("transcode.wall.seconds")).register(registry)};
        }

        private String name(String noun) {
            return io.edgeplane.platform.messaging.MetricNames.of(app, noun);
        }

        void processed(MediaKind kind, long nanos) {
            processedCounter(kind, "processed", "none").increment();
            duration(kind).record(java.time.Duration.ofNanos(nanos));
        }

        void failed(MediaKind kind, FailureReason reason, long nanos) {
            processedCounter(kind, "failed", reason.code()).increment();
            duration(kind).record(java.time.Duration.ofNanos(nanos));
        }

        void replaced(MediaKind kind) {
            replacedCounter(kind).increment();
        }

        void outputBytes(MediaKind kind, List<MediaProcessed.Output> outputs) {
            outputBytesCounter(kind).increment(outputs.stream().mapToLong(o -> o.sizeBytes() == null ? 0 : o.sizeBytes()).sum());
        }

        void transcoded(double mediaSeconds, double wallSeconds) {
            Counter[] counters = transcodedCounters();
            counters[0].increment(mediaSeconds);
            counters[1].increment(wallSeconds);
        }

        void progress(double fraction) {
            progressPermille.set(Math.round(fraction * 1000));
        }
    }
}
