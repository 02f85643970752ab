package io.edgeplane.e2e;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/** When requests reached a stand-in AWS endpoint, to check an account's rate over any window afterwards. */
final class Arrivals {
    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

    void record() {
        nanos.add(System.nanoTime());
    }

    long count() {
        return nanos.size();
    }

    /** The most requests that arrived within any window of this length (a sliding window over every arrival). */
    long maxIn(Duration window) {
        long[] times = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long max = 0;
        int from = 0;
        for (int to = 0; to < times.length; to++) {
            while (times[to] - times[from] >= window.toNanos()) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }
}
