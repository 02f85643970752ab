package io.edgeplane.platform.logging;

import io.edgeplane.events.InvalidEventException;
import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One WARN line per dead letter. {@code EventDecoder} already logs a refused record with topic, offset,
 * key and reason; the messaging runtime would add an ERROR with a stack trace for the same record
 * ("the method … has thrown an exception"), which pages people for bad input that lost nothing. This
 * filter drops exactly those: records of the messaging runtime whose cause is an
 * {@link InvalidEventException}. Every other error is kept.
 */
@LoggingFilter(name = DeadLetterLogFilter.NAME)
public final class DeadLetterLogFilter implements Filter {
    public static final String NAME = "edgeplane-dead-letters";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue() || record.getLoggerName() == null
                || !record.getLoggerName().startsWith("io.smallrye.reactive.messaging")) {
            return true;
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidEventException) {
                return false;
            }
        }
        return true;
    }
}
