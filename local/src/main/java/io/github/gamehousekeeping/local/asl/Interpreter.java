package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one execution: the states, data flow, retries, catchers, branches, iterations and the history. */
final class Interpreter {
    private static final String RUNTIME_PREFIX = "An error occurred while executing the state '";
    /** Step Functions' payload quota (state input/output, UTF-8 bytes). */
    static final int MAX_PAYLOAD_BYTES = 262_144;

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
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    volatile String abortError;
    volatile String abortCause;

    Interpreter(Engine engine, StateMachineDefinition definition, TaskInvoker invoker, String executionArn, String name,
                String stateMachineArn, String stateMachineName, String roleArn, JsonNode input, List<HistoryListener> listeners) {
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
        this.startTime = options.clock().instant();
        this.history = new History(executionArn, options.clock(), listeners);
        executionContext = Json.object();
        executionContext.put("Id", executionArn);
        executionContext.set("Input", input);
        executionContext.put("Name", name);
        executionContext.put("RoleArn", roleArn);
        executionContext.put("StartTime", Json.timestamp(startTime));
        executionContext.put("RedriveCount", 0);
        stateMachineContext = Json.object();
        stateMachineContext.put("Id", stateMachineArn);
        stateMachineContext.put("Name", stateMachineName);
    }

    // ------------------------------------------------------------------------------------------------ execution

    ExecutionResult run() {
        History.Lane lane = new History.Lane(0);
        ObjectNode started = Json.object();
        started.put("input", Json.write(input));
        started.set("inputDetails", truncated());
        started.put("roleArn", roleArn);
        history.add(lane, "ExecutionStarted", "executionStartedEventDetails", started);
        ExecutionStatus status;
        JsonNode output = null;
        String error = null;
        String cause = null;
        try {
            output = runMachine(definition.machine(), input, lane, root);
            status = ExecutionStatus.SUCCEEDED;
            ObjectNode d = Json.object();
            d.put("output", Json.write(output));
            d.set("outputDetails", truncated());
            history.close(lane, "ExecutionSucceeded", "executionSucceededEventDetails", d);
        } catch (StatesError e) {
            status = ExecutionStatus.FAILED;
            error = e.error();
            cause = e.cause();
            history.close(lane, "ExecutionFailed", "executionFailedEventDetails", errorDetails(error, cause));
        } catch (Scope.Cancelled c) {
            if (c.reason == Scope.Reason.TIMED_OUT) {
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

    private static ObjectNode truncated() {
        ObjectNode o = Json.object();
        o.put("truncated", false);
        return o;
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

    /** Runs a (nested) state machine from StartAt to its end; returns its output. */
    JsonNode runMachine(Machine machine, JsonNode data, History.Lane lane, Scope scope) {
        String current = machine.startAt();
        while (true) {
            scope.check();
            State state = machine.state(current);
            Step step = runState(state, data, lane, scope);
            if (step.next == null) {
                return step.output;
            }
            current = step.next;
            data = step.output;
        }
    }

    private record Step(String next, JsonNode output) {
    }

    // ------------------------------------------------------------------------------------------------ states

    private Step runState(State state, JsonNode raw, History.Lane lane, Scope scope) {
        Instant entered = options.clock().instant();
        ObjectNode d = Json.object();
        d.put("name", state.name);
        d.put("input", Json.write(raw));
        d.set("inputDetails", truncated());
        long enteredId = history.add(lane, state.type + "StateEntered", "stateEnteredEventDetails", d);
        try {
            Step step = switch (state.type) {
                case "Pass" -> pass((State.Pass) state, raw, entered);
                case "Choice" -> choice((State.Choice) state, raw, entered);
                case "Wait" -> waitState((State.Wait) state, raw, entered, scope);
                case "Succeed" -> new Step(null, outputPath(state, inputPath(state, raw, context(state.name, entered, 0)), context(state.name, entered, 0)));
                case "Fail" -> throw fail((State.Fail) state, raw, entered);
                default -> withRetries((State.ResultState) state, raw, entered, lane, scope);
            };
            String outputText = Json.write(step.output);
            if (tooLarge(outputText)) {
                throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The state '" + state.name
                        + "' produced an output larger than the maximum of " + MAX_PAYLOAD_BYTES + " bytes");
            }
            ObjectNode x = Json.object();
            x.put("name", state.name);
            x.put("output", outputText);
            x.set("outputDetails", truncated());
            history.add(lane, state.type + "StateExited", "stateExitedEventDetails", x);
            return step;
        } catch (StatesError e) {
            if (ErrorNames.RUNTIME.equals(e.error()) && (e.cause() == null || !e.cause().startsWith(RUNTIME_PREFIX))) {
                throw e.withCause(RUNTIME_PREFIX + state.name + "' (entered at the event id #" + enteredId + "). " + e.cause());
            }
            throw e;
        } catch (Scope.Cancelled c) {
            history.add(lane, state.type + "StateAborted", null, null);
            throw c;
        }
    }

    private static boolean tooLarge(String json) {
        return json.length() > MAX_PAYLOAD_BYTES / 4 && json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES;
    }

    ObjectNode context(String stateName, Instant entered, int retryCount) {
        ObjectNode c = Json.object();
        c.set("Execution", executionContext);
        c.set("StateMachine", stateMachineContext);
        ObjectNode s = c.putObject("State");
        s.put("Name", stateName);
        s.put("EnteredTime", Json.timestamp(entered));
        s.put("RetryCount", retryCount);
        return c;
    }

    private JsonNode inputPath(State state, JsonNode raw, JsonNode ctx) {
        return selectPath(state.inputPath, "InputPath", raw, ctx);
    }

    private JsonNode outputPath(State state, JsonNode data, JsonNode ctx) {
        return selectPath(state.outputPath, "OutputPath", data, ctx);
    }

    private static JsonNode selectPath(String path, String field, JsonNode data, JsonNode ctx) {
        if ("$".equals(path)) {
            return data;
        }
        if (State.NULL_PATH.equals(path)) {
            return Json.object();
        }
        try {
            return Paths.read(path, data, ctx);
        } catch (Paths.PathNotFound e) {
            throw StatesError.runtime("Invalid path '" + path + "' : " + e.getMessage() + " (" + field + ")");
        }
    }

    private static JsonNode resultPath(Paths.ReferencePath path, JsonNode raw, JsonNode result) {
        return path == null ? raw : Paths.place(path, raw, result);
    }

    private Step pass(State.Pass st, JsonNode raw, Instant entered) {
        JsonNode ctx = context(st.name, entered, 0);
        JsonNode effective = inputPath(st, raw, ctx);
        JsonNode result;
        if (st.result != null) {
            result = st.result;
        } else if (st.parameters != null) {
            result = st.parameters.evaluate(effective, ctx);
        } else {
            result = effective;
        }
        return new Step(st.next, outputPath(st, resultPath(st.resultPath, raw, result), ctx));
    }

    private Step choice(State.Choice st, JsonNode raw, Instant entered) {
        JsonNode ctx = context(st.name, entered, 0);
        JsonNode effective = inputPath(st, raw, ctx);
        String next = null;
        for (ChoiceRule rule : st.choices) {
            if (rule.matches(effective, ctx)) {
                next = rule.next;
                break;
            }
        }
        if (next == null) {
            next = st.defaultNext;
        }
        if (next == null) {
            throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, "No Choice Rule matched the input and the Choice state \"" + st.name
                    + "\" has no Default: " + Strings.abbreviate(Json.write(effective)));
        }
        return new Step(next, outputPath(st, effective, ctx));
    }

    private Step waitState(State.Wait st, JsonNode raw, Instant entered, Scope scope) {
        JsonNode ctx = context(st.name, entered, 0);
        JsonNode effective = inputPath(st, raw, ctx);
        Duration duration;
        if (st.seconds != null) {
            duration = Duration.ofSeconds(st.seconds);
        } else if (st.secondsPath != null) {
            JsonNode v = read(st.secondsPath, "SecondsPath", effective, ctx);
            if (!v.isIntegralNumber() || v.longValue() < 0) {
                throw StatesError.runtime("The SecondsPath parameter does not reference a valid non-negative integer: " + Json.write(v));
            }
            duration = Duration.ofSeconds(v.longValue());
        } else {
            String ts = st.timestamp;
            if (ts == null) {
                JsonNode v = read(st.timestampPath, "TimestampPath", effective, ctx);
                if (!v.isTextual() || ChoiceRule.timestamp(v.textValue()) == null) {
                    throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                            + Json.write(v));
                }
                ts = v.textValue();
            }
            OffsetDateTime target = ChoiceRule.timestamp(ts);
            duration = Duration.between(options.clock().instant(), target.toInstant());
            if (duration.isNegative()) {
                duration = Duration.ZERO;
            }
        }
        delay(st.name, "Wait", duration, scope);
        return new Step(st.next, outputPath(st, effective, ctx));
    }

    private JsonNode read(String path, String field, JsonNode data, JsonNode ctx) {
        try {
            return Paths.read(path, data, ctx);
        } catch (Paths.PathNotFound e) {
            throw StatesError.runtime("Invalid path '" + path + "' : " + e.getMessage() + " (" + field + ")");
        }
    }

    private void delay(String stateName, String kind, Duration computed, Scope scope) {
        double scale = options.waitScale();
        Duration applied = scale == 0 ? Duration.ZERO : Duration.ofNanos((long) (computed.toNanos() * scale));
        if (options.delayListener() != null) {
            options.delayListener().onDelay(executionArn, stateName, kind, computed, applied);
        }
        scope.sleep(applied.toNanos());
    }

    private StatesError fail(State.Fail st, JsonNode raw, Instant entered) {
        JsonNode ctx = context(st.name, entered, 0);
        String error = st.error != null ? st.error : st.errorPath != null ? dynamicString(st.errorPath, "ErrorPath", raw, ctx) : null;
        String cause = st.cause != null ? st.cause : st.causePath != null ? dynamicString(st.causePath, "CausePath", raw, ctx) : null;
        return new StatesError(error, cause);
    }

    private String dynamicString(String expr, String field, JsonNode data, JsonNode ctx) {
        JsonNode v = Intrinsics.looksLikeCall(expr) ? Intrinsics.evaluate(Intrinsics.parse(expr), data, ctx) : read(expr, field, data, ctx);
        if (!v.isTextual()) {
            throw StatesError.runtime("The " + field + " '" + expr + "' must select a string, got " + Strings.abbreviate(Json.write(v)));
        }
        return v.textValue();
    }

    // ------------------------------------------------------------------------------------------------ retry/catch

    private Step withRetries(State.ResultState st, JsonNode raw, Instant entered, History.Lane lane, Scope scope) {
        int[] counts = new int[st.retriers.size()];
        int retryCount = 0;
        boolean fromBranch = !(st instanceof State.Task);
        while (true) {
            JsonNode ctx = context(st.name, entered, retryCount);
            JsonNode result;
            try {
                result = attempt(st, raw, ctx, retryCount, lane, scope);
            } catch (StatesError e) {
                if (ErrorNames.isTerminal(e.error())) {
                    throw e;
                }
                State.Retrier retrier = null;
                int index = -1;
                for (int i = 0; i < st.retriers.size(); i++) {
                    if (ErrorNames.matches(st.retriers.get(i).errorEquals(), e, fromBranch)) {
                        retrier = st.retriers.get(i);
                        index = i;
                        break;
                    }
                }
                if (retrier != null && counts[index] < retrier.maxAttempts()) {
                    double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), counts[index]);
                    if (retrier.maxDelaySeconds() != null) {
                        seconds = Math.min(seconds, retrier.maxDelaySeconds());
                    }
                    if (retrier.fullJitter()) {
                        seconds = options.random().get().nextDouble() * seconds;
                    }
                    counts[index]++;
                    retryCount++;
                    delay(st.name, "Retry", Duration.ofNanos((long) (seconds * 1e9)), scope);
                    continue;
                }
                for (State.Catcher catcher : st.catchers) {
                    if (ErrorNames.matches(catcher.errorEquals(), e, fromBranch)) {
                        ObjectNode errorOutput = Json.object();
                        errorOutput.put("Error", e.error());
                        if (e.cause() != null) {
                            errorOutput.put("Cause", e.cause());
                        }
                        JsonNode output = resultPath(catcher.resultPath(), raw, errorOutput);
                        return new Step(catcher.next(), output);
                    }
                }
                throw e;
            }
            JsonNode output = outputPath(st, resultPath(st.resultPath, raw, result), ctx);
            return new Step(st.next, output);
        }
    }

    /** One attempt of a Task/Parallel/Map: effective input, the work, ResultSelector. Returns the result. */
    private JsonNode attempt(State.ResultState st, JsonNode raw, JsonNode ctx, int attempt, History.Lane lane, Scope scope) {
        JsonNode effective = inputPath(st, raw, ctx);
        JsonNode result;
        if (st instanceof State.Task task) {
            result = task(task, effective, ctx, attempt, lane, scope);
        } else if (st instanceof State.Parallel parallel) {
            JsonNode branchInput = parallel.parameters != null ? parallel.parameters.evaluate(effective, ctx) : effective;
            result = parallel(parallel, branchInput, lane, scope);
        } else {
            result = map((State.MapState) st, effective, ctx, lane, scope);
        }
        if (st.resultSelector != null) {
            result = st.resultSelector.evaluate(result, ctx);
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------ Task

    private JsonNode task(State.Task st, JsonNode effective, JsonNode ctx, int attempt, History.Lane lane, Scope scope) {
        State.ResourceKind kind = st.kind;
        if (kind.waitForTaskToken()) {
            ((ObjectNode) ctx).putObject("Task").put("Token", UUID.randomUUID().toString());
        }
        JsonNode parameters = st.parameters != null ? st.parameters.evaluate(effective, ctx) : effective;
        Integer timeout = st.timeoutSeconds != null ? st.timeoutSeconds : seconds(st.timeoutSecondsPath, "TimeoutSecondsPath", effective, ctx);
        Integer heartbeat = st.heartbeatSeconds != null ? st.heartbeatSeconds : seconds(st.heartbeatSecondsPath, "HeartbeatSecondsPath", effective, ctx);
        String family = kind.family();
        boolean lambdaFunction = State.ResourceKind.LAMBDA_FUNCTION.equals(family);
        boolean activity = State.ResourceKind.ACTIVITY.equals(family);
        ObjectNode scheduled = Json.object();
        if (lambdaFunction || activity) {
            scheduled.put("resource", st.resource);
            scheduled.put("input", Json.write(parameters));
            scheduled.set("inputDetails", truncated());
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout);
            }
            if (activity && heartbeat != null) {
                scheduled.put("heartbeatInSeconds", heartbeat);
            }
            history.add(lane, lambdaFunction ? "LambdaFunctionScheduled" : "ActivityScheduled",
                    lambdaFunction ? "lambdaFunctionScheduledEventDetails" : "activityScheduledEventDetails", scheduled);
            if (lambdaFunction) {
                history.add(lane, "LambdaFunctionStarted", null, null);
            } else {
                ObjectNode w = Json.object();
                w.put("workerName", "local");
                history.add(lane, "ActivityStarted", "activityStartedEventDetails", w);
            }
        } else {
            scheduled.put("resourceType", kind.resourceType());
            scheduled.put("resource", kind.resource());
            scheduled.put("region", options.region());
            scheduled.put("parameters", Json.write(parameters));
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                scheduled.put("heartbeatInSeconds", heartbeat);
            }
            history.add(lane, "TaskScheduled", "taskScheduledEventDetails", scheduled);
            history.add(lane, "TaskStarted", "taskStartedEventDetails", resourceDetails(kind));
        }
        String prefix = lambdaFunction ? "LambdaFunction" : activity ? "Activity" : "Task";
        String detailsPrefix = lambdaFunction ? "lambdaFunction" : activity ? "activity" : "task";
        TaskInvocation invocation = new TaskInvocation(executionArn, st.name, st.resource, parameters, ctx, attempt);
        try {
            JsonNode result = invoke(invocation, timeout, heartbeat, scope);
            String resultText = Json.write(result);
            if (tooLarge(resultText)) {
                throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The task of state '" + st.name
                        + "' returned a result larger than the maximum of " + MAX_PAYLOAD_BYTES + " bytes");
            }
            ObjectNode ok = lambdaFunction || activity ? Json.object() : resourceDetails(kind);
            ok.put("output", resultText);
            ok.set("outputDetails", truncated());
            history.add(lane, prefix + "Succeeded", detailsPrefix + "SucceededEventDetails", ok);
            return result;
        } catch (TaskFailedException e) {
            ObjectNode failed = lambdaFunction || activity ? Json.object() : resourceDetails(kind);
            failed.put("error", e.error());
            if (e.cause() != null) {
                failed.put("cause", e.cause());
            }
            history.add(lane, prefix + "Failed", detailsPrefix + "FailedEventDetails", failed);
            throw new StatesError(e.error(), e.cause(), true);
        } catch (StatesError timedOut) {
            if (!ErrorNames.TIMEOUT.equals(timedOut.error())) {
                throw timedOut;
            }
            ObjectNode failed = lambdaFunction || activity ? Json.object() : resourceDetails(kind);
            failed.put("error", timedOut.error());
            failed.put("cause", timedOut.cause());
            history.add(lane, prefix + "TimedOut", detailsPrefix + "TimedOutEventDetails", failed);
            throw timedOut;
        }
    }

    private static ObjectNode resourceDetails(State.ResourceKind kind) {
        ObjectNode o = Json.object();
        o.put("resourceType", kind.resourceType());
        o.put("resource", kind.resource());
        return o;
    }

    private Integer seconds(String path, String field, JsonNode data, JsonNode ctx) {
        if (path == null) {
            return null;
        }
        JsonNode v = read(path, field, data, ctx);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() <= 0) {
            throw StatesError.runtime("The " + field + " '" + path + "' must select a positive integer, got " + Json.write(v));
        }
        return v.intValue();
    }

    /** Calls the invoker on another thread, waiting for its result, the timeouts or the scope's cancellation. */
    private JsonNode invoke(TaskInvocation invocation, Integer timeout, Integer heartbeat, Scope scope) throws TaskFailedException {
        scope.check();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        engine.executor().execute(() -> {
            try {
                JsonNode result = invoker.invoke(invocation);
                future.complete(result == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : result);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        double scale = options.timeoutScale();
        CompletableFuture<Object> any = CompletableFuture.anyOf(future, scope.cancelled);
        try {
            return await(invocation, future, any, timeout, heartbeat, scale, scope);
        } catch (RuntimeException | TaskFailedException e) {
            if (!future.isDone() || future.isCancelled()) {
                invocation.cancel(); // timed out or aborted: the invoker stops the work
            }
            throw e;
        }
    }

    private JsonNode await(TaskInvocation invocation, CompletableFuture<JsonNode> future, CompletableFuture<Object> any,
                           Integer timeout, Integer heartbeat, double scale, Scope scope) throws TaskFailedException {
        while (true) {
            long now = System.nanoTime();
            // The clock starts when the invocation begins (an invoker may restart it once its environment is ready).
            boolean held = timeout != null && invocation.timeoutHeld();
            long deadline = timeout == null || held ? Long.MAX_VALUE : invocation.timeoutStartNanos() + (long) (timeout * 1e9 * scale);
            long heartbeatDeadline = heartbeat == null ? Long.MAX_VALUE : invocation.lastHeartbeatNanos() + (long) (heartbeat * 1e9 * scale);
            long until = Math.min(deadline, heartbeatDeadline);
            if (now - until >= 0 && until != Long.MAX_VALUE) {
                future.cancel(false);
                if (until == deadline) {
                    throw new StatesError(ErrorNames.TIMEOUT, "Task timed out after " + timeout + " seconds (TimeoutSeconds)", true);
                }
                throw StatesError.heartbeatTimeout("Task sent no heartbeat within " + heartbeat + " seconds (HeartbeatSeconds)");
            }
            try {
                if (until == Long.MAX_VALUE) {
                    if (held) {
                        any.get(50, TimeUnit.MILLISECONDS); // the clock may start any moment: look again soon
                    } else {
                        any.get();
                    }
                } else {
                    any.get(until - now, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Scope.Cancelled(Scope.Reason.ABORTED);
            } catch (ExecutionException e) {
                // handled below through the task's own future
            }
            if (!future.isDone()) {
                scope.check();
                continue;
            }
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Scope.Cancelled(Scope.Reason.ABORTED);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TaskFailedException tfe) {
                    throw tfe;
                }
                throw StatesError.runtime("The task invoker of state '" + invocation.stateName() + "' failed: " + cause);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ Parallel / Map

    private record Outcome(int index, JsonNode output, StatesError error, boolean cancelled, long lastEventId) {
    }

    private JsonNode parallel(State.Parallel st, JsonNode branchInput, History.Lane lane, Scope scope) {
        long startedId = history.add(lane, "ParallelStateStarted", null, null);
        Scope children = scope.child();
        int n = st.branches.size();
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Machine branch = st.branches.get(i);
            engine.executor().execute(() -> {
                History.Lane branchLane = new History.Lane(startedId);
                outcomes.add(runChild(index, branch, branchInput, branchLane, children));
            });
        }
        JsonNode[] results = new JsonNode[n];
        StatesError failure = collect(n, outcomes, results, children, lane);
        children.close();
        scope.check();
        if (failure != null) {
            history.add(lane, "ParallelStateFailed", null, null);
            throw failure;
        }
        history.add(lane, "ParallelStateSucceeded", null, null);
        ArrayNode out = Json.array();
        for (JsonNode r : results) {
            out.add(r);
        }
        return out;
    }

    private Outcome runChild(int index, Machine machine, JsonNode in, History.Lane childLane, Scope children) {
        try {
            return new Outcome(index, runMachine(machine, in, childLane, children), null, false, childLane.lastId);
        } catch (StatesError e) {
            return new Outcome(index, null, e, false, childLane.lastId);
        } catch (Scope.Cancelled c) {
            return new Outcome(index, null, null, true, childLane.lastId);
        } catch (RuntimeException | Error e) {
            return new Outcome(index, null, StatesError.runtime("Internal error of the local engine: " + e), false, childLane.lastId);
        }
    }

    /** Waits for n outcomes; on the first failure cancels the siblings. Returns that failure or null. */
    private StatesError collect(int n, BlockingQueue<Outcome> outcomes, JsonNode[] results, Scope children, History.Lane lane) {
        StatesError failure = null;
        long last = lane.lastId;
        for (int k = 0; k < n; k++) {
            Outcome o = take(outcomes, children);
            last = Math.max(last, o.lastEventId());
            if (o.error() != null && failure == null) {
                failure = o.error();
                children.cancel(Scope.Reason.SIBLING_FAILED);
            } else if (o.output() != null) {
                results[o.index()] = o.output();
            }
        }
        lane.lastId = last;
        return failure;
    }

    private static Outcome take(BlockingQueue<Outcome> outcomes, Scope children) {
        while (true) {
            try {
                return outcomes.take();
            } catch (InterruptedException e) {
                children.cancel(Scope.Reason.ABORTED);
            }
        }
    }

    private JsonNode map(State.MapState st, JsonNode effective, JsonNode ctx, History.Lane lane, Scope scope) {
        JsonNode items = st.itemsPath == null ? effective : read(st.itemsPath, "ItemsPath", effective, ctx);
        if (!items.isArray()) {
            throw StatesError.runtime("The ItemsPath of Map state '" + st.name + "' must select an array, got "
                    + Strings.abbreviate(Json.write(items)));
        }
        int max = st.maxConcurrency;
        if (st.maxConcurrencyPath != null) {
            JsonNode v = read(st.maxConcurrencyPath, "MaxConcurrencyPath", effective, ctx);
            if (!v.isIntegralNumber() || v.intValue() < 0) {
                throw StatesError.runtime("The MaxConcurrencyPath must select a non-negative integer, got " + Json.write(v));
            }
            max = v.intValue();
        }
        int n = items.size();
        ObjectNode startedDetails = Json.object();
        startedDetails.put("length", n);
        long startedId = history.add(lane, "MapStateStarted", "mapStateStartedEventDetails", startedDetails);
        Scope children = scope.child();
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        JsonNode[] results = new JsonNode[n];
        StatesError failure = null;
        long last = startedId;
        int next = 0;
        int running = 0;
        while (true) {
            while (failure == null && !children.isCancelled() && next < n && (max == 0 || running < max)) {
                int index = next++;
                JsonNode item = items.get(index);
                JsonNode iterationInput;
                try {
                    if (st.itemSelector != null) {
                        ObjectNode itemCtx = Json.object().setAll((ObjectNode) ctx);
                        ObjectNode mapItem = itemCtx.putObject("Map").putObject("Item");
                        mapItem.put("Index", index);
                        mapItem.set("Value", item);
                        iterationInput = st.itemSelector.evaluate(effective, itemCtx);
                    } else {
                        iterationInput = item;
                    }
                } catch (StatesError e) {
                    failure = e;
                    children.cancel(Scope.Reason.SIBLING_FAILED);
                    break;
                }
                History.Lane iterationLane = new History.Lane(startedId);
                ObjectNode iterationDetails = Json.object();
                iterationDetails.put("name", st.name);
                iterationDetails.put("index", index);
                history.add(iterationLane, "MapIterationStarted", "mapIterationStartedEventDetails", iterationDetails);
                running++;
                JsonNode in = iterationInput;
                engine.executor().execute(() -> {
                    Outcome o = runChild(index, st.processor, in, iterationLane, children);
                    try {
                    String type = o.output() != null ? "MapIterationSucceeded" : o.error() != null ? "MapIterationFailed" : "MapIterationAborted";
                    String key = o.output() != null ? "mapIterationSucceededEventDetails" : o.error() != null
                            ? "mapIterationFailedEventDetails" : "mapIterationAbortedEventDetails";
                        history.add(iterationLane, type, key, iterationDetails);
                    } finally {
                        outcomes.add(new Outcome(o.index(), o.output(), o.error(), o.cancelled(), iterationLane.lastId));
                    }
                });
            }
            if (running == 0) {
                break;
            }
            Outcome o = take(outcomes, children);
            running--;
            last = Math.max(last, o.lastEventId());
            if (o.error() != null && failure == null) {
                failure = o.error();
                children.cancel(Scope.Reason.SIBLING_FAILED);
            } else if (o.output() != null) {
                results[o.index()] = o.output();
            }
        }
        children.close();
        lane.lastId = Math.max(lane.lastId, last);
        scope.check();
        if (failure != null) {
            history.add(lane, "MapStateFailed", null, null);
            throw failure;
        }
        history.add(lane, "MapStateSucceeded", null, null);
        ArrayNode out = Json.array();
        for (JsonNode r : results) {
            out.add(r);
        }
        return out;
    }
}
