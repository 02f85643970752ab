package io.edgeplane.distributor.domain;

import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.CacheRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, per announced file, its key in the distribution bucket, the headers it is served with and
 * whether it needs copying at all. A pure function: same inputs, same plan.
 *
 * <ul>
 * <li>Target key: {@code <prefix><name below the announced prefix>}, e.g. {@code data/regions.json}.</li>
 * <li>Cache-Control: the first matching rule of the cache policy (JSON data: {@code public, max-age=300}).</li>
 * <li>Content-Type: as announced by the producer (it wrote the file), else by extension.</li>
 * <li>Metadata: {@code distributed-at}, {@code source-bucket}, {@code source-key}, {@code content-sha256}.</li>
 * <li>Unchanged: the manifest records the same checksum, headers and source for the key, and - when a
 * listing of the distribution bucket is at hand - the object is still there with the ETag the copy got.
 * {@code distributed-at} is not compared: it changes on every copy by definition.</li>
 * <li>Objects above the single-copy limit get UploadPartCopy ranges.</li>
 * </ul>
 */
public final class CopyPlanner {
    public static final String META_DISTRIBUTED_AT = "distributed-at";
    public static final String META_SOURCE_BUCKET = "source-bucket";
    public static final String META_SOURCE_KEY = "source-key";
    public static final String META_SHA256 = "content-sha256";

    private final CachePolicy cachePolicy;
    private final long multipartThreshold;
    private final PartPlanner parts;

    /**
     * @param multipartThreshold objects larger than this are copied in parts (at most
     *                           {@link PartPlanner#SINGLE_COPY_LIMIT}, S3's CopyObject limit)
     */
    public CopyPlanner(CachePolicy cachePolicy, long multipartThreshold, PartPlanner parts) {
        if (multipartThreshold < 0 || multipartThreshold > PartPlanner.SINGLE_COPY_LIMIT) {
            throw new IllegalArgumentException("multipart threshold must be within 0..5 GiB, was " + multipartThreshold);
        }
        this.cachePolicy = cachePolicy;
        this.multipartThreshold = multipartThreshold;
        this.parts = parts;
    }

    public CopyPlanner(CachePolicy cachePolicy) {
        this(cachePolicy, PartPlanner.SINGLE_COPY_LIMIT, new PartPlanner(512 * PartPlanner.MIB));
    }

    /**
     * @param listing target key to ETag of what the distribution bucket holds under the prefix, when known;
     *                absent when it could not be listed (then the manifest alone decides)
     */
    public CopyPlan plan(DistributionTarget target, List<SourceFile> files, DistributionManifest manifest,
            Optional<Map<String, String>> listing, Instant now) {
        DistributionManifest current = manifest.forBucket(target.bucket());
        List<PlannedCopy> copies = new ArrayList<>();
        List<PlannedCopy> unchanged = new ArrayList<>();
        for (SourceFile file : files.stream().sorted(Comparator.comparing(SourceFile::key)).toList()) {
            PlannedCopy copy = copyOf(target, file, now);
            ManifestEntry entry = current.entries().get(copy.targetKey());
            boolean inPlace = entry != null && entry.matches(copy)
                    && listing.map(l -> sameEtag(l.get(copy.targetKey()), entry.etag())).orElse(true);
            (inPlace ? unchanged : copies).add(copy);
        }
        return new CopyPlan(target, copies, unchanged);
    }

    PlannedCopy copyOf(DistributionTarget target, SourceFile file, Instant now) {
        String targetKey = target.targetKey(file.relativeName());
        CacheRule rule = cachePolicy.ruleFor(targetKey);
        String contentType = file.contentType() != null && !file.contentType().isBlank() ? file.contentType()
                : io.edgeplane.platform.cache.ContentTypes.forKey(targetKey);
        Map<String, String> metadata = Map.of(
                META_DISTRIBUTED_AT, now.toString(),
                META_SOURCE_BUCKET, file.bucket(),
                META_SOURCE_KEY, file.key(),
                META_SHA256, file.sha256());
        List<ByteRange> ranges = file.size() > multipartThreshold ? parts.parts(file.size()) : List.of();
        return new PlannedCopy(file, target.bucket(), targetKey, contentType, rule.cacheControl(), rule.name(), metadata,
                ranges);
    }

    static boolean sameEtag(String listed, String recorded) {
        return listed != null && recorded != null && strip(listed).equals(strip(recorded));
    }

    private static String strip(String etag) {
        return etag.replace("\"", "");
    }
}
