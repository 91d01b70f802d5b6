package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.MockConfigTaskInvoker;
import io.github.gamehousekeeping.local.asl.TaskFailedException;
import io.github.gamehousekeeping.local.asl.TaskInvocation;
import io.github.gamehousekeeping.local.asl.TaskInvoker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which invoker serves the Task states of an execution, as AWS Step Functions Local selects it:
 * <ul>
 *   <li>a state machine created through the API ({@code CreateStateMachine}): Lambda tasks ({@code lambda:invoke} with
 *       a {@code FunctionName}, or a function ARN as Resource) run the local stack's function of that name or ARN;
 *       any other task fails with an error naming the state and the resource;</li>
 *   <li>{@code StartExecution} with {@code <stateMachineArn>#<TestCase>}: the states named by
 *       {@code StateMachines.<stateMachineName>.TestCases.<TestCase>} of the mock configuration answer with their mocked
 *       responses; the other states run as without a test case (Step Functions Local's hybrid test cases).</li>
 * </ul>
 * The mock configuration is the file given to {@code serve --mock-config}, or one registered for a single state
 * machine with {@link #mockConfig(String, JsonNode)} (tests). Thread-safe.
 */
public final class TaskRouting {
    private static final Pattern LAMBDA_INVOKE = Pattern.compile("arn:aws[a-z-]*:states:::lambda:invoke");
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?");

    /** The local stack's Lambda functions: {@code resolver} maps a FunctionName (name, ARN) to a function. */
    public record StackFunctions(Function<String, Optional<String>> resolver, TaskInvoker invoker) {
    }

    private volatile JsonNode mockConfig;
    private final Map<String, JsonNode> mockConfigByStateMachine = new ConcurrentHashMap<>();
    private volatile StackFunctions stackFunctions;

    /** The functions Lambda tasks of created state machines may call (null: none). */
    public void stackFunctions(StackFunctions functions) {
        this.stackFunctions = functions;
    }

    /**
     * The mock configuration for every state machine ({@code serve --mock-config}).
     *
     * @throws IllegalArgumentException naming what is malformed (see {@link #validate})
     */
    public void mockConfig(JsonNode config) {
        validate(config);
        this.mockConfig = config;
    }

    /** A mock configuration used for the state machine {@code stateMachineName} only (before the global one). */
    public void mockConfig(String stateMachineName, JsonNode config) {
        validate(config);
        mockConfigByStateMachine.put(stateMachineName, config);
    }

    /** Forgets the mock configuration registered for one state machine. */
    public void removeMockConfig(String stateMachineName) {
        mockConfigByStateMachine.remove(stateMachineName);
    }

    /**
     * Checks a Step Functions Local mock configuration: a {@code StateMachines} object whose test cases map state
     * names to responses defined under {@code MockedResponses}, each a map of invocation numbers or ranges to
     * {@code Return} or {@code Throw}.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static void validate(JsonNode config) {
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("the mock configuration must be a JSON object with StateMachines and MockedResponses");
        }
        JsonNode machines = config.path("StateMachines");
        if (!machines.isObject()) {
            throw new IllegalArgumentException("the mock configuration has no StateMachines object");
        }
        if (config.has("MockedResponses") && !config.get("MockedResponses").isObject()) {
            throw new IllegalArgumentException("MockedResponses of the mock configuration must be an object");
        }
        for (var it = machines.fields(); it.hasNext(); ) {
            var machine = it.next();
            JsonNode cases = machine.getValue().path("TestCases");
            if (!cases.isObject()) {
                throw new IllegalArgumentException("StateMachines." + machine.getKey() + " of the mock configuration has no TestCases object");
            }
            for (var names = cases.fieldNames(); names.hasNext(); ) {
                String testCase = names.next();
                try {
                    new MockConfigTaskInvoker(config, machine.getKey(), testCase);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("StateMachines." + machine.getKey() + ".TestCases." + testCase + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The invoker of a state machine created through the API: the stack's functions, else a clear failure. */
    TaskInvoker createdStateMachineInvoker() {
        return this::invokeStackFunction;
    }

    private JsonNode invokeStackFunction(TaskInvocation invocation) throws TaskFailedException {
        String resource = invocation.resource();
        String function = lambdaFunction(invocation);
        StackFunctions functions = stackFunctions;
        if (function != null && functions != null && functions.resolver().apply(function).isPresent()) {
            return functions.invoker().invoke(invocation);
        }
        String notMocked = "it is not mocked (serve --mock-config FILE, and start the execution with the state machine ARN "
                + "followed by #<TestCase>)";
        if (function != null) {
            throw new TaskFailedException("Lambda.ResourceNotFoundException", "State \"" + invocation.stateName()
                    + "\" (resource " + resource + "): function " + function + " is not a function of the local stack"
                    + (functions == null ? " (this server runs no stack)" : "") + ", and " + notMocked);
        }
        throw new TaskFailedException("States.Runtime", "State \"" + invocation.stateName() + "\": the resource " + resource
                + " is not served locally (only the local stack's Lambda functions are), and " + notMocked);
    }

    /** The FunctionName of a Lambda task, null for other resources. */
    private static String lambdaFunction(TaskInvocation invocation) {
        String resource = invocation.resource();
        if (LAMBDA_INVOKE.matcher(resource).matches()) {
            JsonNode name = invocation.input() == null ? null : invocation.input().get("FunctionName");
            return name != null && name.isTextual() ? name.textValue() : null;
        }
        return FUNCTION_ARN.matcher(resource).matches() ? resource : null;
    }

    /**
     * The invoker of one execution started with {@code #testCase}: the mocked states of the test case answer from the
     * mock configuration, the others go to {@code fallback}.
     *
     * @throws ApiException {@code InvalidArn} naming the missing mock configuration, state machine or test case
     */
    TaskInvoker testCaseInvoker(String qualifiedArn, String stateMachineName, String testCase, TaskInvoker fallback) {
        JsonNode config = mockConfigByStateMachine.getOrDefault(stateMachineName, mockConfig);
        if (config == null) {
            throw new ApiException("InvalidArn", "Invalid Arn: '" + qualifiedArn + "' (test case \"" + testCase
                    + "\": no mock configuration is loaded; start serve with --mock-config FILE)");
        }
        JsonNode cases = config.path("StateMachines").path(stateMachineName).path("TestCases");
        JsonNode states = cases.get(testCase);
        if (states == null || !states.isObject()) {
            List<String> known = new ArrayList<>();
            cases.fieldNames().forEachRemaining(known::add);
            throw new ApiException("InvalidArn", "Invalid Arn: '" + qualifiedArn + "' (the mock configuration has no test case \""
                    + testCase + "\" under StateMachines." + stateMachineName + ".TestCases; it has: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        Set<String> mocked = new HashSet<>();
        states.fieldNames().forEachRemaining(mocked::add);
        MockConfigTaskInvoker mocks = new MockConfigTaskInvoker(config, stateMachineName, testCase);
        return new TaskInvoker() {
            @Override
            public JsonNode invoke(TaskInvocation invocation) throws TaskFailedException {
                return mocked.contains(invocation.stateName()) ? mocks.invoke(invocation) : fallback.invoke(invocation);
            }

            @Override
            public void executionEnded(String executionArn) {
                mocks.executionEnded(executionArn);
                fallback.executionEnded(executionArn);
            }
        };
    }
}
