package io.edgeplane.bench.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjectsV2 as S3 defines it, checked page by page against the keys that were written. */
final class Listings {
    /** The slowest single page of the listings since the last {@link #resetSlowest()} (a page must stay cheap). */
    private static volatile long slowestPageNanos;

    private Listings() {
    }

    static double slowestPageMillis() {
        return slowestPageNanos / 1e6;
    }

    static void resetSlowest() {
        slowestPageNanos = 0;
    }

    private static ListObjectsV2Response timed(java.util.function.Supplier<ListObjectsV2Response> call) {
        long t0 = System.nanoTime();
        ListObjectsV2Response page = call.get();
        slowestPageNanos = Math.max(slowestPageNanos, System.nanoTime() - t0);
        return page;
    }

    /** S3 lists in UTF-8 binary order. */
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Lists everything under prefix with continuation tokens, pageSize keys a page; fails naming the first
     * difference from expected (which must be sorted by {@link #compareUtf8}). Returns the number of pages.
     */
    static int verifyFlat(S3Client s3, String bucket, String prefix, int pageSize, SortedSet<String> expected) {
        List<String> listed = new ArrayList<>(expected.size());
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = timed(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(pageSize)
                    .continuationToken(t)));
            pages++;
            if (page.contents().size() > pageSize) {
                throw new AssertionError("page %d has %d keys, maxKeys %d".formatted(pages, page.contents().size(), pageSize));
            }
            if (page.isTruncated() && page.nextContinuationToken() == null) {
                throw new AssertionError("page %d is truncated without a NextContinuationToken".formatted(pages));
            }
            page.contents().stream().map(S3Object::key).forEach(listed::add);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        compare("flat listing of " + prefix, new ArrayList<>(expected), listed);
        return pages;
    }

    /** One level under prefix with delimiter "/", pageSize entries (keys + common prefixes) a page. */
    static int verifyDelimited(S3Client s3, String bucket, String prefix, int pageSize, List<String> expectedPrefixes,
            List<String> expectedKeys) {
        List<String> prefixes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = timed(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter("/")
                    .maxKeys(pageSize).continuationToken(t)));
            pages++;
            int entries = page.contents().size() + page.commonPrefixes().size();
            if (entries > pageSize) {
                throw new AssertionError("delimited page %d has %d entries, maxKeys %d".formatted(pages, entries, pageSize));
            }
            page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(prefixes::add);
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        compare("common prefixes under " + prefix, expectedPrefixes, prefixes);
        compare("keys directly under " + prefix, expectedKeys, keys);
        return pages;
    }

    private static void compare(String what, List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError("%s: entry %d is '%s', expected '%s' (%d listed, %d expected)".formatted(what, i,
                        actual.get(i), expected.get(i), actual.size(), expected.size()));
            }
        }
        if (expected.size() != actual.size()) {
            throw new AssertionError("%s: %d listed, %d expected".formatted(what, actual.size(), expected.size()));
        }
    }
}
