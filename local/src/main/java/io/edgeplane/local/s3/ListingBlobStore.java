package io.edgeplane.local.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.SdkResponses;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * S3Proxy's filesystem-nio2 store with two things in front: ListObjectsV2 (and V1, which S3Proxy answers through
 * it) read in key order from the directories ({@link SortedListing}), and the count of objects and bytes kept as
 * objects are written and removed ({@link ObjectCount}), so that neither walks every file under the prefix.
 * Everything else is S3Proxy's own.
 */
final class ListingBlobStore extends ForwardingBlobStore {
    // S3Proxy's xattr names (its UserDefinedFileAttributeView names, so the same bytes on disk).
    private static final String XATTR_CONTENT_MD5 = "user.content-md5";
    private static final String XATTR_STORAGE_TIER = "user.storage-tier";

    private final Path root;
    private final ObjectCount count;

    ListingBlobStore(BlobStore delegate, Path root, ObjectCount count) {
        super(delegate);
        this.root = root;
        this.count = count;
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        if (!SortedListing.handles(request.prefix(), request.delimiter())) {
            return super.list(request);
        }
        Path container = root.resolve(request.bucket());
        if (!Files.isDirectory(container)) {
            return super.list(request); // S3Proxy's NoSuchBucket
        }
        String after = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
        int maxKeys = request.maxKeys() == null ? 1000 : request.maxKeys();
        SortedListing.Page page;
        try {
            page = new SortedListing(container, ListingBlobStore::isMarker).page(request.prefix(), request.delimiter(), after,
                    maxKeys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<S3Object> objects = new ArrayList<>();
        List<CommonPrefix> prefixes = new ArrayList<>();
        for (SortedListing.Entry entry : page.entries()) {
            switch (entry.kind()) {
                case COMMON_PREFIX -> prefixes.add(SdkResponses.commonPrefix(entry.key()));
                case DIRECTORY_MARKER -> objects.add(SdkResponses.objectEntry(entry.key(), etag(entry.path()),
                        entry.attributes().lastModifiedTime().toInstant(), 0L, StorageClass.STANDARD));
                case OBJECT -> objects.add(SdkResponses.objectEntry(entry.key(), etag(entry.path()),
                        entry.attributes().lastModifiedTime().toInstant(), entry.attributes().size(),
                        storageClass(entry.path())));
            }
        }
        return SdkResponses.objectsPage(objects, prefixes, page.nextToken().orElse(null));
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        return tracked(request.bucket(), request.key(), () -> super.putBlob(request, input));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return tracked(request.destinationBucket(), request.destinationKey(), () -> super.copyBlob(request));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        return tracked(upload.containerName(), upload.blobName(), () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        return tracked(request.bucket(), request.key(), () -> super.removeBlob(request));
    }

    @Override
    public void deleteContainer(String container) {
        super.deleteContainer(container);
        count.recount();
    }

    @Override
    public void deleteBucket(String container) {
        super.deleteBucket(container);
        count.recount();
    }

    @Override
    public void clearContainer(ListObjectsV2Request request) {
        super.clearContainer(request);
        count.recount();
    }

    /** Runs a write of one key and counts what it changed on disk (a new object, a replaced or removed one). */
    private <T> T tracked(String bucket, String key, Supplier<T> write) {
        Path path = objectPath(bucket, key);
        long before = path == null ? -1 : ObjectCount.sizeOf(path);
        T result = write.get();
        if (path != null) {
            count.changed(before, ObjectCount.sizeOf(path));
        }
        return result;
    }

    /** The object's file, or null for keys that are not a plain file (directory markers, odd paths). */
    private Path objectPath(String bucket, String key) {
        if (bucket == null || key == null || key.isEmpty() || key.endsWith("/")) {
            return null;
        }
        try {
            Path path = root.resolve(bucket).resolve(key).normalize();
            return path.startsWith(root.resolve(bucket)) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean isMarker(Path directory) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(directory, UserDefinedFileAttributeView.class);
        try {
            return view != null && view.list().contains(XATTR_CONTENT_MD5);
        } catch (IOException e) {
            return false;
        }
    }

    /** As S3Proxy reads it: 16 bytes are an MD5 (hex), anything else a multipart ETag stored as text. */
    private static String etag(Path path) {
        byte[] value = xattr(path, XATTR_CONTENT_MD5);
        if (value == null) {
            return null;
        }
        return value.length == 16 ? HexFormat.of().formatHex(value) : new String(value, StandardCharsets.US_ASCII);
    }

    private static StorageClass storageClass(Path path) {
        byte[] value = xattr(path, XATTR_STORAGE_TIER);
        if (value == null) {
            return StorageClass.STANDARD;
        }
        StorageClass parsed = StorageClass.fromValue(new String(value, StandardCharsets.UTF_8));
        return parsed == StorageClass.UNKNOWN_TO_SDK_VERSION ? StorageClass.STANDARD : parsed;
    }

    private static byte[] xattr(Path path, String name) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
            view.read(name, buffer);
            return buffer.array();
        } catch (FileSystemException e) {
            return null; // no such attribute (ENODATA), or the file went away
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
