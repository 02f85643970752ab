package io.edgeplane.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The layer against S3Proxy's own filesystem store on the same files: same pages, and a count that follows writes. */
class ListingBlobStoreTest {
    @TempDir
    Path root;

    @Test
    void pagesCarryTheSameKeysEtagsAndSizesAsS3ProxysOwnListing() {
        BlobStore s3proxy = new FilesystemNio2BlobStore(root.toString());
        ObjectCount count = new ObjectCount(root, root.resolveSibling(root.getFileName() + "-objects"));
        ListingBlobStore layer = new ListingBlobStore(s3proxy, root, count);
        layer.createContainer("b");
        for (String key : List.of("site/index.html", "site/a-b.css", "site/a/x.js", "site/a/y/z.txt", "readme", "é l/ü")) {
            put(layer, key, "body of " + key);
        }
        for (String delimiter : new String[] {null, "/"}) {
            for (String prefix : new String[] {null, "site/", "site/a", "é"}) {
                ListObjectsV2Request request = ListObjectsV2Request.builder().bucket("b").prefix(prefix).delimiter(delimiter)
                        .maxKeys(1000).build();
                ListObjectsV2Response ours = layer.list(request);
                ListObjectsV2Response theirs = s3proxy.list(request);
                assertThat(ours.contents()).as("prefix %s delimiter %s", prefix, delimiter)
                        .extracting(S3Object::key, S3Object::eTag, S3Object::size)
                        .containsExactlyElementsOf(theirs.contents().stream().map(o -> org.assertj.core.groups.Tuple.tuple(
                                o.key(), o.eTag(), o.size())).toList());
                assertThat(ours.commonPrefixes()).extracting(CommonPrefix::prefix)
                        .containsExactlyElementsOf(theirs.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
            }
        }
        ListObjectsV2Response first = layer.list(ListObjectsV2Request.builder().bucket("b").maxKeys(2).build());
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.contents()).extracting(S3Object::key).containsExactly("readme", "site/a-b.css");
        ListObjectsV2Response second = layer.list(ListObjectsV2Request.builder().bucket("b").maxKeys(2)
                .continuationToken(first.nextContinuationToken()).build());
        assertThat(second.contents()).extracting(S3Object::key).containsExactly("site/a/x.js", "site/a/y/z.txt");
    }

    @Test
    void countFollowsPutsOverwritesCopiesAndDeletesAndAgreesWithARecount() {
        BlobStore s3proxy = new FilesystemNio2BlobStore(root.toString());
        ObjectCount count = new ObjectCount(root, root.resolveSibling(root.getFileName() + "-objects"));
        ListingBlobStore layer = new ListingBlobStore(s3proxy, root, count);
        layer.createContainer("b");
        put(layer, "a/1", "12345");
        put(layer, "a/2", "123");
        put(layer, "a/1", "1"); // overwrite: same count, fewer bytes
        layer.copyBlob(CopyObjectRequest.builder().sourceBucket("b").sourceKey("a/2").destinationBucket("b")
                .destinationKey("c/2").build());
        layer.removeBlob(DeleteObjectRequest.builder().bucket("b").key("a/2").build());
        layer.removeBlob(DeleteObjectRequest.builder().bucket("b").key("never-written").build());
        assertThat(count.objects()).isEqualTo(2);
        assertThat(count.bytes()).isEqualTo(1 + 3);
        count.recount();
        assertThat(count.objects()).isEqualTo(2);
        assertThat(count.bytes()).isEqualTo(4);
    }

    private static void put(BlobStore store, String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        store.putBlob(PutObjectRequest.builder().bucket("b").key(key).contentLength((long) bytes.length).build(),
                new ByteArrayInputStream(bytes));
    }
}
