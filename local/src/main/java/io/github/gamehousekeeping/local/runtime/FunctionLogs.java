package io.github.gamehousekeeping.local.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.lambda.InvokeResult;
import io.github.gamehousekeeping.local.lambda.LambdaTaskInvoker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The log lines of every Lambda invocation, kept per execution and state: what CloudWatch Logs would hold in the
 * functions' log groups, for the local runtime's {@code LocalGetExecutionLogs} operation (a local extension of the
 * Step Functions API, see docs/local-server.md) and anyone else who wants the lines of one execution. The lines of
 * the most recent {@value #MAX_EXECUTIONS} executions are kept.
 */
public final class FunctionLogs implements LambdaTaskInvoker.InvocationListener {
    /** Executions whose lines are kept; older ones are dropped first. */
    public static final int MAX_EXECUTIONS = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One invocation made by a state of an execution, with its log lines (init lines included for a cold start). */
    public record Entry(String stateName, InvokeResult result) {
    }

    private final Map<String, List<Entry>> byExecution = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Entry>> eldest) {
            return size() > MAX_EXECUTIONS;
        }
    };

    @Override
    public synchronized void onInvocation(String executionArn, String stateName, InvokeResult result) {
        byExecution.computeIfAbsent(executionArn, k -> new ArrayList<>()).add(new Entry(stateName, result));
    }

    /**
     * The invocations of an execution in the order they were made (empty when unknown). An Express execution's ARN
     * ends with a run id that may differ between the API and the engine: ARNs of the same state machine and execution
     * name match too.
     */
    public synchronized List<Entry> of(String executionArn) {
        List<Entry> exact = byExecution.get(executionArn);
        if (exact != null) {
            return List.copyOf(exact);
        }
        for (Map.Entry<String, List<Entry>> e : byExecution.entrySet()) {
            if (sameExecution(e.getKey(), executionArn)) {
                return List.copyOf(e.getValue());
            }
        }
        return List.of();
    }

    /** {@code arn:aws:states:REGION:ACCOUNT:execution|express:STATE_MACHINE:NAME[:RUN]}: same machine and name. */
    static boolean sameExecution(String a, String b) {
        String[] x = a.split(":");
        String[] y = b.split(":");
        return x.length >= 8 && y.length >= 8 && x[3].equals(y[3]) && x[4].equals(y[4]) && x[6].equals(y[6])
                && x[7].equals(y[7]);
    }

    /**
     * The {@code LocalGetExecutionLogs} reply: {@code {"executionArn", "invocations": [{"stateName", "functionName",
     * "requestId", "coldStart", "initMs", "durationMs", "error"?, "logs": [line, ...]}]}}, optionally only the
     * invocations of {@code stateName}. Each line is the text the function wrote (a JSON object for the housekeeping
     * functions).
     */
    public ObjectNode toJson(String executionArn, String stateName) {
        ObjectNode reply = MAPPER.createObjectNode();
        reply.put("executionArn", executionArn);
        ArrayNode invocations = reply.putArray("invocations");
        for (Entry e : of(executionArn)) {
            if (stateName != null && !stateName.equals(e.stateName())) {
                continue;
            }
            InvokeResult r = e.result();
            ObjectNode i = invocations.addObject();
            i.put("stateName", e.stateName());
            i.put("functionName", r.functionName());
            i.put("requestId", r.requestId());
            i.put("coldStart", r.coldStart());
            i.put("initMs", r.initMs());
            i.put("durationMs", r.durationMs());
            if (!r.succeeded()) {
                i.put("error", r.errorType());
            }
            ArrayNode logs = i.putArray("logs");
            r.logs().forEach(logs::add);
        }
        return reply;
    }
}
