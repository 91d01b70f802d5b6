package io.github.gamehousekeeping.functions.logging;

import com.google.gson.stream.JsonWriter;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One log line as JSON, in this field order: {@code timestamp} (RFC 3339, UTC), {@code level}, {@code message},
 * {@code logger}, then the correlation fields of the MDC (see {@link StepLog}), then the call's key-value pairs, then
 * {@code error}/{@code errorMessage} for a throwable (no stack trace: the error document Step Functions records has it).
 * {@code level} is the log level, as Lambda's log-level filtering expects; the game level is {@code gameLevel}. MDC
 * values that are booleans or integers by nature ({@link #BOOLEAN_FIELDS}, {@link #NUMBER_FIELDS}) are written as
 * such, so that Logs Insights can filter {@code coldStart = 1} or sort by {@code gameLevel}.
 */
public final class JsonLogLine {
    static final Set<String> BOOLEAN_FIELDS = Set.of(StepLog.COLD_START, StepLog.GAME_COMPLETED);
    static final Set<String> NUMBER_FIELDS = Set.of(StepLog.GAME_LEVEL);
    /** Longest string value written; longer ones are cut (an invalid event may hold anything). */
    static final int MAX_VALUE_LENGTH = 2048;

    private JsonLogLine() {
    }

    static String render(Level level, String logger, String message, Map<String, String> context,
                         List<KeyValuePair> pairs, Throwable throwable) {
        StringWriter text = new StringWriter(256);
        try (JsonWriter json = new JsonWriter(text)) {
            json.setHtmlSafe(false);
            json.beginObject();
            json.name("timestamp").value(Instant.now().toString());
            json.name("level").value(level.name());
            json.name("message").value(cut(message));
            json.name("logger").value(logger);
            if (context != null && !context.isEmpty()) {
                for (String key : StepLog.FIELD_ORDER) {
                    if (context.containsKey(key)) {
                        json.name(key);
                        typed(json, key, context.get(key));
                    }
                }
                for (Map.Entry<String, String> e : context.entrySet()) {
                    if (!StepLog.FIELD_ORDER.contains(e.getKey())) {
                        json.name(e.getKey());
                        typed(json, e.getKey(), e.getValue());
                    }
                }
            }
            for (KeyValuePair pair : pairs) {
                json.name(pair.key);
                value(json, pair.value);
            }
            if (throwable != null) {
                json.name("error").value(throwable.getClass().getName());
                json.name("errorMessage").value(cut(String.valueOf(throwable.getMessage())));
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void typed(JsonWriter json, String key, String value) throws IOException {
        if (value == null) {
            json.nullValue();
        } else if (BOOLEAN_FIELDS.contains(key) && (value.equals("true") || value.equals("false"))) {
            json.value(Boolean.parseBoolean(value));
        } else if (NUMBER_FIELDS.contains(key) && value.matches("-?\\d{1,18}")) {
            json.value(Long.parseLong(value));
        } else {
            json.value(cut(value));
        }
    }

    private static void value(JsonWriter json, Object value) throws IOException {
        if (value == null) {
            json.nullValue();
        } else if (value instanceof Boolean b) {
            json.value(b);
        } else if (value instanceof Number n) {
            json.value(n);
        } else if (value instanceof Iterable<?> list) {
            json.beginArray();
            for (Object item : list) {
                value(json, item);
            }
            json.endArray();
        } else {
            json.value(cut(value.toString()));
        }
    }

    private static String cut(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_VALUE_LENGTH ? s : s.substring(0, MAX_VALUE_LENGTH) + "...(" + s.length() + " chars)";
    }
}
