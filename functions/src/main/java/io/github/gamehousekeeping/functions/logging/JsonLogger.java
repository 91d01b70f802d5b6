package io.github.gamehousekeeping.functions.logging;

import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * A logger that writes one JSON line per call: the fields of {@link JsonLogLine}, the MDC (correlation fields) and the
 * key-value pairs of SLF4J's fluent API ({@code log.atInfo().addKeyValue("outcome", "written").log("item written")}).
 */
final class JsonLogger extends AbstractLogger implements LoggingEventAware {
    @Serial
    private static final long serialVersionUID = 1L;

    JsonLogger(String name) {
        this.name = name;
    }

    private boolean enabled(Level level) {
        return LogLevels.enabled(name, level);
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, pattern, arguments, throwable, List.of());
    }

    /** The fluent API's path: carries the key-value pairs. */
    @Override
    public void log(LoggingEvent event) {
        if (enabled(event.getLevel())) {
            List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
            write(event.getLevel(), event.getMessage(),
                    event.getArgumentArray(), event.getThrowable(), pairs);
        }
    }

    private void write(Level level, String pattern, Object[] arguments, Throwable throwable, List<KeyValuePair> pairs) {
        String message = arguments == null || arguments.length == 0 ? pattern
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        Map<String, String> context = MDC.getCopyOfContextMap();
        JsonLogSink.write(JsonLogLine.render(level, name, message, context, pairs, throwable));
    }
}
