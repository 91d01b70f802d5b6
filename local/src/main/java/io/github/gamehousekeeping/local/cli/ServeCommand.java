package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.console.ConsoleHandler;
import io.github.gamehousekeeping.local.console.InvocationLog;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
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
                "GetExecutionHistory, ListExecutions, StopExecution, DescribeStateMachine, ListStateMachines) for the",
                "housekeeping state machine, and DynamoDB Local, on 127.0.0.1, so AWS SDKs, the AWS CLI and a game",
                "backend can use them with an endpoint override, and a web console on the same port (open the console",
                "URL in a browser). Prints the state machine ARN, the endpoints and the console URL as one JSON line,",
                "then runs until SIGINT/SIGTERM."})
public class ServeCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8083",
            description = "Port of the Step Functions endpoint (0: any free port; default: ${DEFAULT-VALUE}).")
    int port;

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
        HousekeepingRuntime.Options options = runtimeOptions.toOptions();
        HousekeepingRuntime runtime = HousekeepingRuntime.start(options);
        StepFunctionsServer server;
        try {
            server = StepFunctionsServer.start(runtime.executions(), port);
        } catch (java.io.IOException e) {
            runtime.close();
            throw new LocalCli.UsageError("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
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
            server.close();
            runtime.close();
            err.println("housekeeping-local: stopped");
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
        out.println(MAPPER.writeValueAsString(info));
        out.flush();
        err.println("housekeeping-local: serving " + runtime.stateMachine().arn() + " at " + server.endpoint()
                + " (DynamoDB Local at " + runtime.dynamoDbEndpoint() + "); Ctrl-C stops");
        err.println("housekeeping-local: console at " + server.endpoint() + "/");
        err.flush();
        stopped.await();
        return CommandLine.ExitCode.OK;
    }
}
