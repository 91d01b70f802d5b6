package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Task: calls its Resource through the TaskInvoker (see {@link TaskRunner}) with Parameters/Arguments. */
public final class TaskState extends State.ResultState {
    public final String resource;
    /** Parameters (JSONPath) or Arguments (JSONata), or null: the effective input is sent. */
    final Template arguments;
    /** Each null when absent. */
    final IntField timeoutSeconds;
    final IntField heartbeatSeconds;
    public final ResourceKind kind;

    TaskState(Common c, Paths.ReferencePath resultPath, Template resultSelector, List<Retrier> retriers, List<Catcher> catchers,
              String resource, Template arguments, IntField timeoutSeconds, IntField heartbeatSeconds) {
        super(c, "Task", resultPath, resultSelector, retriers, catchers);
        this.resource = resource;
        this.arguments = arguments;
        this.timeoutSeconds = timeoutSeconds;
        this.heartbeatSeconds = heartbeatSeconds;
        this.kind = ResourceKind.of(resource);
    }

    @Override
    JsonNode attempt(StateRun r, JsonNode effective, Env env, int attempt) {
        return new TaskRunner(r, this).run(effective, env, attempt);
    }
}
