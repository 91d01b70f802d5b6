package io.github.gamehousekeeping.local.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local runtime as a test class sees it: endpoints, clients, the housekeeping state machine, and state machines of
 * its own (created through the Step Functions API, deleted after the class). Thread-safe.
 */
@SuppressWarnings("deprecation") // CloseableResource: closed by JUnit versions that do not close AutoCloseable values
public final class LocalStepFunctions implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/LocalStepFunctionsTest";

    private final LocalRuntime local;
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    LocalStepFunctions(LocalRuntime local) {
        this.local = local;
    }

    /** The Step Functions endpoint ({@code http://127.0.0.1:<port>}), for clients of your own. */
    public URI endpoint() {
        return local.server.endpoint();
    }

    /** DynamoDB Local's endpoint, with the housekeeping tables. */
    public URI dynamoDbEndpoint() {
        return local.runtime.dynamoDbEndpoint();
    }

    /** Requests the Step Functions endpoint has received so far (any operation, any client). */
    public long requestCount() {
        return local.server.requestCount();
    }

    public Region region() {
        return Region.US_EAST_1;
    }

    /** Any credentials work; these are the ones the injected clients use. */
    public AwsCredentialsProvider credentials() {
        return LocalRuntime.CREDENTIALS;
    }

    /** The SfnClient of this runtime (closed by the extension). */
    public SfnClient sfn() {
        return local.sfn;
    }

    /** A DynamoDbClient for DynamoDB Local (closed by the extension). */
    public DynamoDbClient dynamoDb() {
        return local.runtime.dynamoDb().client();
    }

    /** The ARN of the housekeeping state machine of the local stack. */
    public String housekeepingStateMachineArn() {
        return local.runtime.stateMachine().arn();
    }

    /** The names of the local stack's Lambda functions (Lambda tasks of your state machines may call them by name or ARN). */
    public Set<String> functionNames() {
        return local.runtime.deployment().functions().keySet();
    }

    /**
     * The DynamoDB Local name of a table of the stack, e.g. {@code tableName("CompletedLevel")}: the first table whose
     * name or logical id contains {@code part}.
     */
    public String tableName(String part) {
        return local.runtime.deployment().tables().stream()
                .filter(t -> t.name().contains(part) || t.logicalId().contains(part))
                .map(t -> t.name())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The local stack has no table like " + part + ": "
                        + local.runtime.deployment().tables().stream().map(t -> t.name()).toList()));
    }

    /** The runtime itself (metrics, invocation listeners, table dump). */
    public HousekeepingRuntime runtime() {
        return local.runtime;
    }

    /** A Standard state machine without mocks: see {@link #createStateMachine(String, StateMachineType, String, String)}. */
    public String createStateMachine(String name, String definition) {
        return createStateMachine(name, StateMachineType.STANDARD, definition, null);
    }

    /** A Standard state machine whose test cases come from {@code mockConfig}. */
    public String createStateMachine(String name, String definition, String mockConfig) {
        return createStateMachine(name, StateMachineType.STANDARD, definition, mockConfig);
    }

    /**
     * Creates a state machine with CreateStateMachine (validated as AWS does: an invalid definition throws the SDK's
     * {@code InvalidDefinitionException}); it is deleted after the test class.
     *
     * @param mockConfig an AWS Step Functions Local mock configuration (JSON text) whose
     *                   {@code StateMachines.<name>.TestCases} serve executions started with {@link #testCase}; null:
     *                   none (Lambda tasks call the local stack's functions)
     * @return the state machine ARN
     */
    public String createStateMachine(String name, StateMachineType type, String definition, String mockConfig) {
        if (mockConfig != null) {
            try {
                local.runtime.executions().taskRouting().mockConfig(name, Json.parse(mockConfig));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("mockConfig of " + name + ": invalid JSON: " + e.getOriginalMessage(), e);
            }
        }
        try {
            String arn = local.sfn.createStateMachine(r -> r.name(name).type(type).definition(definition).roleArn(ROLE_ARN))
                    .stateMachineArn();
            created.add(arn);
            return arn;
        } catch (RuntimeException e) {
            local.runtime.executions().taskRouting().removeMockConfig(name);
            throw e;
        }
    }

    /** {@code <stateMachineArn>#<testCase>}: the StartExecution ARN that runs a test case of the mock configuration. */
    public static String testCase(String stateMachineArn, String testCase) {
        return stateMachineArn + "#" + testCase;
    }

    /** Starts a Standard execution and waits (up to 60 s) until it ends. */
    public DescribeExecutionResponse execute(String stateMachineArn, String input) {
        return execute(stateMachineArn, input, Duration.ofSeconds(60));
    }

    /** Starts a Standard execution and waits until it ends; AssertionError when still running after {@code timeout}. */
    public DescribeExecutionResponse execute(String stateMachineArn, String input, Duration timeout) {
        String executionArn = local.sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).input(input)).executionArn();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DescribeExecutionResponse d = local.sfn.describeExecution(r -> r.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Execution " + executionArn + " still RUNNING after " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + executionArn, e);
            }
        }
    }

    /** Deletes the state machines this class created (the extension calls it after the class). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (String arn : created) {
                local.sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
            }
            created.clear();
        }
    }
}
