package io.github.gamehousekeeping.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gamehousekeeping.local.lambda.InvokeResult;
import io.github.gamehousekeeping.local.metrics.CapturedMetric;
import io.github.gamehousekeeping.local.server.ExecutionService;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A readable timeline of one execution for {@code run --trace}: states as they are entered and left (indented per
 * Parallel branch or Map iteration), task retries with their errors, each Lambda invocation (cold or warm, init and
 * duration) with the log lines the function wrote during it, the metrics the functions published, and the outcome.
 *
 * <p>A JSON log line is shown as {@code log LEVEL message key=value ...} without the correlation fields every line of
 * the invocation shares (they are in the lines themselves, see the functions' {@code StepLog}); an embedded metric
 * format document as {@code log EMF metrics ...}; other text as it is; stack trace frames are counted, not shown.
 */
public final class TraceFormatter {
    /** A Lambda invocation made by the execution. */
    public record Invocation(Instant at, String stateName, InvokeResult result) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceFormatter() {
    }

    public static String format(ExecutionService.Execution execution, List<Invocation> invocations,
                                List<CapturedMetric> metrics) {
        Map<String, Integer> depth = depths(execution.stateMachine().definitionJson());
        Instant start = execution.startDate();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "── %s  %s%n", execution.name(), execution.arn()));
        Map<String, Deque<Instant>> entered = new HashMap<>();
        var pending = new java.util.ArrayList<>(invocations);
        Map<Long, String> stateOf = new HashMap<>(); // history event id -> the state it belongs to (previousEventId chain)
        for (io.github.gamehousekeeping.local.asl.HistoryEvent event : execution.history()) {
            String type = event.type();
            JsonNode details = event.details() == null ? MAPPER.createObjectNode() : event.details();
            String name = details.path("name").asText(null);
            if (type.endsWith("StateEntered") && name != null) {
                stateOf.put(event.id(), name);
            } else if (stateOf.containsKey(event.previousEventId())) {
                stateOf.put(event.id(), stateOf.get(event.previousEventId()));
            }
            String taskState = stateOf.get(event.id());
            String indent = "  " + "│ ".repeat(name == null ? 0 : depth.getOrDefault(name, 0));
            String at = String.format(Locale.ROOT, "%7d ms", Duration.between(start, event.timestamp()).toMillis());
            if (type.endsWith("StateEntered")) {
                entered.computeIfAbsent(name, k -> new ArrayDeque<>()).push(event.timestamp());
                out.append(String.format(Locale.ROOT, "%s %s▶ %s (%s)%n", at, indent, name,
                        type.substring(0, type.length() - "StateEntered".length())));
            } else if (type.endsWith("StateExited")) {
                Deque<Instant> stack = entered.get(name);
                Instant began = stack == null || stack.isEmpty() ? event.timestamp() : stack.pop();
                out.append(String.format(Locale.ROOT, "%s %s✓ %s %d ms%n", at, indent, name,
                        Duration.between(began, event.timestamp()).toMillis()));
            } else if (type.equals("TaskSucceeded") || type.equals("LambdaFunctionSucceeded")) {
                Invocation i = take(pending, taskState);
                if (i != null) {
                    out.append(String.format(Locale.ROOT, "%s %s  λ %s%n", at, indentOf(depth, i.stateName()), describe(i.result())));
                    appendLogs(out, indentOf(depth, i.stateName()), i.result().logs());
                }
            } else if (type.equals("TaskFailed") || type.equals("LambdaFunctionFailed")) {
                Invocation i = take(pending, taskState);
                String fn = i == null ? "" : describe(i.result()) + " ";
                out.append(String.format(Locale.ROOT, "%s %s  ✗ %s%s: %s%n", at, i == null ? indent : indentOf(depth, i.stateName()),
                        fn, details.path("error").asText(), shortCause(details.path("cause").asText())));
                if (i != null) {
                    appendLogs(out, indentOf(depth, i.stateName()), i.result().logs());
                }
            } else if (type.equals("ExecutionSucceeded")) {
                out.append(String.format(Locale.ROOT, "%s   SUCCEEDED%n", at));
            } else if (type.equals("ExecutionFailed") || type.equals("ExecutionAborted") || type.equals("ExecutionTimedOut")) {
                out.append(String.format(Locale.ROOT, "%s   %s %s: %s%n", at, type.substring("Execution".length()).toUpperCase(Locale.ROOT),
                        details.path("error").asText(), shortCause(details.path("cause").asText())));
            }
        }
        for (CapturedMetric m : metrics) {
            out.append(String.format(Locale.ROOT, "           metric %s/%s = %s %s %s (%s)%n", m.namespace(), m.name(),
                    number(m.value()), m.unit(), m.dimensions(), m.source()));
        }
        return out.toString();
    }

    /** Fields every line of an invocation shares: shown once by the trace, not per line. */
    private static final java.util.Set<String> SHARED_FIELDS = java.util.Set.of("timestamp", "level", "message", "logger",
            "step", "function", "requestId", "coldStart", "executionName", "eventId", "playerId", "gameLevel",
            "gameCompleted");

    private static void appendLogs(StringBuilder out, String indent, List<String> lines) {
        int frames = 0;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("at ") || (trimmed.startsWith("... ") && trimmed.endsWith(" more"))) {
                frames++;
                continue;
            }
            out.append(String.format(Locale.ROOT, "           %s    log %s%n", indent, logLine(line)));
        }
        if (frames > 0) {
            out.append(String.format(Locale.ROOT, "           %s    log (%d stack trace lines)%n", indent, frames));
        }
    }

    /** One log line for the trace: {@code LEVEL message key=value ...} for a JSON log line, else the text. */
    static String logLine(String line) {
        JsonNode json = null;
        if (line.startsWith("{")) {
            try {
                json = MAPPER.readTree(line);
            } catch (IOException notJson) {
                // shown as text
            }
        }
        if (json == null || !json.isObject()) {
            return line;
        }
        if (json.has("_aws")) {
            StringBuilder names = new StringBuilder();
            json.path("_aws").path("CloudWatchMetrics").forEach(d -> d.path("Metrics").forEach(m ->
                    names.append(names.length() == 0 ? "" : ", ").append(m.path("Name").asText())));
            return "EMF metrics " + names;
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-5s %s", json.path("level").asText("-"), json.path("message").asText("")));
        json.fields().forEachRemaining(e -> {
            if (!SHARED_FIELDS.contains(e.getKey())) {
                text.append(' ').append(e.getKey()).append('=')
                        .append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        });
        return text.toString();
    }

    /** The first pending invocation made by {@code state} (any, when the state is unknown). */
    private static Invocation take(List<Invocation> pending, String state) {
        for (int k = 0; k < pending.size(); k++) {
            if (state == null || state.equals(pending.get(k).stateName())) {
                return pending.remove(k);
            }
        }
        return null;
    }

    private static String indentOf(Map<String, Integer> depth, String state) {
        return "  " + "│ ".repeat(depth.getOrDefault(state, 0));
    }

    private static String describe(InvokeResult r) {
        String start = r.coldStart() ? String.format(Locale.ROOT, "cold start (init %.0f ms)", r.initMs()) : "warm";
        return String.format(Locale.ROOT, "%s %s, %.0f ms", r.functionName(), start, r.durationMs());
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The errorMessage of a Lambda error document, else the cause itself, on one line. */
    private static String shortCause(String cause) {
        String text = cause;
        try {
            JsonNode doc = MAPPER.readTree(cause);
            if (doc != null && doc.has("errorMessage")) {
                text = doc.get("errorMessage").asText();
            }
        } catch (IOException notJson) {
            // keep the text
        }
        text = text.replace('\n', ' ');
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }

    /** How deep each state sits: 0 at the top, +1 inside each Parallel branch or Map iteration. */
    static Map<String, Integer> depths(String definition) {
        Map<String, Integer> depths = new HashMap<>();
        try {
            walk(MAPPER.readTree(definition), 0, depths);
        } catch (IOException e) {
            // no indentation then
        }
        return depths;
    }

    private static void walk(JsonNode machine, int depth, Map<String, Integer> depths) {
        machine.path("States").fields().forEachRemaining(e -> {
            depths.put(e.getKey(), depth);
            JsonNode state = e.getValue();
            state.path("Branches").forEach(b -> walk(b, depth + 1, depths));
            JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
            if (processor != null) {
                walk(processor, depth + 1, depths);
            }
        });
    }
}
