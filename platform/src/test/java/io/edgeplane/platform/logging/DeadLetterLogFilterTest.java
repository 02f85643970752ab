package io.edgeplane.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.InvalidEventException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class DeadLetterLogFilterTest {
    private final DeadLetterLogFilter filter = new DeadLetterLogFilter();

    private static LogRecord record(Level level, String logger, Throwable thrown) {
        LogRecord r = new LogRecord(level, "SRMSG00200: The method consume has thrown an exception");
        r.setLoggerName(logger);
        r.setThrown(thrown);
        return r;
    }

    @Test
    void theRuntimesErrorForARefusedEventIsDropped() {
        var refused = new InvalidEventException("source", "source-not-allowed", "not allowed");
        assertThat(filter.isLoggable(record(Level.SEVERE, "io.smallrye.reactive.messaging.provider", refused))).isFalse();
        assertThat(filter.isLoggable(record(Level.SEVERE, "io.smallrye.reactive.messaging.provider",
                new RuntimeException("wrapped", refused)))).isFalse();
    }

    @Test
    void everyOtherErrorIsKept() {
        assertThat(filter.isLoggable(record(Level.SEVERE, "io.smallrye.reactive.messaging.provider",
                new IllegalStateException("S3 down")))).isTrue();
        assertThat(filter.isLoggable(record(Level.SEVERE, "io.edgeplane.dns.Service",
                new InvalidEventException("a", "b", "c")))).isTrue();
        assertThat(filter.isLoggable(record(Level.WARNING, "io.edgeplane.platform.messaging.EventDecoder", null)))
                .isTrue();
    }
}
