package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attempt of a Task state: which execution and state, the Resource, the effective input (after InputPath and
 * Parameters), the context object ({@code $$}) and the attempt number (0 for the first, 1 for the first retry...).
 */
public final class TaskInvocation {
    private final String executionArn;
    private final String stateName;
    private final String resource;
    private final JsonNode input;
    private final java.util.function.Supplier<? extends JsonNode> context;
    private final int attempt;
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private volatile long timeoutStartNanos = lastHeartbeatNanos;
    private volatile boolean timeoutHeld;
    private final java.util.List<Runnable> cancelHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public TaskInvocation(String executionArn, String stateName, String resource, JsonNode input, JsonNode context, int attempt) {
        this(executionArn, stateName, resource, input, () -> context, attempt);
    }

    /** The context object is made when an invoker first reads it. */
    TaskInvocation(String executionArn, String stateName, String resource, JsonNode input,
                   java.util.function.Supplier<? extends JsonNode> context, int attempt) {
        this.executionArn = executionArn;
        this.stateName = stateName;
        this.resource = resource;
        this.input = input;
        this.context = context;
        this.attempt = attempt;
    }

    public String executionArn() {
        return executionArn;
    }

    public String stateName() {
        return stateName;
    }

    public String resource() {
        return resource;
    }

    /** The effective input: for lambda:invoke the Parameters object {FunctionName, Payload, ...}. */
    public JsonNode input() {
        return input;
    }

    /** The context object ($$): Execution, StateMachine, State (Name, EnteredTime, RetryCount), Task.Token. */
    public JsonNode context() {
        return context.get();
    }

    /** 0 for the first attempt, n for the n-th retry. */
    public int attempt() {
        return attempt;
    }

    /** The task token ($$.Task.Token) of a .waitForTaskToken resource, else null. */
    public String taskToken() {
        JsonNode task = context().get("Task");
        return task == null || task.get("Token") == null ? null : task.get("Token").asText();
    }

    /** SendTaskHeartbeat: restarts the HeartbeatSeconds timer. */
    public void heartbeat() {
        lastHeartbeatNanos = System.nanoTime();
    }

    long lastHeartbeatNanos() {
        return lastHeartbeatNanos;
    }

    /**
     * Stops the TimeoutSeconds clock until {@link #restartTimeout()}: an invoker calls it while it gets ready (e.g. a
     * Lambda execution environment's init on a cold start), so that time does not count against the task.
     */
    public void holdTimeout() {
        timeoutHeld = true;
    }

    /** Starts the TimeoutSeconds clock (again) now: the work itself begins. */
    public void restartTimeout() {
        timeoutStartNanos = System.nanoTime();
        timeoutHeld = false;
    }

    boolean timeoutHeld() {
        return timeoutHeld;
    }

    long timeoutStartNanos() {
        return timeoutStartNanos;
    }

    /** Runs {@code hook} when the engine gives up on this attempt (timeout, abort): the invoker stops the work. */
    public void onCancel(Runnable hook) {
        cancelHooks.add(hook);
        if (cancelled && cancelHooks.remove(hook)) {
            hook.run();
        }
    }

    void cancel() {
        cancelled = true;
        for (Runnable hook : cancelHooks) {
            if (cancelHooks.remove(hook)) {
                hook.run();
            }
        }
    }
}
