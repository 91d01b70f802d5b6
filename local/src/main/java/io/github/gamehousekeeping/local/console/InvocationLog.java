package io.github.gamehousekeeping.local.console;

import io.github.gamehousekeeping.local.lambda.InvokeResult;
import io.github.gamehousekeeping.local.lambda.LambdaTaskInvoker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Lambda invocations of each execution (cold or warm, init and duration), as {@code run --trace} reports them. */
public final class InvocationLog implements LambdaTaskInvoker.InvocationListener {
    private final Map<String, List<ExecutionView.Invocation>> byExecution = new ConcurrentHashMap<>();

    @Override
    public void onInvocation(String executionArn, String stateName, InvokeResult result) {
        byExecution.computeIfAbsent(executionArn, k -> new CopyOnWriteArrayList<>())
                .add(new ExecutionView.Invocation(Instant.now(), stateName, result));
    }

    /** The invocations of one execution so far, in order (empty when none, or when the tasks are not Lambda). */
    public List<ExecutionView.Invocation> of(String executionArn) {
        return List.copyOf(byExecution.getOrDefault(executionArn, List.of()));
    }
}
