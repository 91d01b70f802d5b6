package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs one execution: owns its identity (the execution ARN it was given, the context object), its history, its root
 * variable scope and cancellation; walks the states (each state type runs itself, see {@link State#run}), recording
 * Entered/Exited events, the payload quota and where a runtime error happened.
 */
final class Interpreter {
    private static final String RUNTIME_PREFIX = "An error occurred while executing the state '";

    final Engine engine;
    final EngineOptions options;
    final StateMachineDefinition definition;
    final TaskInvoker invoker;
    final String executionArn;
    final String name;
    final String stateMachineArn;
    final String stateMachineName;
    final String roleArn;
    final JsonNode input;
    final Instant startTime;
    final History history;
    final Scope root = new Scope(null);
    final Variables variables = new Variables(null);
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    volatile String abortError;
    volatile String abortCause;
    /** Redrive: where this run resumes (null: a first run) and, for the next redrive, where the machines stand. */
    final RedrivePoint redrive;
    /** Members given with the request that replace the context object's (null: none). */
    volatile ObjectNode contextOverlay;
    private final RedriveCursor cursor;

    Interpreter(Engine engine, StateMachineDefinition definition, TaskInvoker invoker, String executionArn, String name,
                String stateMachineArn, String stateMachineName, String roleArn, JsonNode input, List<HistoryListener> listeners, RedrivePoint redrive) {
        this.engine = engine;
        this.options = engine.options();
        this.definition = definition;
        this.invoker = invoker;
        this.executionArn = executionArn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.roleArn = roleArn;
        this.input = input;
        this.redrive = redrive;
        this.cursor = new RedriveCursor(redrive != null ? redrive.root : null);
        this.startTime = redrive != null ? redrive.startTime : options.clock().instant();
        this.history = redrive != null ? new History(executionArn, options.clock(), listeners, redrive.history)
                : new History(executionArn, options.clock(), listeners);
        history.onLimit(() -> root.cancel(Scope.Reason.HISTORY_LIMIT));
        executionContext = Json.object();
        executionContext.put("Id", executionArn);
        executionContext.set("Input", input);
        executionContext.put("Name", name);
        executionContext.put("RoleArn", roleArn);
        executionContext.put("StartTime", Json.timestamp(startTime));
        executionContext.put("RedriveCount", redrive != null ? redrive.redriveCount : 0);
        stateMachineContext = Json.object();
        stateMachineContext.put("Id", stateMachineArn);
        stateMachineContext.put("Name", stateMachineName);
    }

    // ------------------------------------------------------------------------------------------------ execution

    ExecutionResult run() {
        History.Lane lane = new History.Lane(history.size(), cursor);
        if (redrive != null) {
            history.add(lane, "ExecutionRedriven", "executionRedrivenEventDetails",
                    Json.object().put("redriveCount", redrive.redriveCount));
        } else {
            ObjectNode started = Json.object();
            started.put("input", text(input));
            started.set("inputDetails", truncated());
            started.put("roleArn", roleArn);
            history.add(lane, "ExecutionStarted", "executionStartedEventDetails", started);
        }
        ExecutionStatus status;
        JsonNode output = null;
        String error = null;
        String cause = null;
        try {
            output = runMachine(definition.machine(), input, lane, root, variables);
            status = ExecutionStatus.SUCCEEDED;
            ObjectNode d = Json.object();
            d.put("output", text(output));
            d.set("outputDetails", truncated());
            history.close(lane, "ExecutionSucceeded", "executionSucceededEventDetails", d);
        } catch (StatesError e) {
            status = ExecutionStatus.FAILED;
            error = e.error();
            cause = e.cause();
            history.close(lane, "ExecutionFailed", "executionFailedEventDetails", errorDetails(error, cause));
        } catch (Scope.Cancelled c) {
            if (c.reason == Scope.Reason.HISTORY_LIMIT) {
                status = ExecutionStatus.FAILED;
                error = ErrorNames.RUNTIME;
                cause = "The execution reached the maximum number of events in its history (" + History.MAX_EVENTS
                        + "), the Step Functions quota; it was stopped and failed";
                history.close(lane, "ExecutionFailed", "executionFailedEventDetails", errorDetails(error, cause));
            } else if (c.reason == Scope.Reason.TIMED_OUT) {
                status = ExecutionStatus.TIMED_OUT;
                error = ErrorNames.TIMEOUT;
                cause = "The execution exceeded its TimeoutSeconds of " + definition.timeoutSeconds() + " seconds";
                history.close(lane, "ExecutionTimedOut", "executionTimedOutEventDetails", errorDetails(error, cause));
            } else {
                status = ExecutionStatus.ABORTED;
                error = abortError;
                cause = abortCause;
                history.close(lane, "ExecutionAborted", "executionAbortedEventDetails", errorDetails(error, cause));
            }
        } catch (RuntimeException | Error e) {
            status = ExecutionStatus.FAILED;
            error = ErrorNames.RUNTIME;
            cause = "Internal error of the local engine: " + e;
            history.close(lane, "ExecutionFailed", "executionFailedEventDetails", errorDetails(error, cause));
        }
        Instant stop = options.clock().instant();
        return new ExecutionResult(executionArn, name, stateMachineArn, status, input, output, error, cause, startTime, stop,
                history.snapshot());
    }

    /** Texts this execution wrote into its history, by node (see {@link #text}). */
    private final java.util.Map<JsonNode, String> texts = new java.util.IdentityHashMap<>();

    /**
     * The JSON text of a state's input or output for the history. A state's output is the next state's input, a
     * Parallel's input each branch's: a node written before in this execution is not written again (the engine never
     * changes a tree in place; a state builds new nodes).
     */
    String text(JsonNode node) {
        synchronized (texts) {
            String known = texts.get(node);
            if (known != null) {
                return known;
            }
        }
        String text = Json.write(node);
        synchronized (texts) {
            if (texts.size() < 1024) {
                texts.put(node, text);
            }
        }
        return text;
    }

    /** {@code {"truncated": false}}: one node shared by the *Details of every event (events are read, never changed). */
    private static final ObjectNode NOT_TRUNCATED = Json.object().put("truncated", false);

    static ObjectNode truncated() {
        return NOT_TRUNCATED;
    }

    private static ObjectNode errorDetails(String error, String cause) {
        ObjectNode d = Json.object();
        if (error != null) {
            d.put("error", error);
        }
        if (cause != null) {
            d.put("cause", cause);
        }
        return d;
    }

    /** Runs a (nested) state machine from StartAt to its end with a variable scope; returns its output. */
    JsonNode runMachine(Machine machine, JsonNode data, History.Lane lane, Scope scope, Variables vars) {
        String current = machine.startAt();
        RedriveCursor.Point resume = lane.cursor.takeResume();
        if (resume != null) {
            current = resume.state();
            data = resume.input();
            vars.assignAll(resume.variables());
        }
        while (true) {
            scope.check();
            State state = machine.state(current);
            lane.cursor.enter(current, data, vars.local());
            State.Step step = runState(state, data, lane, scope, vars);
            if (step.next() == null) {
                return step.output();
            }
            current = step.next();
            data = step.output();
        }
    }


    private State.Step runState(State state, JsonNode raw, History.Lane lane, Scope scope, Variables vars) {
        Instant entered = options.clock().instant();
        ObjectNode d = Json.object();
        d.put("name", state.name);
        d.put("input", text(raw));
        d.set("inputDetails", truncated());
        long enteredId = history.add(lane, state.type + "StateEntered", "stateEnteredEventDetails", d);
        try {
            State.Step step = state.run(new StateRun(this, state, raw, entered, enteredId, lane, scope, vars));
            String outputText = text(step.output());
            if (Payloads.tooLarge(outputText)) {
                throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The state/task '" + state.name
                        + "' returned a result with a size exceeding the maximum number of bytes service limit.");
            }
            ObjectNode x = Json.object();
            x.put("name", state.name);
            x.put("output", outputText);
            x.set("outputDetails", truncated());
            history.add(lane, state.type + "StateExited", "stateExitedEventDetails", x);
            return step;
        } catch (StatesError e) {
            lane.cursor.failed(e.error());
            boolean evaluation = ErrorNames.QUERY_EVALUATION_ERROR.equals(e.error());
            boolean located = ErrorNames.RUNTIME.equals(e.error()) || evaluation;
            if (located && (e.cause() == null || !e.cause().startsWith(RUNTIME_PREFIX))) {
                StatesError withState = e.withCause(RUNTIME_PREFIX + state.name + "' (entered at the event id #" + enteredId + "). " + e.cause());
                if (evaluation) {
                    ObjectNode details = Json.object();
                    details.put("error", withState.error());
                    details.put("cause", withState.cause());
                    details.put("state", state.name);
                    history.add(lane, "EvaluationFailed", "evaluationFailedEventDetails", details);
                }
                throw withState;
            }
            throw e;
        } catch (Scope.Cancelled c) {
            history.add(lane, state.type + "StateAborted", null, null);
            throw c;
        }
    }

    /** Where a redrive of this (ended) run resumes. */
    RedrivePoint redrivePoint() {
        return new RedrivePoint(history.snapshot(), cursor.point(), redrive != null ? redrive.redriveCount + 1 : 1, startTime);
    }

    /** The context object of a state visit ($$ / $states.context). */
    ObjectNode context(State state, Instant entered, int retryCount) {
        ObjectNode c = Json.object();
        c.set("Execution", executionContext);
        c.set("StateMachine", stateMachineContext);
        ObjectNode s = c.putObject("State");
        s.put("Name", state.name);
        s.put("EnteredTime", Json.timestamp(entered));
        if (state.hasRetryCount()) {
            s.put("RetryCount", retryCount);
        }
        return contextOverlay == null ? c : merge(c, contextOverlay);
    }

    /** {@code base} with {@code overlay}'s members: objects merged member by member, other values replaced (copies). */
    static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        ObjectNode merged = base.deepCopy();
        overlay.fields().forEachRemaining(e -> {
            JsonNode old = merged.get(e.getKey());
            merged.set(e.getKey(), old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n ? merge(o, n) : e.getValue().deepCopy());
        });
        return merged;
    }

    /** Waits (Wait states, retry delays) scaled by the options' waitScale; wakes early when the scope is cancelled. */
    void delay(String stateName, String kind, Duration computed, Scope scope) {
        double scale = options.waitScale();
        Duration applied = scale == 0 ? Duration.ZERO : Duration.ofNanos((long) (computed.toNanos() * scale));
        if (options.delayListener() != null) {
            options.delayListener().onDelay(executionArn, stateName, kind, computed, applied);
        }
        scope.sleep(applied.toNanos());
    }
}
