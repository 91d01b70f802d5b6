package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.Engine;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionArns;
import io.github.gamehousekeeping.local.asl.ExecutionRequest;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.HistoryEvent;
import io.github.gamehousekeeping.local.asl.InvalidDefinitionException;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;
import io.github.gamehousekeeping.local.asl.TaskInvoker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state machines and executions behind the local Step Functions API, with AWS semantics:
 * <ul>
 *   <li>Standard execution ARN {@code arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>}; an Express
 *       execution gets {@code arn:aws:states:<region>:<account>:express:<stateMachine>:<name>:<uuid>} and its name is
 *       not unique (every start is a new execution), as on AWS;</li>
 *   <li>a Standard name is unique per state machine: a start with a used name succeeds with the first execution's ARN
 *       and start date when the input is the same (compared as JSON) and the first is still RUNNING, and fails with
 *       {@code ExecutionAlreadyExists} otherwise;</li>
 *   <li>{@link #startOrGet} gives the local {@code run} command's rule instead: same name and same input returns the
 *       first execution (running or ended) without running again, a different input fails.</li>
 * </ul>
 * Executions run on the ASL {@link Engine}; at most {@code maxConcurrentExecutions} run at a time, further starts wait
 * in a queue and show as RUNNING with only their ExecutionStarted event. Thread-safe.
 */
public final class ExecutionService implements AutoCloseable {
    /** Step Functions' input/output quota (UTF-8 bytes). */
    public static final int MAX_PAYLOAD_BYTES = io.github.gamehousekeeping.local.asl.Payloads.MAX_BYTES;

    public enum Type { STANDARD, EXPRESS }

    /** A registered state machine: its definition (validated and parsed) and the invoker serving its Task states. */
    public record StateMachine(String arn, String name, String definitionJson, StateMachineDefinition definition, Type type,
                               TaskInvoker invoker, String roleArn, Instant creationDate) {
    }

    /** What {@link #startOrGet} did: {@code existing} is true when an earlier execution was returned. */
    public record StartOutcome(Execution execution, boolean existing) {
    }

    private final Engine engine;
    private final boolean ownsEngine;
    private final String region;
    private final String account;
    private final ExecutorService slots;
    private final Map<String, StateMachine> stateMachines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Object startLock = new Object();
    private final TaskRouting taskRouting = new TaskRouting();
    private final StateMachineOperations stateMachineOperations = new StateMachineOperations(this);
    private volatile ApiException startsRefused;

    /**
     * @param engine                  runs the executions (not closed by {@link #close()})
     * @param maxConcurrentExecutions executions that run at the same time; further starts wait in a queue
     */
    public ExecutionService(Engine engine, int maxConcurrentExecutions) {
        this(engine, false, maxConcurrentExecutions);
    }

    private ExecutionService(Engine engine, boolean ownsEngine, int maxConcurrentExecutions) {
        this.engine = Objects.requireNonNull(engine);
        this.ownsEngine = ownsEngine;
        this.region = engine.options().region();
        this.account = engine.options().accountId();
        AtomicInteger n = new AtomicInteger();
        this.slots = new ThreadPoolExecutor(maxConcurrentExecutions, maxConcurrentExecutions, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sfn-execution-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A service with its own engine (closed with the service). */
    public static ExecutionService create(EngineOptions options, int maxConcurrentExecutions) {
        return new ExecutionService(new Engine(options), true, maxConcurrentExecutions);
    }

    public Engine engine() {
        return engine;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    // ---------------------------------------------------------------------------------------------- state machines

    /**
     * Registers (or replaces) a state machine.
     *
     * @param definitionJson ASL JSON text (JSONPath and/or JSONata), validated by the engine's parser
     * @param invoker        serves the Task states of this state machine's executions
     * @param roleArn        null: {@code arn:aws:iam::<account>:role/<name>-role}
     * @throws ApiException {@code InvalidName} or {@code InvalidDefinition}
     */
    public StateMachine registerStateMachine(String name, String definitionJson, Type type, TaskInvoker invoker, String roleArn) {
        String problem = Names.problem(name);
        if (problem != null) {
            throw new ApiException("InvalidName", "Invalid Name: '" + name + "' (" + problem + ")");
        }
        StateMachineDefinition definition;
        try {
            definition = StateMachineDefinition.parse(definitionJson);
        } catch (InvalidDefinitionException e) {
            throw new ApiException("InvalidDefinition", e.getMessage());
        }
        String arn = ExecutionArns.stateMachine(region, account, name);
        StateMachine sm = new StateMachine(arn, name, definitionJson, definition, Objects.requireNonNull(type),
                Objects.requireNonNull(invoker), roleArn != null ? roleArn : "arn:aws:iam::" + account + ":role/" + name + "-role",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        stateMachines.put(arn, sm);
        return sm;
    }

    /** Mock configurations and the stack functions serving created state machines. */
    public TaskRouting taskRouting() {
        return taskRouting;
    }

    /** CreateStateMachine, UpdateStateMachine, tags...: the operations on users' own state machines. */
    public StateMachineOperations stateMachineOperations() {
        return stateMachineOperations;
    }

    /** Adds or replaces a state machine (running executions keep the one they started with). */
    void putStateMachine(StateMachine sm) {
        stateMachines.put(sm.arn(), sm);
    }

    /** Removes a state machine; its executions stay readable (and are no longer redrivable). */
    void removeStateMachine(String arn) {
        stateMachines.remove(arn);
        executions.values().forEach(e -> {
            if (e.stateMachine.arn().equals(arn)) {
                e.stateMachineDeleted = true;
            }
        });
    }

    /** @throws ApiException {@code InvalidArn} or {@code StateMachineDoesNotExist} */
    public StateMachine stateMachine(String arn) {
        if (arn == null || !Arns.isStateMachine(arn)) {
            throw ApiException.invalidArn(arn);
        }
        // Versions and aliases are not published locally: a qualified ARN names one that does not exist, as on AWS.
        StateMachine sm = Arns.unqualifiedStateMachine(arn).equals(arn) ? stateMachines.get(arn) : null;
        if (sm == null) {
            throw new ApiException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return sm;
    }

    /** All state machines, by name. */
    public List<StateMachine> stateMachines() {
        List<StateMachine> list = new ArrayList<>(stateMachines.values());
        list.sort(Comparator.comparing(StateMachine::name).thenComparing(StateMachine::arn));
        return list;
    }

    // ---------------------------------------------------------------------------------------------- executions

    /** StartExecution with AWS semantics (see the class comment). {@code name} null: a UUID; input null: {}. */
    public Execution start(String stateMachineArn, String name, String input) {
        return start(stateMachineArn, name, input, false).execution();
    }

    /**
     * The local {@code run} command's rule: a start with a used name and the same input returns the first execution
     * (running or ended; {@code existing} true) without running again; a different input fails with
     * {@code ExecutionAlreadyExists}. Applies to Express state machines too.
     */
    public StartOutcome startOrGet(String stateMachineArn, String name, String input) {
        return start(stateMachineArn, name, input, true);
    }

    private StartOutcome start(String stateMachineArn, String name, String input, boolean runSemantics) {
        // Step Functions Local: <stateMachineArn>#<TestCase> runs the test case of the mock configuration.
        int hash = stateMachineArn == null ? -1 : stateMachineArn.indexOf('#');
        StateMachine sm = stateMachine(hash < 0 ? stateMachineArn : stateMachineArn.substring(0, hash));
        TaskInvoker invoker = hash < 0 ? sm.invoker()
                : taskRouting.testCaseInvoker(stateMachineArn, sm.name(), stateMachineArn.substring(hash + 1), sm.invoker());
        String executionName = name != null ? name : UUID.randomUUID().toString();
        Names.checkExecutionName(executionName);
        String inputText = input != null ? input : "{}";
        JsonNode inputNode = parseInput(inputText);
        synchronized (startLock) {
            ApiException refusal = startsRefused;
            if (refusal != null) {
                throw new ApiException(refusal.code(), refusal.getMessage(), refusal.httpStatus());
            }
            if (sm.type() == Type.STANDARD || runSemantics) {
                Execution existing = findByName(sm, executionName);
                if (existing != null) {
                    boolean sameInput = Json.equivalent(existing.inputNode, inputNode);
                    if (sameInput && (runSemantics || existing.status() == ExecutionStatus.RUNNING)) {
                        return new StartOutcome(existing, true);
                    }
                    throw new ApiException("ExecutionAlreadyExists", "Execution Already Exists: '" + existing.arn + "'");
                }
            }
            String arn = sm.type() == Type.EXPRESS
                    ? ExecutionArns.express(sm.arn(), executionName, UUID.randomUUID().toString())
                    : standardArn(sm, executionName);
            Execution execution = new Execution(arn, executionName, sm, inputText, inputNode, sequence.incrementAndGet(),
                    engine.options().clock());
            execution.invoker = sm.type() == Type.STANDARD ? RedriveSupport.keepStateForRedrive(invoker) : invoker;
            executions.put(arn, execution);
            slots.execute(() -> run(execution));
            return new StartOutcome(execution, false);
        }
    }

    /**
     * StartSyncExecution: Express only; starts and waits up to {@code timeout} (AWS: 5 minutes), after which the
     * execution is stopped and reported TIMED_OUT.
     *
     * @throws ApiException {@code StateMachineTypeNotSupported} for a Standard state machine
     */
    public Execution startSync(String stateMachineArn, String name, String input, Duration timeout) throws InterruptedException {
        StateMachine sm = stateMachine(stateMachineArn);
        if (sm.type() != Type.EXPRESS) {
            throw new ApiException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine: STANDARD");
        }
        Execution execution = start(stateMachineArn, name, input);
        if (!execution.await(timeout)) {
            execution.timedOut = true;
            execution.stop("States.Timeout", "The execution did not end within " + timeout.toSeconds() + " seconds");
            execution.await(Duration.ofSeconds(5));
        }
        return execution;
    }

    /** An execution by ARN (Standard or Express). @throws ApiException InvalidArn, ExecutionDoesNotExist */
    public Execution execution(String executionArn) {
        if (executionArn == null || !Arns.isExecution(executionArn)) {
            throw ApiException.invalidArn(executionArn);
        }
        Execution e = executions.get(executionArn);
        if (e == null) {
            throw new ApiException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
        }
        return e;
    }

    /** The executions of a state machine, newest first, optionally only those with {@code status}. */
    public List<Execution> executions(String stateMachineArn, ExecutionStatus status) {
        StateMachine sm = stateMachine(stateMachineArn);
        List<Execution> list = new ArrayList<>();
        for (Execution e : executions.values()) {
            if (e.stateMachine.arn().equals(sm.arn()) && (status == null || e.status() == status)) {
                list.add(e);
            }
        }
        list.sort(Comparator.comparingLong(Execution::sequence).reversed());
        return list;
    }

    /** StopExecution: a RUNNING execution ends ABORTED (returned once it has); an ended one is returned unchanged. */
    public Execution stop(String executionArn, String error, String cause) throws InterruptedException {
        Execution e = execution(executionArn);
        e.stop(error, cause);
        e.await(Duration.ofSeconds(10));
        return e;
    }

    /**
     * RedriveExecution: a Standard execution that FAILED, TIMED_OUT or was ABORTED runs again from the state that was
     * running, with its input and variables, keeping its history (an ExecutionRedriven event follows); of a Parallel or
     * Map only the branches/iterations that failed or were aborted run again, where they stopped, nested ones alike
     * (see {@link io.github.gamehousekeeping.local.asl.RedrivePoint}). Returns the redrive date.
     *
     * @throws ApiException {@code ExecutionNotRedrivable}, {@code ExecutionDoesNotExist}, {@code InvalidArn}
     */
    public Instant redrive(String executionArn) {
        Execution e = execution(executionArn);
        synchronized (startLock) {
            ApiException refusal = startsRefused;
            if (refusal != null) {
                throw new ApiException(refusal.code(), refusal.getMessage(), refusal.httpStatus());
            }
            synchronized (e) {
                String reason = e.notRedrivableReason();
                if (reason != null) {
                    throw new ApiException("ExecutionNotRedrivable", reason);
                }
                io.github.gamehousekeeping.local.asl.RunningExecution previous = e.engineExecution;
                e.redrivePoint = previous == null ? null : previous.redrivePoint();
                e.redriveCount++;
                e.redriveDate = engine.options().clock().instant().truncatedTo(ChronoUnit.MILLIS);
                e.redriven = true;
                e.timedOut = false;
                e.abortedBeforeStart = null;
                e.engineExecution = null;
                e.done = new CompletableFuture<>();
            }
            slots.execute(() -> run(e));
            return e.redriveDate;
        }
    }

    /**
     * From now on every start fails with {@code ServiceUnavailable} (HTTP 503, which AWS SDKs retry, then report);
     * executions already accepted go on. Returns the executions accepted so far (for a shutdown report).
     */
    public List<Execution> refuseStarts(String message) {
        synchronized (startLock) {
            startsRefused = new ApiException("ServiceUnavailable", message, 503);
            return List.copyOf(executions.values());
        }
    }

    /** Stops the execution slots (running executions are abandoned) and the engine when the service created it. */
    @Override
    public void close() {
        slots.shutdownNow();
        try {
            slots.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsEngine) {
            engine.close();
        }
    }

    private Execution findByName(StateMachine sm, String name) {
        if (sm.type() == Type.STANDARD) {
            return executions.get(standardArn(sm, name));
        }
        Execution found = null;
        for (Execution e : executions.values()) {
            if (e.stateMachine.arn().equals(sm.arn()) && e.name.equals(name) && (found == null || e.sequence < found.sequence)) {
                found = e;
            }
        }
        return found;
    }

    private String standardArn(StateMachine sm, String name) {
        return ExecutionArns.standard(sm.arn(), name);
    }

    private static JsonNode parseInput(String input) {
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new ApiException("InvalidExecutionInput", "Invalid Execution Input: larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        try {
            return Json.parse(input);
        } catch (JsonProcessingException e) {
            throw new ApiException("InvalidExecutionInput", "Invalid Execution Input: " + e.getOriginalMessage());
        }
    }

    /** Runs on an execution slot: starts the engine execution and holds the slot until it ends. */
    private void run(Execution execution) {
        io.github.gamehousekeeping.local.asl.RunningExecution running;
        synchronized (execution) {
            if (execution.abortedBeforeStart != null) {
                return;
            }
            running = engine.start(execution.stateMachine.definition(), ExecutionRequest.builder()
                    .redrive(execution.redrivePoint)
                    .name(execution.name)
                    .executionArn(execution.arn)
                    .input(execution.inputNode)
                    .stateMachine(execution.stateMachine.arn())
                    .roleArn(execution.stateMachine.roleArn())
                    .invoker(execution.invoker)
                    .build());
            execution.engineExecution = running;
        }
        CompletableFuture<Execution> done = execution.done;
        running.completion().whenComplete((result, failure) -> {
            if (result != null && result.status() == ExecutionStatus.SUCCEEDED) {
                RedriveSupport.releaseState(execution.invoker, execution.arn);
            }
            done.complete(execution);
        });
        try {
            running.completion().get(); // holds the slot (bounded concurrency); interruptible by close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the engine completes its future with a result; a failure here leaves the execution as the engine left it
        }
    }

    private record Aborted(String error, String cause, Instant stopDate) {
    }

    /** One execution: status, input, output, error, cause, dates and history (from the engine once it runs). */
    public static final class Execution {
        private final String arn;
        private final String name;
        private final StateMachine stateMachine;
        private final String input;
        private final JsonNode inputNode;
        private final long sequence;
        private final Instant startDate;
        private volatile CompletableFuture<Execution> done = new CompletableFuture<>();
        /** Redrive: how often, when last, and where the running redrive resumed. */
        volatile int redriveCount;
        volatile Instant redriveDate;
        volatile boolean redriven;
        /** DeleteStateMachine removed its state machine. */
        volatile boolean stateMachineDeleted;
        private final java.time.Clock clock;
        volatile io.github.gamehousekeeping.local.asl.RedrivePoint redrivePoint;
        private volatile io.github.gamehousekeeping.local.asl.RunningExecution engineExecution;
        /** Set when stopped while still queued. */
        private volatile Aborted abortedBeforeStart;
        private volatile boolean timedOut;
        /** The state machine's invoker, or the test case's ({@code <stateMachineArn>#<TestCase>}). */
        private volatile TaskInvoker invoker;

        Execution(String arn, String name, StateMachine stateMachine, String input, JsonNode inputNode, long sequence,
                  java.time.Clock clock) {
            this.clock = clock;
            this.arn = arn;
            this.name = name;
            this.stateMachine = stateMachine;
            this.input = input;
            this.inputNode = inputNode;
            this.sequence = sequence;
            this.startDate = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        }

        public String arn() {
            return arn;
        }

        public String name() {
            return name;
        }

        public StateMachine stateMachine() {
            return stateMachine;
        }

        public boolean isExpress() {
            return stateMachine.type() == Type.EXPRESS;
        }

        /** The input as given to StartExecution. */
        public String input() {
            return input;
        }

        public Instant startDate() {
            return startDate;
        }

        long sequence() {
            return sequence;
        }

        /** RedriveExecution calls that started (0: never redriven). */
        public int redriveCount() {
            return redriveCount;
        }

        /** The last redrive's date, null if never redriven. */
        public Instant redriveDate() {
            return redriveDate;
        }

        /** True once DeleteStateMachine removed its state machine. */
        public boolean stateMachineDeleted() {
            return stateMachineDeleted;
        }

        /** Why RedriveExecution would fail now, or null when the execution is redrivable. */
        public String notRedrivableReason() {
            return RedriveSupport.notRedrivableReason(this, clock.instant());
        }

        /** The engine's result once the execution has ended, else null. */
        public ExecutionResult result() {
            io.github.gamehousekeeping.local.asl.RunningExecution e = engineExecution;
            return e == null ? null : e.completion().getNow(null);
        }

        public ExecutionStatus status() {
            if (abortedBeforeStart != null) {
                return ExecutionStatus.ABORTED;
            }
            ExecutionResult r = result();
            if (r == null) {
                return ExecutionStatus.RUNNING;
            }
            return timedOut ? ExecutionStatus.TIMED_OUT : r.status();
        }

        /** The output JSON text when SUCCEEDED, else null. */
        public String output() {
            ExecutionResult r = result();
            return r != null && r.status() == ExecutionStatus.SUCCEEDED ? Json.write(r.output()) : null;
        }

        public String error() {
            Aborted aborted = abortedBeforeStart;
            if (aborted != null) {
                return aborted.error();
            }
            ExecutionResult r = result();
            return r == null ? null : r.error();
        }

        public String cause() {
            Aborted aborted = abortedBeforeStart;
            if (aborted != null) {
                return aborted.cause();
            }
            ExecutionResult r = result();
            return r == null ? null : r.cause();
        }

        /** Null while running. */
        public Instant stopDate() {
            Aborted aborted = abortedBeforeStart;
            if (aborted != null) {
                return aborted.stopDate();
            }
            ExecutionResult r = result();
            return r == null ? null : r.stopDate();
        }

        /** The history so far, in id order (a queued execution: its ExecutionStarted event only). */
        public List<HistoryEvent> history() {
            io.github.gamehousekeeping.local.asl.RunningExecution e = engineExecution;
            if (e != null) {
                return e.history();
            }
            List<HistoryEvent> events = new ArrayList<>();
            ObjectNode started = Json.object();
            started.put("input", input);
            started.set("inputDetails", Json.object().put("truncated", false));
            started.put("roleArn", stateMachine.roleArn());
            events.add(new HistoryEvent(1, 0, startDate, "ExecutionStarted", "executionStartedEventDetails", started));
            Aborted aborted = abortedBeforeStart;
            if (aborted != null) {
                ObjectNode details = Json.object();
                if (aborted.error() != null) {
                    details.put("error", aborted.error());
                }
                if (aborted.cause() != null) {
                    details.put("cause", aborted.cause());
                }
                events.add(new HistoryEvent(2, 1, aborted.stopDate(), "ExecutionAborted", "executionAbortedEventDetails", details));
            }
            return events;
        }

        /** Completes when the execution has ended (a redrive: the redriven run). */
        public CompletableFuture<Execution> completion() {
            return done;
        }

        /** The engine run of the last start or redrive (null while queued). */
        io.github.gamehousekeeping.local.asl.RunningExecution engineExecution() {
            return engineExecution;
        }

        /** Waits until the execution ends; false when still running after {@code timeout}. */
        public boolean await(Duration timeout) throws InterruptedException {
            try {
                done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        /** Stops a running or queued execution; false when it had already ended. */
        boolean stop(String error, String cause) {
            synchronized (this) {
                io.github.gamehousekeeping.local.asl.RunningExecution e = engineExecution;
                if (e == null) {
                    if (abortedBeforeStart != null) {
                        return false;
                    }
                    abortedBeforeStart = new Aborted(error, cause, clock.instant().truncatedTo(ChronoUnit.MILLIS));
                    done.complete(this);
                    return true;
                }
                return e.stop(error, cause);
            }
        }
    }
}
