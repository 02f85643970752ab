package io.edgeplane.distributor.deployment;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.FilesDistributed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The FilesDistributed of one sync, sent part by part as its window fills (at most {@code maxItems} paths
 * and results, and an estimated three quarters of {@code maxBytes} of data), so a 100,000-file change is
 * never held at once. A part whose encoding still exceeds {@code maxBytes} (keys full of characters JSON
 * escapes) is halved until every half fits. Each part carries the paths and results of the same files.
 */
final class DistributedParts {
    /** JSON field names, status and punctuation of one result, generously. */
    private static final int RESULT_OVERHEAD = 96;

    private final int maxItems;
    private final int maxBytes;
    private final BiFunction<List<String>, List<FilesDistributed.FileResult>, FilesDistributed> part;
    private final Consumer<FilesDistributed> publish;
    private final List<String> paths = new ArrayList<>();
    private final List<FilesDistributed.FileResult> results = new ArrayList<>();
    private long estimated;
    private int sent;

    DistributedParts(int maxItems, int maxBytes,
            BiFunction<List<String>, List<FilesDistributed.FileResult>, FilesDistributed> part,
            Consumer<FilesDistributed> publish) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.part = part;
        this.publish = publish;
    }

    void path(String path) {
        paths.add(path);
        estimated += bytes(path) + 3;
        flushIfFull();
    }

    void result(FilesDistributed.FileResult result) {
        results.add(result);
        estimated += bytes(result.sourceKey()) + bytes(result.targetKey()) + bytes(result.error())
                + bytes(result.errorType()) + RESULT_OVERHEAD;
        flushIfFull();
    }

    /** Sends what is in the window. */
    void flush() {
        if (!paths.isEmpty() || !results.isEmpty()) {
            send(List.copyOf(paths), List.copyOf(results));
        }
        paths.clear();
        results.clear();
        estimated = 0;
    }

    /** Parts sent so far. */
    int sent() {
        return sent;
    }

    private void flushIfFull() {
        if (paths.size() >= maxItems || results.size() >= maxItems || estimated >= maxBytes * 3L / 4) {
            flush();
        }
    }

    private void send(List<String> p, List<FilesDistributed.FileResult> r) {
        FilesDistributed event = part.apply(p, r);
        if ((p.size() <= 1 && r.size() <= 1) || CloudEventCodec.encodeData(event).length <= maxBytes) {
            publish.accept(event);
            sent++;
            return;
        }
        send(p.subList(0, p.size() / 2), r.subList(0, r.size() / 2));
        send(p.subList(p.size() / 2, p.size()), r.subList(r.size() / 2, r.size()));
    }

    private static int bytes(String s) {
        return s == null ? 4 : s.getBytes(StandardCharsets.UTF_8).length + 2;
    }
}
