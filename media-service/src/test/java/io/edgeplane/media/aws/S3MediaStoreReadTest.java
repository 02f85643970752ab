package io.edgeplane.media.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.SourceBytes;
import io.edgeplane.testsupport.TestEnvironment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An upload is read into native memory of its exact size, not into the Java heap (issue 18: heap arrays of a 12 MP
 * photo were promoted and grew the old generation by ~20 MB per image), against the real S3 endpoint.
 */
class S3MediaStoreReadTest {
    private static final String UPLOADS = "edgeplane-uploads";
    private static final int SIZE = 6 * 1024 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static S3MediaStore store;
    private static byte[] content;
    private static String key;

    @BeforeAll
    static void upload() {
        TestEnvironment.s3().createBuckets(UPLOADS, "edgeplane-distribution");
        S3Client s3 = TestEnvironment.s3().client();
        store = new S3MediaStore(s3, "edgeplane-distribution", UPLOADS, "manifests/media/");
        content = new byte[SIZE];
        new Random(7).nextBytes(content);
        key = "uploads/u-read/" + UUID.randomUUID() + ".jpg";
        s3.putObject(b -> b.bucket(UPLOADS).key(key), RequestBody.fromBytes(content));
        // The client's first request loads and allocates its own machinery: not what is measured.
        store.readUpload(UPLOADS, key, SIZE).close();
    }

    @Test
    void aLargeUploadIsReadOutsideTheHeapWithItsBytesIntact() {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try (SourceBytes source = store.readUpload(UPLOADS, key, SIZE)) {
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("heap bytes allocated to read a %d-byte upload", SIZE).isLessThan(SIZE / 4);
            ByteBuffer bytes = source.bytes();
            assertThat(bytes.isDirect()).isTrue();
            assertThat(bytes.remaining()).isEqualTo(SIZE);
            assertThat(bytes).isEqualTo(ByteBuffer.wrap(content));
            source.close();
            assertThatThrownBy(source::bytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        }
    }

    @Test
    void theMeasureSeesTheHeapRouteTheStoreNoLongerTakes() {
        // The SDK's byte route (what readUpload did before): a growing buffer and copies, all on the heap.
        long before = THREADS.getCurrentThreadAllocatedBytes();
        byte[] bytes = TestEnvironment.s3().client().getObjectAsBytes(b -> b.bucket(UPLOADS).key(key)).asByteArray();
        assertThat(bytes).hasSize(SIZE);
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isGreaterThan(2L * SIZE);
    }

    @Test
    void anUploadOverTheLimitIsRefusedFromItsLengthWithoutReadingIt() {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> store.readUpload(UPLOADS, key, SIZE - 1))
                .isInstanceOfSatisfying(MediaRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_LARGE))
                .hasMessageContaining(SIZE + " bytes is over the limit of " + (SIZE - 1));
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(SIZE / 4);
    }

    @Test
    void aMissingUploadIsSourceMissing() {
        assertThatThrownBy(() -> store.readUpload(UPLOADS, "uploads/u-read/none.jpg", SIZE))
                .isInstanceOfSatisfying(MediaRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.SOURCE_MISSING));
    }
}
