package io.github.gamehousekeeping.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The outcome of one invocation.
 *
 * @param payload   the serialized return value (JSON text) when {@link #succeeded()}
 * @param error     Lambda's error document ({@code errorMessage}, {@code errorType}, {@code stackTrace}) otherwise
 * @param logs      what the function printed or logged during the invocation (and its init, for a cold start)
 * @param coldStart whether a new execution environment was started for it
 * @param initMs    the handler's init time for a cold start (JVM start excluded), else 0
 */
public record InvokeResult(String functionName, String requestId, String payload, JsonNode error, List<String> logs,
                           double durationMs, boolean coldStart, double initMs) {
    public boolean succeeded() {
        return error == null;
    }

    /** The error type ({@code errorType}: a Java exception's class name, or a runtime error such as {@code Sandbox.Timedout}). */
    public String errorType() {
        return error == null ? null : error.path("errorType").asText();
    }

    public String errorMessage() {
        return error == null ? null : error.path("errorMessage").asText();
    }
}
