package io.edgeplane.e2e;

import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Looks at effects where they are durable: objects in S3, invalidations billed by the simulated CloudFront. */
final class Effects {
    private Effects() {
    }

    static Optional<HeadObjectResponse> head(S3Client s3, String bucket, String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Changed viewer paths that no created invalidation covers (exact item, or a wildcard prefix). */
    static List<String> uncovered(SimulatedCloudFront cloudFront, String distributionId, Collection<String> paths) {
        List<String> items = new ArrayList<>();
        cloudFront.created(distributionId).forEach(c -> items.addAll(c.items()));
        List<String> missing = new ArrayList<>();
        for (String path : paths) {
            boolean covered = items.stream().anyMatch(item -> item.equals(path)
                    || item.endsWith("*") && path.startsWith(item.substring(0, item.length() - 1)));
            if (!covered) {
                missing.add(path);
            }
        }
        return missing;
    }

    /** CallerReferences the simulated CloudFront created more than one invalidation for (it must be none). */
    static Map<String, Long> billedTwice(SimulatedCloudFront cloudFront) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        cloudFront.created().forEach(c -> counts.merge(c.callerReference(), 1L, Long::sum));
        counts.values().removeIf(n -> n < 2);
        return counts;
    }

    /** The same set of items billed in two invalidations (a replayed batch under a new reference). */
    static List<List<String>> sameBatchBilledTwice(SimulatedCloudFront cloudFront) {
        Map<List<String>, Long> counts = new java.util.HashMap<>();
        cloudFront.created().forEach(c -> counts.merge(c.items().stream().sorted().toList(), 1L, Long::sum));
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }
}
