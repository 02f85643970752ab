package io.edgeplane.distributor.deployment.domain;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Merges a build listing with a served prefix's manifest, both in {@link KeyOrder} (S3's listing order),
 * into one {@link SyncStep} per path, in that order, holding one entry of each side at a time: a
 * 100,000-file build costs the same memory as a ten-file one.
 *
 * <p>A key repeated in a row (a listing page that starts again with the previous page's last key) is
 * taken once, the first time. A key that goes back in the order breaks the merge's precondition and is
 * refused (rule {@code key-order}) rather than turned into a wrong copy or delete.
 */
final class SyncMerge implements Iterator<SyncStep> {
    static final String RULE = "key-order";

    private final Side<BuildFile> build;
    private final Side<LiveFile> live;
    private final BiFunction<BuildFile, LiveFile, SyncStep> step;

    SyncMerge(Iterator<BuildFile> build, Iterator<LiveFile> live, BiFunction<BuildFile, LiveFile, SyncStep> step) {
        this.build = new Side<>("build listing", build, BuildFile::path);
        this.live = new Side<>("served manifest", live, LiveFile::path);
        this.step = step;
    }

    @Override
    public boolean hasNext() {
        return build.peek() != null || live.peek() != null;
    }

    @Override
    public SyncStep next() {
        BuildFile b = build.peek();
        LiveFile l = live.peek();
        if (b == null && l == null) {
            throw new NoSuchElementException();
        }
        int order = b == null ? 1 : l == null ? -1 : KeyOrder.compare(b.path(), l.path());
        return step.apply(order <= 0 ? build.take() : null, order >= 0 ? live.take() : null);
    }

    /** One input with one entry looked ahead; duplicates skipped, order checked. */
    private static final class Side<T> {
        private final String name;
        private final Iterator<T> entries;
        private final Function<T, String> key;
        private T next;
        private String last;

        Side(String name, Iterator<T> entries, Function<T, String> key) {
            this.name = name;
            this.entries = entries;
            this.key = key;
        }

        T peek() {
            while (next == null && entries.hasNext()) {
                T candidate = entries.next();
                String k = key.apply(candidate);
                int order = last == null ? 1 : KeyOrder.compare(k, last);
                if (order < 0) {
                    throw new IllegalArgumentException(name + ": key '" + k + "' comes after '" + last
                            + "' (rule " + RULE + ": entries must be in UTF-8 binary order, as ListObjectsV2 returns them)");
                }
                if (order > 0) {
                    next = candidate;
                    last = k;
                }
            }
            return next;
        }

        T take() {
            T taken = peek();
            next = null;
            return taken;
        }
    }
}
