package io.github.gamehousekeeping.client.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.gamehousekeeping.client.AwaitTimeoutException;
import io.github.gamehousekeeping.client.ExecutionConflictException;
import io.github.gamehousekeeping.client.ExecutionResult;
import io.github.gamehousekeeping.client.HousekeepingClient;
import io.github.gamehousekeeping.client.SfnClients;
import io.github.gamehousekeeping.client.Submission;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.WorkflowErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code java -jar housekeeping-client.jar submit|status|redrive ...}. Exit status: {@value #OK} started / succeeded / still
 * running, {@value #EXECUTION_FAILED} the execution FAILED, TIMED_OUT or was ABORTED, {@value #INVALID} invalid
 * arguments, invalid event (fields named on stderr), unreadable file, unknown state machine or execution, eventId
 * already used for a different event, {@value #SERVICE_ERROR} Step Functions could not be called (network, throttled
 * after the SDK's retries, service error), {@value #WAIT_TIMED_OUT} {@code --wait} timed out while the execution runs.
 */
@Command(name = "housekeeping-client", mixinStandardHelpOptions = true, version = "housekeeping-client 1.0.0",
        description = "Submits completion events to the game housekeeping workflow and reads execution results.",
        subcommands = {HousekeepingCli.Submit.class, HousekeepingCli.Status.class, HousekeepingCli.Redrive.class})
public final class HousekeepingCli implements Runnable {
    public static final int OK = 0;
    public static final int EXECUTION_FAILED = 1;
    public static final int INVALID = 2;
    public static final int SERVICE_ERROR = 3;
    public static final int WAIT_TIMED_OUT = 4;

    static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        System.exit(code);
    }

    /** Runs the CLI in-process; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new HousekeepingCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = exitCodeOf(e);
            commandLine.getErr().println("error: " + messageOf(e));
            commandLine.getErr().flush();
            return code;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: submit, status or redrive");
    }

    static int exitCodeOf(Exception e) {
        if (e instanceof InvalidEventException || e instanceof ExecutionConflictException
                || e instanceof ExecutionDoesNotExistException || e instanceof StateMachineDoesNotExistException
                || e instanceof InvalidArnException || e instanceof IllegalArgumentException
                || e instanceof ExecutionNotRedrivableException
                || e instanceof UnsupportedOperationException) {
            return INVALID;
        }
        if (e instanceof AwaitTimeoutException) {
            return WAIT_TIMED_OUT;
        }
        return SERVICE_ERROR;
    }

    private static String messageOf(Exception e) {
        if (e instanceof SdkException sdk && sdk.getMessage() != null) {
            return sdk.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    /** Options shared by both commands. */
    static class Connection {
        @Option(names = "--endpoint-url", paramLabel = "URL",
                description = "Step Functions endpoint, e.g. http://127.0.0.1:8083 for the local runtime. "
                        + "With it, dummy credentials are used when the SDK chain finds none.")
        URI endpointUrl;

        @Option(names = "--region", paramLabel = "REGION",
                description = "Region; default: the region in the ARN, then the SDK chain (AWS_REGION, profile), "
                        + "then us-east-1 when --endpoint-url is given.")
        String region;

        SfnClient sfnClient(String arn) {
            return SfnClients.create(region(arn), endpointUrl, credentials(), null);
        }

        Region region(String arn) {
            if (region != null && !region.isBlank()) {
                return Region.of(region);
            }
            String[] parts = arn.split(":", -1);
            if (parts.length > 3 && parts[0].equals("arn") && !parts[3].isBlank()) {
                return Region.of(parts[3]);
            }
            try {
                return new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkException e) {
                if (endpointUrl != null) {
                    return Region.US_EAST_1;
                }
                throw new IllegalArgumentException("No region: give --region or set AWS_REGION");
            }
        }

        AwsCredentialsProvider credentials() {
            if (endpointUrl == null) {
                return null; // the SDK's default chain
            }
            // A local endpoint ignores signatures: real credentials when configured, dummy ones otherwise. Instance
            // metadata is not queried (it would add seconds of timeouts off AWS).
            return AwsCredentialsProviderChain.builder()
                    .reuseLastProviderEnabled(true)
                    .credentialsProviders(
                            EnvironmentVariableCredentialsProvider.create(),
                            SystemPropertyCredentialsProvider.create(),
                            ProfileCredentialsProvider.create(),
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build();
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Validates the event, then starts the execution named by its eventId (idempotent).",
                    "Prints the execution ARN; with --wait, the result as JSON (the ARN goes to stderr)."})
    static final class Submit implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--event", required = true, paramLabel = "FILE", description = "The completion event (JSON file).")
        Path event;

        @Option(names = "--state-machine-arn", required = true, paramLabel = "ARN")
        String stateMachineArn;

        @Option(names = "--wait", description = "Wait for the execution to end and print its result.")
        boolean await;

        @Option(names = "--redrive", description = "When this event's execution already TIMED_OUT, was ABORTED, or FAILED "
                + "other than in one of the workflow's Fail states (a redrive re-enters a Fail state and fails again), "
                + "redrive it (RedriveExecution) instead of failing.")
        boolean redrive;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
                description = "With --wait: how long to wait (default ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @CommandLine.Mixin
        Connection connection;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds");
            }
            String json;
            try {
                json = Files.readString(event, StandardCharsets.UTF_8);
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: cannot read event file " + event + ": " + e);
                return INVALID;
            }
            // Validated before anything is built or sent.
            CompletionEvent valid = EventContract.get().parse(json);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (SfnClient sfn = connection.sfnClient(stateMachineArn);
                 HousekeepingClient client = HousekeepingClient.builder()
                         .stateMachineArn(stateMachineArn)
                         .sfnClient(sfn)
                         .build()) {
                long started = System.nanoTime();
                if (await && client.isExpress()) { // one StartSyncExecution call; Express executions are not redrivable
                    ExecutionResult result = client.submitAndWait(valid, Duration.ofSeconds(timeoutSeconds));
                    err.println("execution: " + result.executionArn());
                    out.println(PRETTY.toJson(toJson(result)));
                    return result instanceof ExecutionResult.Succeeded ? OK : EXECUTION_FAILED;
                }
                Submission s = redrive ? client.submitOrRedrive(valid) : client.submit(valid);
                if (s.redriven()) {
                    err.println("redriven: the execution of this event had ended " + s.existingStatus()
                            + (s.existingError() != null ? " with " + s.existingError() : "") + "; it goes on from the failed state");
                } else if (s.existingFailed()) {
                    out.println(s.executionArn());
                    err.println("already submitted: the execution of this event ended " + s.existingStatus()
                            + (s.existingError() != null ? " with " + s.existingError() : "") + redriveAdvice(s));
                    return EXECUTION_FAILED;
                } else if (s.alreadyStarted()) {
                    err.println("already submitted: execution started " + s.startDate() + " with the same event");
                }
                if (!await) {
                    out.println(s.executionArn());
                    return OK;
                }
                Duration left = Duration.ofSeconds(timeoutSeconds).minusNanos(System.nanoTime() - started);
                ExecutionResult result = client.await(s.executionArn(), left.isNegative() ? Duration.ZERO : left);
                err.println("execution: " + result.executionArn());
                out.println(PRETTY.toJson(toJson(result)));
                return result instanceof ExecutionResult.Succeeded ? OK : EXECUTION_FAILED;
            }
        }
    }

    /** What a redrive would do for a failed, timed-out or aborted execution of this event, and what to do instead. */
    static String redriveAdvice(Submission s) {
        if (HousekeepingClient.redriveCanFinish(s.existingStatus(), s.existingError())) {
            return "; a redrive goes on from the state that was running: rerun with --redrive to redrive it (`status "
                    + s.executionArn() + "` shows the cause)";
        }
        if (WorkflowErrors.INVALID_EVENT.equals(s.existingError())) {
            return " in the workflow's Fail state InvalidEvent: the event breaks the contract, nothing was written, and a"
                    + " redrive fails the same way";
        }
        return " in one of the workflow's Fail states (every task error is caught into one after its retries): a redrive"
                + " re-enters that Fail state and fails again, so --redrive does not redrive it; to run the event again,"
                + " start an execution of it under another name, e.g. " + s.executionArn().substring(s.executionArn().lastIndexOf(':') + 1)
                + "-retry1 (the recorders are idempotent on eventId: nothing is written twice; `status " + s.executionArn()
                + "` shows the cause)";
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Prints an execution's status, and its output or error and cause, as JSON.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "EXECUTION_ARN")
        String executionArn;

        @CommandLine.Mixin
        Connection connection;

        @Override
        public Integer call() {
            try (SfnClient sfn = connection.sfnClient(executionArn)) {
                DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
                JsonObject json = new JsonObject();
                json.addProperty("executionArn", d.executionArn());
                json.addProperty("stateMachineArn", d.stateMachineArn());
                json.addProperty("name", d.name());
                json.addProperty("status", d.statusAsString());
                json.addProperty("startDate", iso(d.startDate()));
                if (d.stopDate() != null) {
                    json.addProperty("stopDate", iso(d.stopDate()));
                }
                if (d.output() != null) {
                    json.add("output", parseOrString(d.output()));
                }
                if (d.error() != null) {
                    json.addProperty("error", d.error());
                }
                if (d.cause() != null) {
                    json.addProperty("cause", d.cause());
                }
                spec.commandLine().getOut().println(PRETTY.toJson(json));
                return switch (d.statusAsString()) {
                    case "FAILED", "TIMED_OUT", "ABORTED" -> EXECUTION_FAILED;
                    default -> OK;
                };
            }
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Redrives a Standard execution that FAILED, TIMED_OUT or was ABORTED (RedriveExecution): it goes on "
                    + "from the failed state with that state's input. One that failed in one of the workflow's Fail "
                    + "states re-enters that Fail state and fails again (said on stderr).",
                    "Prints the execution ARN; with --wait, the result as JSON."})
    static final class Redrive implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "EXECUTION_ARN")
        String executionArn;

        @Option(names = "--wait", description = "Wait for the redriven execution to end and print its result.")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
                description = "With --wait: how long to wait (default ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @CommandLine.Mixin
        Connection connection;

        @Override
        public Integer call() throws Exception {
            String[] parts = executionArn.split(":", -1);
            if (parts.length < 8 || !"execution".equals(parts[5])) {
                throw new IllegalArgumentException("Not a Standard execution ARN "
                        + "(arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>): " + executionArn);
            }
            String stateMachineArn = String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]);
            try (SfnClient sfn = connection.sfnClient(executionArn);
                 HousekeepingClient client = HousekeepingClient.builder().stateMachineArn(stateMachineArn).sfnClient(sfn)
                         .express(false).build()) {
                var before = client.describe(executionArn);
                if ("FAILED".equals(before.statusAsString())
                        && !HousekeepingClient.redriveCanFinish(before.statusAsString(), before.error())) {
                    spec.commandLine().getErr().println("note: the execution ended FAILED with " + before.error()
                            + " in one of the workflow's Fail states: the redrive re-enters that Fail state and fails again");
                }
                client.redrive(executionArn);
                if (!await) {
                    spec.commandLine().getOut().println(executionArn);
                    return OK;
                }
                ExecutionResult result = client.await(executionArn, Duration.ofSeconds(timeoutSeconds));
                spec.commandLine().getOut().println(PRETTY.toJson(toJson(result)));
                return result instanceof ExecutionResult.Succeeded ? OK : EXECUTION_FAILED;
            }
        }
    }

    static JsonObject toJson(ExecutionResult result) {
        JsonObject json = new JsonObject();
        json.addProperty("executionArn", result.executionArn());
        json.addProperty("status", result.status());
        if (result instanceof ExecutionResult.Succeeded s) {
            json.add("output", PRETTY.toJsonTree(s.output()));
        } else if (result instanceof ExecutionResult.Failed f) {
            json.add("error", f.error() == null ? null : new JsonPrimitive(f.error()));
            json.add("cause", f.cause() == null ? null : new JsonPrimitive(f.cause()));
        }
        return json;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static JsonElement parseOrString(String text) {
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            return new JsonPrimitive(text);
        }
    }
}
