package io.github.gamehousekeeping.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.HousekeepingOutput;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.WorkflowErrors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts the housekeeping workflow for a completion event and reads its result.
 *
 * <ul>
 *   <li>{@link #submit} validates the event with the shared {@link EventContract} (an invalid event throws
 *       {@link InvalidEventException} naming the fields, and no call is made), then starts one execution NAMED by the
 *       event's {@code eventId}, with the event's canonical JSON as input. A retried call (after a timeout, a network
 *       error, a crash of the caller) never starts a second execution for the same event: Step Functions answers
 *       success for a running execution with the same name and input, and {@code ExecutionAlreadyExists} otherwise;
 *       the client then reads the existing execution and returns it when its input is the same event, or throws
 *       {@link ExecutionConflictException} when the eventId was used for a different event.</li>
 *   <li>{@link #await} polls DescribeExecution with exponential backoff and jitter and returns a typed
 *       {@link ExecutionResult}.</li>
 *   <li>{@link #submitAndWait}: one StartSyncExecution call for an Express state machine, submit + await for a
 *       Standard one.</li>
 * </ul>
 *
 * <p>Thread-safe: build one per state machine and share it.
 */
public final class HousekeepingClient implements AutoCloseable {
    private final SfnClient sfn;
    private final boolean ownsClient;
    private final StateMachineArn stateMachine;
    private final Duration pollInitialDelay;
    private final Duration pollMaxDelay;
    private volatile Boolean express;

    private HousekeepingClient(Builder b) {
        this.stateMachine = StateMachineArn.parse(Objects.requireNonNull(b.stateMachineArn, "stateMachineArn"));
        this.pollInitialDelay = b.pollInitialDelay;
        this.pollMaxDelay = b.pollMaxDelay;
        if (pollInitialDelay.isNegative() || pollInitialDelay.isZero() || pollMaxDelay.compareTo(pollInitialDelay) < 0) {
            throw new IllegalArgumentException("need 0 < pollInitialDelay <= pollMaxDelay");
        }
        this.express = b.express;
        if (b.sfnClient != null) {
            this.sfn = b.sfnClient;
            this.ownsClient = false;
        } else {
            this.sfn = buildSfnClient(b, stateMachine);
            this.ownsClient = true;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String stateMachineArn() {
        return stateMachine.arn();
    }

    /** The SDK client in use (the one given to the builder, or the one the builder made). */
    public SfnClient sfnClient() {
        return sfn;
    }

    /**
     * True for an Express state machine. Set on the builder, or read once with DescribeStateMachine (needs
     * {@code states:DescribeStateMachine}) and cached.
     */
    public boolean isExpress() {
        Boolean known = express;
        if (known == null) {
            StateMachineType type = sfn.describeStateMachine(r -> r.stateMachineArn(stateMachine.arn())).type();
            known = type == StateMachineType.EXPRESS;
            express = known;
        }
        return known;
    }

    /** Validates and submits an event given as JSON text. */
    public Submission submit(String eventJson) {
        return submit(EventContract.get().parse(eventJson));
    }

    /**
     * Validates the event, then starts the execution named by its eventId (see the class comment for the duplicate
     * rules).
     *
     * @throws InvalidEventException      the event breaks the contract; nothing was sent
     * @throws ExecutionConflictException an execution with this eventId exists with a different input
     */
    public Submission submit(CompletionEvent event) {
        CompletionEvent valid = validate(event);
        String input = valid.toJson();
        try {
            StartExecutionResponse started = sfn.startExecution(r -> r
                    .stateMachineArn(stateMachine.arn())
                    .name(valid.eventId())
                    .input(input));
            return new Submission(started.executionArn(), started.startDate(), false);
        } catch (ExecutionAlreadyExistsException e) {
            String executionArn = stateMachine.executionArn(valid.eventId());
            DescribeExecutionResponse existing = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (!sameJson(existing.input(), input)) {
                throw new ExecutionConflictException(executionArn, valid.eventId(), existing.input(),
                        "eventId " + valid.eventId() + " was already submitted with a different event (execution "
                                + executionArn + ", " + existing.statusAsString() + "); an eventId must identify one event");
            }
            return new Submission(executionArn, existing.startDate(), true, existing.statusAsString(), existing.error(), false);
        }
    }

    /**
     * {@link #submit}, and when this event's execution already ended FAILED, TIMED_OUT or ABORTED in a way a redrive
     * can finish ({@link #redriveCanFinish}), {@link #redrive}s it (the execution name, i.e. the eventId, stays taken on
     * AWS for 90 days: redrive is the only way to finish the event under it). The recorders are idempotent on eventId,
     * so nothing is written twice. An execution that ended in one of the workflow's Fail states is returned as it is
     * ({@link Submission#redriven()} false): a redrive would re-enter that Fail state and fail again.
     *
     * @throws ExecutionNotRedrivableException Step Functions refused the redrive (e.g. ended more than 14 days ago)
     */
    public Submission submitOrRedrive(CompletionEvent event) {
        Submission s = submit(event);
        if (!s.existingFailed() || !redriveCanFinish(s.existingStatus(), s.existingError())) {
            return s;
        }
        redrive(s.executionArn());
        return new Submission(s.executionArn(), s.startDate(), true, s.existingStatus(), s.existingError(), true);
    }

    /**
     * RedriveExecution (needs {@code states:RedriveExecution}): a Standard execution that FAILED, TIMED_OUT or was
     * ABORTED goes on from the state that failed, with that state's input; returns the redrive date.
     *
     * @throws ExecutionNotRedrivableException it is running, succeeded, Express, or older than 14 days
     */
    public Instant redrive(String executionArn) {
        return sfn.redriveExecution(r -> r.executionArn(executionArn)).redriveDate();
    }

    /**
     * The errors the housekeeping workflow's Fail states end an execution with. Every task error that outlasts its
     * retries is caught into one of them, and a redrive of an execution that failed in a Fail state re-enters that
     * Fail state and fails again (AWS's redrive behaviour of a Fail state), so none of these can be finished by redrive.
     */
    public static final Set<String> FAIL_STATE_ERRORS = Set.of(WorkflowErrors.INVALID_EVENT, WorkflowErrors.REPORT_FAILED,
            WorkflowErrors.RECORDING_FAILED, WorkflowErrors.METRICS_FAILED);

    /**
     * True when a redrive can finish an execution that ended with this status and error: TIMED_OUT and ABORTED (the
     * state that was running runs again), and a failure that no Catch took (e.g. {@code States.Runtime}, or a task error
     * of a definition without the workflow's Catch). False for a failure in one of the workflow's Fail states
     * ({@link #FAIL_STATE_ERRORS}): the redrive re-enters the Fail state and fails again; and for any other status.
     */
    public static boolean redriveCanFinish(String status, String error) {
        return switch (status == null ? "" : status) {
            case "TIMED_OUT", "ABORTED" -> true;
            case "FAILED" -> !FAIL_STATE_ERRORS.contains(error);
            default -> false;
        };
    }

    /**
     * Waits for a Standard execution to end, polling DescribeExecution: once at once, then after
     * {@code pollInitialDelay}, doubling up to {@code pollMaxDelay}, each delay with jitter (between half and all of
     * it), never past the timeout.
     *
     * @throws AwaitTimeoutException         still running when {@code timeout} passed (the execution goes on)
     * @throws UnsupportedOperationException for an Express execution (Step Functions cannot describe those: use
     *                                       {@link #submitAndWait})
     */
    public ExecutionResult await(String executionArn, Duration timeout) throws InterruptedException {
        if (isExpressExecutionArn(executionArn)) {
            throw new UnsupportedOperationException("Express executions cannot be described; use submitAndWait: " + executionArn);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long delayNanos = pollInitialDelay.toNanos();
        String lastStatus = "UNKNOWN";
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
            Optional<ExecutionResult> result = toResult(d);
            if (result.isPresent()) {
                return result.get();
            }
            lastStatus = d.statusAsString();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AwaitTimeoutException(executionArn, timeout, lastStatus);
            }
            long jittered = delayNanos / 2 + ThreadLocalRandom.current().nextLong(delayNanos / 2 + 1);
            Thread.sleep(Duration.ofNanos(Math.min(jittered, remaining)).toMillis() + 1);
            delayNanos = Math.min(delayNanos * 2, pollMaxDelay.toNanos());
        }
    }

    /**
     * One DescribeExecution: the result when the execution has ended, empty while it runs (RUNNING, PENDING_REDRIVE).
     */
    public Optional<ExecutionResult> poll(String executionArn) {
        if (isExpressExecutionArn(executionArn)) {
            throw new UnsupportedOperationException("Express executions cannot be described: " + executionArn);
        }
        return toResult(sfn.describeExecution(r -> r.executionArn(executionArn)));
    }

    /** DescribeExecution, as the SDK returns it. */
    public DescribeExecutionResponse describe(String executionArn) {
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    /** {@link #submitAndWait(CompletionEvent, Duration)} for an event given as JSON text. */
    public ExecutionResult submitAndWait(String eventJson, Duration timeout) throws InterruptedException {
        return submitAndWait(EventContract.get().parse(eventJson), timeout);
    }

    /**
     * Express: one StartSyncExecution call (needs {@code states:StartSyncExecution}), bounded by {@code timeout}.
     * Standard: {@link #submit} then {@link #await} within {@code timeout} overall.
     */
    public ExecutionResult submitAndWait(CompletionEvent event, Duration timeout) throws InterruptedException {
        CompletionEvent valid = validate(event);
        if (!isExpress()) {
            long start = System.nanoTime();
            Submission submission = submit(valid);
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            return await(submission.executionArn(), left.isNegative() ? Duration.ZERO : left);
        }
        StartSyncExecutionResponse r;
        try {
            r = sfn.startSyncExecution(b -> b
                    .stateMachineArn(stateMachine.arn())
                    .name(valid.eventId())
                    .input(valid.toJson())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        } catch (ApiCallTimeoutException e) {
            throw new AwaitTimeoutException(stateMachine.arn() + " (sync execution " + valid.eventId() + ")", timeout, "RUNNING");
        }
        String status = r.statusAsString();
        if ("SUCCEEDED".equals(status)) {
            return new ExecutionResult.Succeeded(r.executionArn(), parseOutput(r.executionArn(), r.output()));
        }
        return new ExecutionResult.Failed(r.executionArn(), status, r.error(), r.cause());
    }

    /** Closes the SDK client when the builder made it; a client given to the builder stays open. */
    @Override
    public void close() {
        if (ownsClient) {
            sfn.close();
        }
    }

    private static CompletionEvent validate(CompletionEvent event) {
        Objects.requireNonNull(event, "event");
        // A record built in code can hold any values: it goes through the same contract as JSON input.
        return EventContract.get().validate(event.toMap());
    }

    static boolean isExpressExecutionArn(String executionArn) {
        String[] parts = executionArn.split(":", -1);
        return parts.length > 5 && "express".equals(parts[5]);
    }

    private static Optional<ExecutionResult> toResult(DescribeExecutionResponse d) {
        String status = d.statusAsString();
        return switch (status) {
            case "SUCCEEDED" -> Optional.of(new ExecutionResult.Succeeded(d.executionArn(), parseOutput(d.executionArn(), d.output())));
            case "FAILED", "TIMED_OUT", "ABORTED" ->
                    Optional.of(new ExecutionResult.Failed(d.executionArn(), status, d.error(), d.cause()));
            default -> Optional.empty(); // RUNNING, PENDING_REDRIVE
        };
    }

    private static HousekeepingOutput parseOutput(String executionArn, String output) {
        if (output == null) {
            throw new IllegalStateException("Execution " + executionArn + " succeeded but Step Functions returned no output "
                    + "(larger than 256 KB, or not readable with the caller's permissions)");
        }
        try {
            return HousekeepingOutput.fromJson(output);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Execution " + executionArn + " succeeded with an output that is not a "
                    + "housekeeping output: " + e.getMessage(), e);
        }
    }

    /** JSON equality: members in any order, numbers by value. */
    static boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            JsonElement x = JsonParser.parseString(a);
            JsonElement y = JsonParser.parseString(b);
            return x.equals(y);
        } catch (JsonParseException e) {
            return false;
        }
    }

    private static SfnClient buildSfnClient(Builder b, StateMachineArn arn) {
        Region region = b.region != null ? b.region : arn.region().map(Region::of).orElse(null);
        return SfnClients.create(region, b.endpointOverride, b.credentialsProvider, b.retryStrategy);
    }

    /** The parts of a state machine ARN: {@code arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<qualifier>]}. */
    record StateMachineArn(String arn, String partition, String regionName, String account, String name) {
        static StateMachineArn parse(String arn) {
            String[] p = arn.split(":", -1);
            if (p.length < 7 || !"arn".equals(p[0]) || !"states".equals(p[2]) || !"stateMachine".equals(p[5]) || p[6].isEmpty()) {
                throw new IllegalArgumentException("Not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>): " + arn);
            }
            return new StateMachineArn(arn, p[1], p[3], p[4], p[6]);
        }

        Optional<String> region() {
            return regionName.isEmpty() ? Optional.empty() : Optional.of(regionName);
        }

        /** The ARN Step Functions gives a Standard execution of this state machine with this name. */
        String executionArn(String executionName) {
            return "arn:" + partition + ":states:" + regionName + ":" + account + ":execution:" + name + ":" + executionName;
        }
    }

    public static final class Builder {
        private String stateMachineArn;
        private SfnClient sfnClient;
        private Region region;
        private URI endpointOverride;
        private AwsCredentialsProvider credentialsProvider;
        private RetryStrategy retryStrategy;
        private Duration pollInitialDelay = Duration.ofMillis(250);
        private Duration pollMaxDelay = Duration.ofSeconds(5);
        private Boolean express;

        private Builder() {
        }

        /** Required: the state machine (its name derives the execution ARNs). */
        public Builder stateMachineArn(String stateMachineArn) {
            this.stateMachineArn = stateMachineArn;
            return this;
        }

        /**
         * Use this SDK client (it stays open on {@link HousekeepingClient#close()}). With an endpoint override, build it
         * with {@code SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION} set to true, or StartSyncExecution goes to
         * {@code sync-<host>}. When absent the client builds its own from the options below.
         */
        public Builder sfnClient(SfnClient sfnClient) {
            this.sfnClient = sfnClient;
            return this;
        }

        /** Region of the client the builder makes; default: the state machine ARN's region. */
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /** Endpoint of the client the builder makes (e.g. the local runtime's {@code http://127.0.0.1:8083}). */
        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        /** Credentials of the client the builder makes; default: the SDK's default chain. */
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentialsProvider = credentialsProvider;
            return this;
        }

        /** Retry strategy of the client the builder makes; default {@link SfnClients#defaultRetryStrategy()}. */
        public Builder retryStrategy(RetryStrategy retryStrategy) {
            this.retryStrategy = retryStrategy;
            return this;
        }

        /** First DescribeExecution poll delay of {@link HousekeepingClient#await} (default 250 ms). */
        public Builder pollInitialDelay(Duration pollInitialDelay) {
            this.pollInitialDelay = Objects.requireNonNull(pollInitialDelay);
            return this;
        }

        /** Longest poll delay of {@link HousekeepingClient#await} (default 5 s). */
        public Builder pollMaxDelay(Duration pollMaxDelay) {
            this.pollMaxDelay = Objects.requireNonNull(pollMaxDelay);
            return this;
        }

        /** The state machine's type, when known; default: read once with DescribeStateMachine when first needed. */
        public Builder express(boolean express) {
            this.express = express;
            return this;
        }

        public HousekeepingClient build() {
            return new HousekeepingClient(this);
        }
    }
}
