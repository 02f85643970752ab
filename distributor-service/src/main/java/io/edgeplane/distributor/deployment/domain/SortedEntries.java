package io.edgeplane.distributor.deployment.domain;

import java.util.Iterator;
import java.util.List;

/**
 * Entries in {@link KeyOrder} that can be read more than once, without the reader holding them: a
 * build listing or a manifest spooled to a local file, read once per pass of a sync.
 */
public interface SortedEntries<T> extends AutoCloseable {
    long size();

    /** A fresh pass from the first entry; close it when done. */
    Cursor<T> open();

    @Override
    void close();

    interface Cursor<T> extends Iterator<T>, AutoCloseable {
        @Override
        void close();
    }

    /** Entries already in memory (tests, empty sides); sorted here. */
    static <T> SortedEntries<T> of(List<T> entries, java.util.function.Function<T, String> key) {
        List<T> sorted = entries.stream().sorted(java.util.Comparator.comparing(key, KeyOrder.UTF8)).toList();
        return new SortedEntries<>() {
            @Override
            public long size() {
                return sorted.size();
            }

            @Override
            public Cursor<T> open() {
                Iterator<T> it = sorted.iterator();
                return new Cursor<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public T next() {
                        return it.next();
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
