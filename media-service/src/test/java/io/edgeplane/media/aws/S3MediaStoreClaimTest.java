package io.edgeplane.media.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.MediaKind;
import io.edgeplane.media.domain.MediaManifest;
import io.edgeplane.testsupport.TestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** A media id is claimed by one owner only, also when owners race: create-only writes on the real S3 endpoint. */
class S3MediaStoreClaimTest {
    private static final String UPLOADS = "edgeplane-uploads";

    @Test
    void onlyTheFirstOfManyConcurrentClaimsWinsAndTheOthersSeeItsOwner() throws Exception {
        TestEnvironment.s3().createBuckets(UPLOADS, "edgeplane-distribution");
        S3Client s3 = TestEnvironment.s3().client();
        S3MediaStore store = new S3MediaStore(s3, "edgeplane-distribution", UPLOADS, "manifests/media/");
        String mediaId = "claim-" + UUID.randomUUID();
        int owners = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<MediaManifest>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(owners)) {
            for (int i = 0; i < owners; i++) {
                String owner = "owner-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return store.claim(MediaManifest.claim(mediaId, owner, MediaKind.IMAGE, UPLOADS,
                            "uploads/" + owner + "/a.jpg", Instant.now()));
                }));
            }
            start.countDown();
            List<String> winners = new ArrayList<>();
            List<String> seenOwners = new ArrayList<>();
            for (int i = 0; i < owners; i++) {
                Optional<MediaManifest> existing = results.get(i).get();
                if (existing.isEmpty()) {
                    winners.add("owner-" + i);
                } else {
                    seenOwners.add(existing.get().ownerId());
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(seenOwners).hasSize(owners - 1).containsOnly(winners.getFirst());
            MediaManifest stored = store.manifest(mediaId).orElseThrow();
            assertThat(stored.ownerId()).isEqualTo(winners.getFirst());
            assertThat(stored.processed()).isFalse();
        }
        // Once claimed, a later claim (even by the same owner) leaves the record as it is and returns it.
        assertThat(store.claim(MediaManifest.claim(mediaId, "late", MediaKind.VIDEO, UPLOADS, "uploads/late/b.mp4",
                Instant.now()))).map(MediaManifest::kind).contains(MediaKind.IMAGE);
    }
}
