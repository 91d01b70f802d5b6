package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one attempt of a Task state: the Scheduled/Started events (Task*, LambdaFunction* or Activity* by resource),
 * the invoker call (on the engine's pool unless the invoker answers immediately) bounded by TimeoutSeconds and HeartbeatSeconds and cancelled with its scope,
 * and the Succeeded/Failed/TimedOut event.
 */
final class TaskRunner {
    private final StateRun r;
    private final TaskState st;
    private final Interpreter in;
    private final History history;

    TaskRunner(StateRun r, TaskState st) {
        this.r = r;
        this.st = st;
        this.in = r.interpreter;
        this.history = in.history;
    }

    /** One attempt: schedules the task (history), invokes it and records its outcome; returns its result. */
    JsonNode run(JsonNode effective, Env env, int attempt) {
        State.ResourceKind kind = st.kind;
        if (kind.waitForTaskToken()) {
            env.context().putObject("Task").put("Token", UUID.randomUUID().toString());
        }
        JsonNode parameters = st.arguments != null ? st.arguments.evaluate(effective, env) : effective;
        Integer timeout = st.timeoutSeconds == null ? null : st.timeoutSeconds.evaluate(effective, env, 1);
        Integer heartbeat = st.heartbeatSeconds == null ? null : st.heartbeatSeconds.evaluate(effective, env, 1);
        String family = kind.family();
        boolean lambdaFunction = State.ResourceKind.LAMBDA_FUNCTION.equals(family);
        boolean activity = State.ResourceKind.ACTIVITY.equals(family);
        ObjectNode scheduled = Json.object();
        if (lambdaFunction || activity) {
            scheduled.put("resource", st.resource);
            scheduled.put("input", in.text(parameters));
            scheduled.set("inputDetails", Interpreter.truncated());
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout);
            }
            if (activity && heartbeat != null) {
                scheduled.put("heartbeatInSeconds", heartbeat);
            }
            history.add(r.lane, lambdaFunction ? "LambdaFunctionScheduled" : "ActivityScheduled",
                    lambdaFunction ? "lambdaFunctionScheduledEventDetails" : "activityScheduledEventDetails", scheduled);
            if (lambdaFunction) {
                history.add(r.lane, "LambdaFunctionStarted", null, null);
            } else {
                ObjectNode w = Json.object();
                w.put("workerName", "local");
                history.add(r.lane, "ActivityStarted", "activityStartedEventDetails", w);
            }
        } else {
            scheduled.put("resourceType", kind.resourceType());
            scheduled.put("resource", kind.resource());
            scheduled.put("region", in.options.region());
            scheduled.put("parameters", in.text(parameters));
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                scheduled.put("heartbeatInSeconds", heartbeat);
            }
            history.add(r.lane, "TaskScheduled", "taskScheduledEventDetails", scheduled);
            history.add(r.lane, "TaskStarted", "taskStartedEventDetails", resourceDetails(kind));
        }
        String prefix = lambdaFunction ? "LambdaFunction" : activity ? "Activity" : "Task";
        String detailsPrefix = lambdaFunction ? "lambdaFunction" : activity ? "activity" : "task";
        TaskInvocation invocation = new TaskInvocation(in.executionArn, st.name, st.resource, parameters, env.contextSupplier(), attempt);
        try {
            JsonNode result = invoke(invocation, timeout, heartbeat, r.scope);
            String resultText = in.text(result);
            if (Payloads.tooLarge(resultText)) {
                throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The task of state '" + st.name
                        + "' returned a result larger than the maximum of " + Payloads.MAX_BYTES + " bytes");
            }
            ObjectNode ok = lambdaFunction || activity ? Json.object() : resourceDetails(kind);
            ok.put("output", resultText);
            ok.set("outputDetails", Interpreter.truncated());
            history.add(r.lane, prefix + "Succeeded", detailsPrefix + "SucceededEventDetails", ok);
            return result;
        } catch (TaskFailedException e) {
            ObjectNode failed = lambdaFunction || activity ? Json.object() : resourceDetails(kind);
            failed.put("error", e.error());
            if (e.cause() != null) {
                failed.put("cause", e.cause());
            }
            history.add(r.lane, prefix + "Failed", detailsPrefix + "FailedEventDetails", failed);
            throw new StatesError(e.error(), e.cause(), true);
        } catch (StatesError timedOut) {
            if (!ErrorNames.TIMEOUT.equals(timedOut.error())) {
                throw timedOut;
            }
            ObjectNode failed = lambdaFunction || activity ? Json.object() : resourceDetails(kind);
            failed.put("error", timedOut.error());
            failed.put("cause", timedOut.cause());
            history.add(r.lane, prefix + "TimedOut", detailsPrefix + "TimedOutEventDetails", failed);
            throw timedOut;
        }
    }

    private static ObjectNode resourceDetails(State.ResourceKind kind) {
        ObjectNode o = Json.object();
        o.put("resourceType", kind.resourceType());
        o.put("resource", kind.resource());
        return o;
    }

    /**
     * Waits until the invocation is done, or throws on TimeoutSeconds/HeartbeatSeconds or the scope's cancellation.
     * The TimeoutSeconds clock starts when the invocation begins: an invoker may hold it while it gets ready (a Lambda
     * execution environment's cold start) and restart it then.
     */
    private static void awaitDone(TaskInvocation invocation, CompletableFuture<JsonNode> future, CompletableFuture<Object> any,
                                  Integer timeout, Integer heartbeat, double scale, Scope scope) {
        while (true) {
            long now = System.nanoTime();
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
                // handled by the caller through the task's own future
            }
            if (future.isDone()) {
                return;
            }
            scope.check();
        }
    }

    /** Calls the invoker on another thread, waiting for its result, the timeouts or the scope's cancellation. */
    private JsonNode invoke(TaskInvocation invocation, Integer timeout, Integer heartbeat, Scope scope) throws TaskFailedException {
        scope.check();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        Runnable call = () -> {
            try {
                JsonNode result = in.invoker.invoke(invocation);
                future.complete(result == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : result);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        };
        if (in.invoker.immediate()) {
            call.run(); // answers at once: no hand-off (the timeouts below still apply to the answer)
        } else {
            Forks.release(); // this thread is about to wait: its waiting siblings go to the pool
            in.engine.executor().execute(call);
        }
        double scale = in.options.timeoutScale();
        CompletableFuture<Object> any = CompletableFuture.anyOf(future, scope.cancelled);
        try {
            awaitDone(invocation, future, any, timeout, heartbeat, scale, scope);
        } catch (RuntimeException e) {
            if (!future.isDone() || future.isCancelled()) {
                invocation.cancel(); // timed out or aborted: the invoker stops the work
            }
            throw e;
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
