package io.github.gamehousekeeping.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.HistoryEvent;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.lambda.InvokeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to each state of one execution, read from its event history: the outcome (succeeded, failed, caught,
 * retried, running, not run), the recorded input and output, the error and cause, attempts and retries, the duration,
 * and the Lambda invocations the state made (cold or warm, as {@code run --trace} shows them).
 *
 * <p>A redriven execution's history goes on after {@code ExecutionRedriven}: a state that failed before the redrive
 * and succeeded after it shows as retried.
 *
 * <p>Events are attributed to states through {@code previousEventId}: an event belongs to the state whose
 * {@code *StateEntered} opened its lane, until that state's {@code *StateExited}.
 */
public final class ExecutionView {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CAUGHT = "caught";
    public static final String RETRIED = "retried";
    public static final String RUNNING = "running";
    public static final String NOT_RUN = "not-run";
    /** Cancelled: a state stopped because its execution was stopped or a sibling branch failed. */
    public static final String CANCELLED = "cancelled";

    /** A Lambda invocation made by a state. */
    public record Invocation(Instant at, String stateName, InvokeResult result) {
    }

    private static final class StateRun {
        int entered;
        int exited;
        int attempts;
        int failures;
        int aborted;
        long lastFailureId;
        long lastScheduledId;
        long firstEnteredId = Long.MAX_VALUE;
        String input;
        String output;
        String error;
        String cause;
        Instant enteredAt;
        long durationMs = -1;
        boolean failState;
    }

    private ExecutionView() {
    }

    /**
     * @param definition  the state machine's definition (for Catch targets and Fail states)
     * @param status      the execution's status
     * @param history     its events so far
     * @param invocations the Lambda invocations of this execution, in order
     * @return {@code {"states": {name: {...}}, "events": [...]}}; events carry {@code state} (the state they belong to)
     */
    public static ObjectNode of(JsonNode definition, ExecutionStatus status, String executionError, String executionCause,
                                List<HistoryEvent> history, List<Invocation> invocations) {
        Map<String, JsonNode> states = new HashMap<>();
        collect(definition, states);
        Map<Long, String> stateOf = new HashMap<>();
        Map<Long, String> typeOf = new HashMap<>();
        Map<String, StateRun> runs = new LinkedHashMap<>();
        List<String[]> openContainers = new ArrayList<>(); // {name, "Parallel"|"Map"}, innermost last
        Instant start = history.isEmpty() ? null : history.get(0).timestamp();
        ArrayNode events = Json.array();
        for (HistoryEvent e : history) {
            String type = e.type();
            JsonNode d = e.details() == null ? Json.object() : e.details();
            String state;
            if (type.endsWith("StateEntered")) {
                state = d.path("name").asText(null);
                if (type.equals("ParallelStateEntered") || type.equals("MapStateEntered")) {
                    openContainers.add(new String[] {state, type.startsWith("Map") ? "Map" : "Parallel"});
                }
            } else if ((type.startsWith("ParallelState") || type.startsWith("MapState") || type.startsWith("MapIteration"))
                    && !type.endsWith("Exited") && !type.endsWith("Aborted")) {
                // Started/Succeeded/Failed of a Parallel or Map: their previous event may be a branch's last one.
                state = innermost(openContainers, type.startsWith("Parallel") ? "Parallel" : "Map");
            } else if (type.endsWith("StateExited") || type.endsWith("StateAborted")) {
                state = d.path("name").asText(stateOf.get(e.previousEventId()));
            } else {
                String prevType = typeOf.get(e.previousEventId());
                state = prevType != null && (prevType.endsWith("StateExited") || prevType.endsWith("StateAborted"))
                        ? null : stateOf.get(e.previousEventId());
            }
            if (type.startsWith("Execution")) {
                state = null;
            }
            if ((type.equals("ParallelStateExited") || type.equals("ParallelStateAborted") || type.equals("MapStateExited")
                    || type.equals("MapStateAborted")) && state != null) {
                for (int i = openContainers.size() - 1; i >= 0; i--) {
                    if (openContainers.get(i)[0].equals(state)) {
                        openContainers.remove(i);
                        break;
                    }
                }
            }
            stateOf.put(e.id(), state);
            typeOf.put(e.id(), type);
            ObjectNode row = e.toJson();
            row.put("elapsedMs", start == null ? 0 : Duration.between(start, e.timestamp()).toMillis());
            if (state != null) {
                row.put("state", state);
            }
            events.add(row);
            if (state == null) {
                if (type.equals("ExecutionRedriven")) {
                    redriven(runs);
                    openContainers.clear();
                }
                if (type.equals("ExecutionFailed")) {
                    // A Fail state's error and cause are the execution's (when the failure was not caught on the way).
                    for (StateRun r : runs.values()) {
                        if (r.failState && r.cause == null) {
                            r.error = r.error != null ? r.error : d.path("error").asText(null);
                            r.cause = d.path("cause").asText(null);
                        }
                    }
                }
                continue;
            }
            StateRun run = runs.computeIfAbsent(state, k -> new StateRun());
            if (type.endsWith("StateEntered")) {
                run.entered++;
                run.firstEnteredId = Math.min(run.firstEnteredId, e.id());
                run.input = d.path("input").asText(null);
                run.enteredAt = e.timestamp();
                if (type.equals("FailStateEntered")) {
                    run.failState = true;
                    JsonNode def = states.get(state);
                    if (def != null) {
                        // literal values only: a JSONata expression's value is the execution's (ExecutionFailed)
                        run.error = literal(def.path("Error").asText(null));
                        run.cause = literal(def.path("Cause").asText(null));
                    }
                }
            } else if (type.endsWith("StateExited")) {
                run.exited++;
                run.output = d.path("output").asText(null);
                if (run.enteredAt != null) {
                    run.durationMs = Duration.between(run.enteredAt, e.timestamp()).toMillis();
                }
            } else if (type.endsWith("StateAborted")) {
                run.aborted++;
            } else if (type.endsWith("Scheduled")) {
                run.attempts++;
                run.lastScheduledId = e.id();
            } else if (type.endsWith("Failed") || type.endsWith("TimedOut")) {
                run.failures++;
                run.lastFailureId = e.id();
                if (d.has("error")) {
                    run.error = d.path("error").asText(null);
                    run.cause = d.path("cause").asText(null);
                }
                if (run.enteredAt != null) {
                    run.durationMs = Duration.between(run.enteredAt, e.timestamp()).toMillis();
                }
            }
        }
        boolean running = status == ExecutionStatus.RUNNING;
        Map<String, List<Invocation>> lambdaByState = new HashMap<>();
        for (Invocation i : invocations) {
            lambdaByState.computeIfAbsent(i.stateName(), k -> new ArrayList<>()).add(i);
        }
        ObjectNode out = Json.object();
        ObjectNode byState = out.putObject("states");
        for (String name : states.keySet()) {
            StateRun r = runs.get(name);
            ObjectNode s = byState.putObject(name);
            if (r == null || r.entered == 0) {
                s.put("status", NOT_RUN);
                continue;
            }
            String outcome;
            boolean lastAttemptFailed = r.failures > 0 && r.lastFailureId > r.lastScheduledId;
            if (r.failState) {
                outcome = FAILED;
            } else if (r.exited >= r.entered) {
                // The engine exits a state whose error a Catch handled; a retried state succeeded on a later attempt.
                outcome = lastAttemptFailed ? CAUGHT : r.failures > 0 ? RETRIED : SUCCEEDED;
            } else if (r.failures > 0 && caught(states.get(name), r, runs)) {
                outcome = CAUGHT;
            } else if (running && r.aborted == 0 && r.failures == 0) {
                outcome = RUNNING;
            } else if (r.aborted > 0 && r.failures == 0) {
                outcome = CANCELLED;
            } else {
                outcome = FAILED;
                if (r.error == null && status != ExecutionStatus.SUCCEEDED) {
                    r.error = executionError;
                    r.cause = executionCause;
                }
            }
            s.put("status", outcome);
            s.put("entered", r.entered);
            s.put("attempts", r.attempts);
            s.put("retries", Math.max(0, r.attempts - 1));
            s.put("input", r.input);
            s.put("output", r.output);
            s.put("error", r.error);
            s.put("cause", r.cause);
            if (r.durationMs >= 0) {
                s.put("durationMs", r.durationMs);
            }
            ArrayNode lambda = s.putArray("lambda");
            for (Invocation i : lambdaByState.getOrDefault(name, List.of())) {
                ObjectNode l = lambda.addObject();
                InvokeResult res = i.result();
                l.put("function", res.functionName());
                l.put("requestId", res.requestId());
                l.put("cold", res.coldStart());
                l.put("initMs", Math.round(res.initMs()));
                l.put("durationMs", Math.round(res.durationMs()));
                l.put("succeeded", res.succeeded());
                l.put("summary", (res.coldStart() ? "cold start (init " + Math.round(res.initMs()) + " ms)" : "warm")
                        + ", " + Math.round(res.durationMs()) + " ms" + (res.succeeded() ? "" : ", " + res.errorType()));
            }
        }
        out.set("events", events);
        return out;
    }

    /**
     * A redrive runs again the states that did not finish (failed or aborted), from where they stopped: their unfinished
     * visits are over, and their failures count as attempts before it (a state that succeeds on the redrive shows as
     * retried; a Fail state is re-entered and fails again).
     */
    private static void redriven(Map<String, StateRun> runs) {
        for (StateRun r : runs.values()) {
            if (!r.failState && r.exited < r.entered) {
                r.entered = r.exited;
                r.aborted = 0;
                r.lastFailureId = 0;
            }
        }
    }

    private static String innermost(List<String[]> open, String kind) {
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i)[1].equals(kind)) {
                return open.get(i)[0];
            }
        }
        return null;
    }

    /** A failed state was caught when one of its Catch targets was entered after its last failure. */
    private static boolean caught(JsonNode def, StateRun r, Map<String, StateRun> runs) {
        if (def == null) {
            return false;
        }
        for (JsonNode c : def.path("Catch")) {
            StateRun target = runs.get(c.path("Next").asText());
            if (target != null && target.entered > 0 && target.firstEnteredId > r.lastFailureId) {
                return true;
            }
        }
        return false;
    }

    /** Every state of a definition, nested ones included, by name. */
    static void collect(JsonNode machine, Map<String, JsonNode> states) {
        machine.path("States").fields().forEachRemaining(f -> {
            states.putIfAbsent(f.getKey(), f.getValue());
            f.getValue().path("Branches").forEach(b -> collect(b, states));
            JsonNode processor = f.getValue().has("ItemProcessor") ? f.getValue().get("ItemProcessor") : f.getValue().get("Iterator");
            if (processor != null) {
                collect(processor, states);
            }
        });
    }

    /** The value of a Fail state's Error/Cause field when it is literal; null for a JSONata expression ({@code {% %}}). */
    private static String literal(String value) {
        return value != null && value.strip().startsWith("{%") ? null : value;
    }
}
