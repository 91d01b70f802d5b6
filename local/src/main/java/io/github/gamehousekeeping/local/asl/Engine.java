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
        String smArn = stateMachineArn(request.stateMachine);
        String smName = ExecutionArns.stateMachineName(smArn);
        String name = request.name == null ? UUID.randomUUID().toString() : request.name;
        String executionArn = request.executionArn != null ? request.executionArn : ExecutionArns.standard(smArn, name);
        TaskInvoker invoker = request.invoker != null ? request.invoker : options.defaultInvoker() != null ? options.defaultInvoker()
                : inv -> {
                    throw new IllegalStateException("no TaskInvoker configured for Task state " + inv.stateName());
                };
        Interpreter run = new Interpreter(this, definition, invoker, executionArn, name, smArn, smName,
                request.roleArn == null ? "arn:aws:iam::" + account(smArn) + ":role/StepFunctionsLocal" : request.roleArn,
                request.input, request.listeners, request.redrive);
        run.contextOverlay = request.context;
        RunningExecution execution = new RunningExecution(run);
        ScheduledFuture<?> timeout = null;
        if (definition.timeoutSeconds() != null) {
            long nanos = (long) (definition.timeoutSeconds() * 1e9 * options.timeoutScale());
            timeout = timer.schedule(() -> run.root.cancel(Scope.Reason.TIMED_OUT), nanos, TimeUnit.NANOSECONDS);
        }
        ScheduledFuture<?> timeoutTask = timeout;
        executor.execute(() -> {
            ExecutionResult result;
            try {
                result = run.run();
            } finally {
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                }
                try {
                    invoker.executionEnded(executionArn);
                } catch (RuntimeException ignored) {
                    // cleanup only
                }
            }
            execution.complete(result);
        });
        return execution;
    }

    /** Starts an execution and waits for its end. */
    public ExecutionResult execute(StateMachineDefinition definition, ExecutionRequest request) throws InterruptedException {
        return start(definition, request).await();
    }

    private String stateMachineArn(String nameOrArn) {
        if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        String name = nameOrArn == null || nameOrArn.isBlank() ? "StateMachine" : nameOrArn;
        return ExecutionArns.stateMachine(options.region(), options.accountId(), name);
    }

    private String account(String arn) {
        String[] p = arn.split(":", -1);
        return p.length > 4 && !p[4].isEmpty() ? p[4] : options.accountId();
    }


    @Override
    public void close() {
        timer.shutdownNow();
        if (ownExecutor) {
            executor.shutdownNow();
        }
    }
}
