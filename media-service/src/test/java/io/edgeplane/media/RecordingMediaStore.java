package io.edgeplane.media;

import io.edgeplane.media.config.MediaBeans;
import io.edgeplane.media.config.MediaConfig;
import io.edgeplane.media.domain.MediaManifest;
import io.edgeplane.media.domain.MediaStore;
import io.edgeplane.media.domain.SourceBytes;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real S3 store, with every upload it reads noted down: lets the isolation tests assert that a
 * refused upload was never read, which the S3 endpoint itself cannot tell. Everything goes to S3.
 */
public final class RecordingMediaStore implements MediaStore {
    /** {@code bucket/key} of every upload read, downloaded or copied, in order. */
    public static final List<String> SOURCES_READ = new CopyOnWriteArrayList<>();

    private final MediaStore real;

    RecordingMediaStore(MediaStore real) {
        this.real = real;
    }

    /** Replaces the service's store in every @QuarkusTest of this module. */
    @ApplicationScoped
    public static class Producer {
        @Produces
        @Singleton
        @Alternative
        @Priority(1)
        MediaStore recording(S3Client s3, MediaConfig config) {
            return new RecordingMediaStore(MediaBeans.s3MediaStore(s3, config));
        }
    }

    @Override
    public SourceBytes readUpload(String bucket, String key, long maxBytes) {
        SOURCES_READ.add(bucket + "/" + key);
        return real.readUpload(bucket, key, maxBytes);
    }

    @Override
    public String downloadUpload(String bucket, String key, Path target) {
        SOURCES_READ.add(bucket + "/" + key);
        return real.downloadUpload(bucket, key, target);
    }

    @Override
    public void putOutput(String key, byte[] bytes, String contentType, String cacheControl) {
        real.putOutput(key, bytes, contentType, cacheControl);
    }

    @Override
    public void putOutput(String key, Path file, String contentType, String cacheControl) {
        real.putOutput(key, file, contentType, cacheControl);
    }

    @Override
    public void copyUpload(String bucket, String key, String targetKey, String contentType, String cacheControl) {
        SOURCES_READ.add(bucket + "/" + key);
        real.copyUpload(bucket, key, targetKey, contentType, cacheControl);
    }

    @Override
    public void deleteOutputs(List<String> keys) {
        real.deleteOutputs(keys);
    }

    @Override
    public Optional<MediaManifest> manifest(String mediaId) {
        return real.manifest(mediaId);
    }

    @Override
    public void saveManifest(MediaManifest manifest) {
        real.saveManifest(manifest);
    }

    @Override
    public Optional<MediaManifest> claim(MediaManifest claim) {
        return real.claim(claim);
    }
}
