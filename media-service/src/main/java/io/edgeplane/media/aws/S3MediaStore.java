package io.edgeplane.media.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.edgeplane.events.EventJson;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.MediaManifest;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.MediaStore;
import io.edgeplane.media.domain.SourceBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The media store on S3: uploads are read from the upload bucket, outputs written to the
 * distribution bucket with Content-Type and Cache-Control, one manifest object per media item kept
 * in a private bucket (it names the owner, so it is not served by the CDN).
 */
public final class S3MediaStore implements MediaStore {
    private final S3Client s3;
    private final String distributionBucket;
    private final String manifestBucket;
    private final String manifestPrefix;

    public S3MediaStore(S3Client s3, String distributionBucket, String manifestBucket, String manifestPrefix) {
        this.s3 = s3;
        this.distributionBucket = distributionBucket;
        this.manifestBucket = manifestBucket;
        this.manifestPrefix = manifestPrefix.endsWith("/") ? manifestPrefix : manifestPrefix + "/";
    }

    /**
     * Reads the object into native memory of exactly its Content-Length (one allocation, freed by {@link
     * SourceBytes#close()}), never into the Java heap: the SDK's {@code getObjectAsBytes} grows a heap buffer and copies
     * it twice, and those multi-megabyte arrays, alive across young collections while the image is rendered, are
     * promoted and grow the old generation by about 20 MB per 12 MP photo until a full collection. The size is checked
     * before the body is read.
     */
    @Override
    public SourceBytes readUpload(String bucket, String key, long maxBytes) {
        return Retrying.call("read s3://" + bucket + "/" + key, () -> {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
                // S3 always sends Content-Length on GetObject; without it the size is not known before reading.
                long length = java.util.Objects.requireNonNullElse(in.response().contentLength(), Long.MAX_VALUE);
                if (length > maxBytes) {
                    throw new MediaRejectedException(FailureReason.TOO_LARGE, "upload of " + (length == Long.MAX_VALUE
                            ? "unknown size" : length + " bytes") + " is over the limit of " + maxBytes);
                }
                BytePointer memory = new BytePointer(Math.max(1, length));
                try {
                    ByteBuffer target = memory.limit(length).asByteBuffer();
                    ReadableByteChannel channel = Channels.newChannel(in);
                    while (target.hasRemaining()) {
                        if (channel.read(target) < 0) {
                            throw new IOException("s3://" + bucket + "/" + key + " ended after " + target.position()
                                    + " of its " + length + " bytes");
                        }
                    }
                    return new SourceBytes(target.flip(), memory::close);
                } catch (IOException | RuntimeException e) {
                    memory.close();
                    throw e;
                }
            } catch (NoSuchKeyException e) {
                throw missing(bucket, key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
            }
        });
    }

    @Override
    public String downloadUpload(String bucket, String key, Path target) {
        return Retrying.call("download s3://" + bucket + "/" + key, () -> {
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key));
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256())) {
                in.transferTo(out);
                out.flush();
                return HexFormat.of().formatHex(((DigestOutputStream) out).getMessageDigest().digest());
            } catch (NoSuchKeyException e) {
                throw missing(bucket, key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot download s3://" + bucket + "/" + key, e);
            }
        });
    }

    @Override
    public void putOutput(String key, byte[] bytes, String contentType, String cacheControl) {
        Retrying.run("put " + key, () -> s3.putObject(b -> b.bucket(distributionBucket).key(key).contentType(contentType)
                .cacheControl(cacheControl), RequestBody.fromBytes(bytes)));
    }

    @Override
    public void putOutput(String key, Path file, String contentType, String cacheControl) {
        Retrying.run("put " + key, () -> s3.putObject(b -> b.bucket(distributionBucket).key(key).contentType(contentType)
                .cacheControl(cacheControl), RequestBody.fromFile(file)));
    }

    @Override
    public void copyUpload(String bucket, String key, String targetKey, String contentType, String cacheControl) {
        // REPLACE sets every header anew: the upload's own Content-Type/metadata must not leak through.
        Retrying.run("copy " + key + " to " + targetKey, () -> {
            try {
                s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(distributionBucket)
                        .destinationKey(targetKey).metadataDirective(MetadataDirective.REPLACE).contentType(contentType)
                        .cacheControl(cacheControl));
            } catch (NoSuchKeyException e) {
                throw missing(bucket, key);
            }
        });
    }

    @Override
    public void deleteOutputs(List<String> keys) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (String key : keys.subList(i, Math.min(keys.size(), i + 1000))) {
                batch.add(ObjectIdentifier.builder().key(key).build());
            }
            Retrying.run("delete " + batch.size() + " objects", () -> {
                var response = s3.deleteObjects(b -> b.bucket(distributionBucket).delete(Delete.builder().objects(batch).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    var first = response.errors().getFirst();
                    throw S3Exception.builder().statusCode(500).message("delete of " + first.key() + " failed: "
                            + first.code() + " " + first.message()).build();
                }
            });
        }
    }

    @Override
    public Optional<MediaManifest> manifest(String mediaId) {
        return Retrying.call("read manifest of " + mediaId, () -> {
            try {
                byte[] json = s3.getObjectAsBytes(b -> b.bucket(manifestBucket).key(manifestKey(mediaId))).asByteArray();
                return Optional.of(EventJson.mapper().readValue(json, MediaManifest.class));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("manifest of " + mediaId + " is not readable", e);
            }
        });
    }

    @Override
    public void saveManifest(MediaManifest manifest) {
        byte[] json = json(manifest);
        Retrying.run("save manifest of " + manifest.mediaId(), () -> s3.putObject(b -> b.bucket(manifestBucket)
                .key(manifestKey(manifest.mediaId())).contentType("application/json").cacheControl("no-store"),
                RequestBody.fromBytes(json)));
    }

    @Override
    public Optional<MediaManifest> claim(MediaManifest claim) {
        byte[] json = json(claim);
        while (true) {
            boolean written = Retrying.call("claim media id " + claim.mediaId(), () -> {
                try {
                    // If-None-Match: * makes S3 refuse the write (412) when any manifest exists.
                    s3.putObject(b -> b.bucket(manifestBucket).key(manifestKey(claim.mediaId()))
                            .contentType("application/json").cacheControl("no-store").ifNoneMatch("*"),
                            RequestBody.fromBytes(json));
                    return true;
                } catch (S3Exception e) {
                    if (e.statusCode() == 412) {
                        return false;
                    }
                    if (e.statusCode() == 409) {
                        // ConditionalRequestConflict: a concurrent write to the same key is in flight; its
                        // outcome decides, so try again (the retry then sees 412 or succeeds).
                        throw S3Exception.builder().statusCode(503).message("conditional write conflict on manifest of "
                                + claim.mediaId()).cause(e).build();
                    }
                    throw e;
                }
            });
            if (written) {
                return Optional.empty();
            }
            Optional<MediaManifest> existing = manifest(claim.mediaId());
            if (existing.isPresent()) {
                return existing;
            }
            // Deleted between our write and our read: claim again.
        }
    }

    private static byte[] json(MediaManifest manifest) {
        try {
            return EventJson.mapper().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String manifestKey(String mediaId) {
        return manifestPrefix + mediaId + ".json";
    }

    private static MediaRejectedException missing(String bucket, String key) {
        return new MediaRejectedException(FailureReason.SOURCE_MISSING, "s3://" + bucket + "/" + key + " does not exist");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
