package io.edgeplane.e2e;

import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.testsupport.EventsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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

    /**
     * The same change billed twice: two invalidations with the same items whose InvalidationSubmitted name a
     * common causing event (a replayed batch under a new reference). The same path changing again in another
     * event is a new invalidation, not a double bill, so equal item sets alone are not enough. An invalidation
     * never announced cannot be attributed; it is not counted here (its CallerReference is, above).
     */
    static List<List<String>> sameChangeBilledTwice(SimulatedCloudFront cloudFront, EventsClient events) {
        Map<String, Set<String>> causes = new HashMap<>();
        events.awaitEvents(EventType.INVALIDATION_SUBMITTED, (InvalidationSubmitted s) -> true, Integer.MAX_VALUE,
                Duration.ofSeconds(5)).forEach(e -> causes.computeIfAbsent(e.data().invalidationId(), k -> new HashSet<>())
                        .addAll(e.data().causedBy()));
        Map<List<String>, List<Set<String>>> byItems = new HashMap<>();
        cloudFront.created().forEach(c -> byItems.computeIfAbsent(c.items().stream().sorted().toList(),
                k -> new ArrayList<>()).add(causes.getOrDefault(c.id(), Set.of())));
        List<List<String>> twice = new ArrayList<>();
        byItems.forEach((items, causeSets) -> {
            for (int i = 0; i < causeSets.size(); i++) {
                for (int j = i + 1; j < causeSets.size(); j++) {
                    if (!java.util.Collections.disjoint(causeSets.get(i), causeSets.get(j))) {
                        twice.add(items);
                        return;
                    }
                }
            }
        });
        return twice;
    }
}
