package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TaskInvoker} that answers from an AWS Step Functions Local mock configuration:
 * {@code StateMachines.<name>.TestCases.<testCase>.<TaskState>} names a mocked response, and
 * {@code MockedResponses.<response>} maps zero-based invocation numbers ({@code "0"}) or inclusive ranges
 * ({@code "1-2"}) to {@code {"Return": value}} or {@code {"Throw": {"Error": ..., "Cause": ...}}}. Invocations are
 * counted per execution and Task state, including retries and Map iterations. A Task state without a mapping, or an
 * invocation number without a response, fails the execution ({@code States.Runtime}): every Task must be mocked.
 */
public final class MockConfigTaskInvoker implements TaskInvoker {
    private record Response(int from, int to, JsonNode returned, String error, String cause) {
    }

    private final Map<String, List<Response>> responsesByState;
    private final String description;
    private final Map<String, Map<String, AtomicInteger>> counters = new ConcurrentHashMap<>();

    /**
     * @param mockConfig       the whole mock configuration file
     * @param stateMachineName the key under StateMachines
     * @param testCase         the key under TestCases
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public MockConfigTaskInvoker(JsonNode mockConfig, String stateMachineName, String testCase) {
        this.description = "state machine \"" + stateMachineName + "\", test case \"" + testCase + "\"";
        JsonNode machines = mockConfig.path("StateMachines");
        if (!machines.isObject()) {
            throw new IllegalArgumentException("the mock configuration has no StateMachines object");
        }
        JsonNode machine = machines.get(stateMachineName);
        if (machine == null) {
            throw new IllegalArgumentException("the mock configuration has no state machine \"" + stateMachineName
                    + "\" under StateMachines (has: " + names(machines) + ")");
        }
        JsonNode cases = machine.path("TestCases");
        JsonNode tc = cases.get(testCase);
        if (tc == null || !tc.isObject()) {
            throw new IllegalArgumentException("the mock configuration has no test case \"" + testCase + "\" for state machine \""
                    + stateMachineName + "\" (has: " + names(cases) + ")");
        }
        JsonNode mocked = mockConfig.path("MockedResponses");
        Map<String, List<Response>> byState = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = tc.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String responseName = e.getValue().asText();
            JsonNode response = mocked.get(responseName);
            if (response == null || !response.isObject()) {
                throw new IllegalArgumentException("the mocked response \"" + responseName + "\" of state \"" + e.getKey()
                        + "\" is not defined under MockedResponses");
            }
            byState.put(e.getKey(), parse(responseName, response));
        }
        this.responsesByState = Map.copyOf(byState);
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static List<Response> parse(String name, JsonNode response) {
        List<Response> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = response.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().trim();
            int from;
            int to;
            try {
                int dash = key.indexOf('-');
                from = Integer.parseInt(dash < 0 ? key : key.substring(0, dash).trim());
                to = dash < 0 ? from : Integer.parseInt(key.substring(dash + 1).trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("mocked response \"" + name + "\": key \"" + key
                        + "\" is not an invocation number or a range such as \"1-2\"");
            }
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("mocked response \"" + name + "\": invalid range \"" + key + "\"");
            }
            JsonNode v = e.getValue();
            if (v.has("Return")) {
                out.add(new Response(from, to, v.get("Return"), null, null));
            } else if (v.has("Throw")) {
                JsonNode t = v.get("Throw");
                if (!t.path("Error").isTextual()) {
                    throw new IllegalArgumentException("mocked response \"" + name + "\" [" + key + "]: Throw needs an Error string");
                }
                out.add(new Response(from, to, null, t.get("Error").textValue(), t.path("Cause").isTextual() ? t.get("Cause").textValue() : null));
            } else {
                throw new IllegalArgumentException("mocked response \"" + name + "\" [" + key + "] has neither Return nor Throw");
            }
        }
        return List.copyOf(out);
    }

    @Override
    public JsonNode invoke(TaskInvocation invocation) throws TaskFailedException {
        List<Response> responses = responsesByState.get(invocation.stateName());
        if (responses == null) {
            throw new IllegalStateException("Task state \"" + invocation.stateName() + "\" has no mocked response in the mock configuration ("
                    + description + ")");
        }
        int number = counters.computeIfAbsent(invocation.executionArn(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(invocation.stateName(), k -> new AtomicInteger())
                .getAndIncrement();
        for (Response r : responses) {
            if (number >= r.from() && number <= r.to()) {
                if (r.error() != null) {
                    throw new TaskFailedException(r.error(), r.cause());
                }
                return r.returned();
            }
        }
        throw new IllegalStateException("Task state \"" + invocation.stateName() + "\": no mocked response for invocation #" + number
                + " (zero-based) in the mock configuration (" + description + ")");
    }

    /** Answers from memory: called on the execution's thread. */
    @Override
    public boolean immediate() {
        return true;
    }

    @Override
    public void executionEnded(String executionArn) {
        counters.remove(executionArn);
    }
}
