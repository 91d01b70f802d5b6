package io.github.gamehousekeeping.local.asl;


import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs executions of validated definitions. Thread-safe: any number of concurrent executions, of one or many
 * definitions. Close it to stop its own threads (an executor passed in the options is not shut down).
 */
public final class Engine implements AutoCloseable {
    private final EngineOptions options;
    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final ScheduledExecutorService timer;

    public Engine() {
        this(EngineOptions.defaults());
    }

    public Engine(EngineOptions options) {
        this.options = options;
        this.ownExecutor = options.executor() == null;
        this.executor = ownExecutor ? Executors.newCachedThreadPool(daemonThreads("asl-engine")) : options.executor();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("asl-timer"));
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public EngineOptions options() {
        return options;
    }

    ExecutorService executor() {
        return executor;
    }

    /** Starts an execution and returns at once; see {@link RunningExecution#await()}. */
    public RunningExecution start(StateMachineDefinition definition, ExecutionRequest request) {
        Started started = prepare(definition, request);
        executor.execute(started::run);
        return started.execution;
    }

    /**
     * Runs an execution to its end on the calling thread (no hand-off to the pool: its Parallel branches and Map
     * iterations still run concurrently when they wait, see {@link Forks}). An interrupt of the caller aborts it.
     */
    public ExecutionResult execute(StateMachineDefinition definition, ExecutionRequest request) throws InterruptedException {
        Started started = prepare(definition, request);
        started.run();
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while running " + started.execution.executionArn());
        }
        return started.execution.await();
    }

    /** An execution ready to run: its interpreter, its handle and its TimeoutSeconds timer (null when none). */
    private record Started(Interpreter interpreter, RunningExecution execution, ScheduledFuture<?> timeout, TaskInvoker invoker) {
        void run() {
            ExecutionResult result;
            try {
                result = interpreter.run();
            } finally {
                Forks.release(); // nothing of this execution is left waiting for this thread
                if (timeout != null) {
                    timeout.cancel(false);
                }
                try {
                    invoker.executionEnded(interpreter.executionArn);
                } catch (RuntimeException ignored) {
                    // cleanup only
                }
            }
            execution.complete(result);
        }
    }

    private Started prepare(StateMachineDefinition definition, ExecutionRequest request) {
        String smArn = stateMachineArn(request.stateMachine);
        String smName = ExecutionArns.stateMachineName(smArn);
        String name = request.name == null ? randomName() : request.name;
        String executionArn = request.executionArn != null ? request.executionArn : ExecutionArns.standard(smArn, name);
        TaskInvoker invoker = request.invoker != null ? request.invoker : options.defaultInvoker() != null ? options.defaultInvoker()
                : inv -> {
                    throw new IllegalStateException("no TaskInvoker configured for Task state " + inv.stateName());
                };
        Interpreter run = new Interpreter(this, definition, invoker, executionArn, name, smArn, smName,
                request.roleArn == null ? "arn:aws:iam::" + account(smArn) + ":role/StepFunctionsLocal" : request.roleArn,
                request.input, request.listeners, request.redrive);
        run.contextOverlay = request.context;
        ScheduledFuture<?> timeout = null;
        if (definition.timeoutSeconds() != null) {
            long nanos = (long) (definition.timeoutSeconds() * 1e9 * options.timeoutScale());
            timeout = timer.schedule(() -> run.root.cancel(Scope.Reason.TIMED_OUT), nanos, TimeUnit.NANOSECONDS);
        }
        return new Started(run, new RunningExecution(run), timeout, invoker);
    }

    /**
     * A random (version 4) UUID for an unnamed execution, from the thread's own generator: names must be unique, not
     * secret, and {@link UUID#randomUUID()} serialises concurrent starts on one SecureRandom.
     */
    private static String randomName() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(r.nextLong() & ~0xF000L | 0x4000L, r.nextLong() & ~(3L << 62) | 1L << 63).toString();
    }

    private String stateMachineArn(String nameOrArn) {
        if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        String name = nameOrArn == null || nameOrArn.isBlank() ? "StateMachine" : nameOrArn;
        return ExecutionArns.stateMachine(options.region(), options.accountId(), name);
    }

    private String account(String arn) {
        int start = -1;
        for (int i = 0; i < 4 && (start = arn.indexOf(':', start + 1)) >= 0; i++) {
            // the fourth ':' starts the account
        }
        if (start < 0) {
            return options.accountId();
        }
        int end = arn.indexOf(':', start + 1);
        String account = arn.substring(start + 1, end < 0 ? arn.length() : end);
        return account.isEmpty() ? options.accountId() : account;
    }


    @Override
    public void close() {
        timer.shutdownNow();
        if (ownExecutor) {
            executor.shutdownNow();
        }
    }
}
