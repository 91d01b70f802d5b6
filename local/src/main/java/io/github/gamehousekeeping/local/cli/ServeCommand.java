package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.runtime.GracefulShutdown;
import io.github.gamehousekeeping.local.console.ConsoleHandler;
import io.github.gamehousekeeping.local.console.InvocationLog;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import io.github.gamehousekeeping.local.server.StepFunctionsServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the Step Functions API (and DynamoDB Local) for the housekeeping state machine, on loopback. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the Step Functions API (AWS JSON 1.0: StartExecution, StartSyncExecution, DescribeExecution,",
                "GetExecutionHistory, ListExecutions, StopExecution, DescribeStateMachine, ListStateMachines, and for",
                "state machines of your own CreateStateMachine, UpdateStateMachine, DeleteStateMachine,",
                "DescribeStateMachineForExecution, ValidateStateMachineDefinition, TagResource, UntagResource,",
                "ListTagsForResource) for the housekeeping state machine and yours, and DynamoDB Local, on 127.0.0.1 (--bind-address),",
                "so AWS SDKs, the AWS CLI and a game",
                "backend can use them with an endpoint override. Prints the state machine ARN and the endpoints as one",
                "JSON line, serves a web console on the same port (the console URL is in that line), then runs until",
                "SIGINT/SIGTERM."})
public class ServeCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What DynamoDB Local accepts: it checks no signature, but keeps one database per access key id and region. */
    static final String DYNAMODB_CREDENTIALS = "region " + HousekeepingRuntime.DEFAULT_REGION + ", access key id '"
            + LocalDynamoDb.ACCESS_KEY_ID + "' with any secret key (signatures are not checked; another access key id"
            + " or region sees a separate, empty database)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8083",
            description = "Port of the Step Functions endpoint (0: any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--mock-config", paramLabel = "FILE",
            description = {"AWS Step Functions Local mock configuration: an execution started with the state machine ARN",
                    "followed by #<TestCase> answers the test case's states with their mocked responses."})
    java.nio.file.Path mockConfig;
    @Option(names = "--shutdown-grace-seconds", paramLabel = "S", defaultValue = "30",
            description = "On SIGTERM/SIGINT: new starts are refused (ServiceUnavailable) and executions already "
                    + "accepted get up to S seconds to end; then the ones still running are abandoned and listed "
                    + "(default: ${DEFAULT-VALUE}).")
    double shutdownGraceSeconds;

    @CommandLine.Mixin
    RuntimeOptions runtimeOptions;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread hook;
    private volatile Runnable shutdown;

    /** Stops a running {@code serve} as SIGINT/SIGTERM would (for embedding and tests). */
    public void stop() {
        Thread h = hook;
        Runnable s = shutdown;
        if (h != null && s != null && stopped.getCount() > 0) {
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException shuttingDown) {
                return; // the hook runs anyway
            }
            s.run();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new LocalCli.UsageError("--port must be between 0 and 65535, got " + port);
        }
        if (!(shutdownGraceSeconds >= 0) || shutdownGraceSeconds > 3600) {
            throw new LocalCli.UsageError("--shutdown-grace-seconds must be between 0 and 3600, got " + shutdownGraceSeconds);
        }
        HousekeepingRuntime.Options options = runtimeOptions.toOptions();
        com.fasterxml.jackson.databind.JsonNode mocks = mockConfig == null ? null : MockConfigFile.read(mockConfig);
        HousekeepingRuntime runtime = HousekeepingRuntime.start(options);
        runtime.notes().forEach(note -> err.println("housekeeping-local: note: " + note));
        err.flush();
        if (mocks != null) {
            runtime.executions().taskRouting().mockConfig(mocks);
        }
        StepFunctionsServer server;
        try {
            server = StepFunctionsServer.start(runtime.executions(), options.bindAddress(), port);
            server.executionLogs(runtime.functionLogs()::toJson);
        } catch (java.io.IOException e) {
            runtime.close();
            throw new LocalCli.UsageError("cannot listen on " + options.bindAddress().getHostAddress() + ":" + port
                    + ": " + e.getMessage());
        }
        InvocationLog invocations = new InvocationLog();
        runtime.addInvocationListener(invocations);
        server.attachConsole(new ConsoleHandler(runtime.executions(), invocations));
        runtime.metrics().addListener(m -> {
            err.printf(Locale.ROOT, "metric %s/%s = %s %s %s (%s)%n", m.namespace(), m.name(), m.value(), m.unit(),
                    m.dimensions(), m.source());
            err.flush();
        });
        Runnable shutdown = () -> {
            err.println("housekeeping-local: stopping: new executions are refused (ServiceUnavailable); waiting up to "
                    + shutdownGraceSeconds + " s for the accepted ones");
            err.flush();
            GracefulShutdown.Report report = GracefulShutdown.drain(runtime.executions(),
                    java.time.Duration.ofMillis((long) (shutdownGraceSeconds * 1000)));
            server.close();
            runtime.close();
            try {
                out.println(MAPPER.writeValueAsString(report.toJson()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.flush();
            err.println("housekeeping-local: stopped: " + report.summary());
            err.flush();
            stopped.countDown();
        };
        hook = new Thread(shutdown, "housekeeping-local-shutdown");
        this.shutdown = shutdown;
        Runtime.getRuntime().addShutdownHook(hook);

        ObjectNode info = MAPPER.createObjectNode();
        info.put("stateMachineArn", runtime.stateMachine().arn());
        info.put("type", runtime.stateMachine().type().name());
        info.put("stepFunctionsEndpoint", server.endpoint().toString());
        info.put("consoleUrl", server.endpoint() + "/");
        info.put("dynamoDbEndpoint", runtime.dynamoDbEndpoint().toString());
        info.put("region", HousekeepingRuntime.DEFAULT_REGION);
        info.put("dynamoDbAccessKeyId", LocalDynamoDb.ACCESS_KEY_ID);
        info.put("dynamoDbCredentials", DYNAMODB_CREDENTIALS);
        info.put("lambdaConcurrency", runtime.lambda().concurrencyLimit());
        out.println(MAPPER.writeValueAsString(info));
        out.flush();
        err.println("housekeeping-local: serving " + runtime.stateMachine().arn() + " at " + server.endpoint()
                + " (DynamoDB Local at " + runtime.dynamoDbEndpoint() + ": " + DYNAMODB_CREDENTIALS + "); Ctrl-C stops");
        err.println("housekeeping-local: console at " + server.endpoint() + "/");
        err.flush();
        stopped.await();
        return CommandLine.ExitCode.OK;
    }
}
