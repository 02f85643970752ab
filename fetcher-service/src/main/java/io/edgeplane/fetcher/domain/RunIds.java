package io.edgeplane.fetcher.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids sort by start time and stay unique within a second: {@code 20261122T020000Z-3f9a1c}. */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public static String next(Instant at) {
        return FORMAT.format(at) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    private RunIds() {
    }
}
