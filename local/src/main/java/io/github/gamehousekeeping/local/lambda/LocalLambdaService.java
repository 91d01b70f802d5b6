package io.github.gamehousekeeping.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs Lambda functions locally the way the service does: each execution environment is a JVM of its own
 * ({@link LambdaWorkerMain}) with the function's environment variables, started on first use (a cold start), reused
 * for later invocations (warm), one invocation at a time. As Lambda scales out, an invocation that finds no idle
 * environment gets a new one at once, up to the {@code concurrencyLimit} (the account's concurrent executions, shared
 * by all functions) and the optional {@code maxEnvironmentsPerFunction} (reserved concurrency); beyond them the
 * invocation is refused with {@link LambdaThrottledException} (Lambda's 429 {@code TooManyRequestsException}),
 * never queued. At most {@code concurrencyLimit} environments live at once: an idle environment of another function is
 * reclaimed to make room. An invocation that runs past the function's timeout (measured from the end of init, as
 * Lambda) kills its environment and fails with {@code Sandbox.Timedout}; an environment that dies fails with
 * {@code Runtime.ExitError}; a cancelled invocation ({@link InvocationHooks#onCancel}) kills its environment too.
 * {@link #prestart} starts one environment per function ahead of its first invocation (its init runs while other
 * work goes on; an invocation arriving meanwhile waits for it rather than starting another).
 */
public final class LocalLambdaService implements AutoCloseable {
    /** Receives every log line a function writes, as it is returned. */
    public interface LogListener {
        void onLog(String functionName, String requestId, String line);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Default account concurrency: what 2 cores and a few GB hold as worker JVMs (AWS's default is 1,000). */
    public static final int DEFAULT_CONCURRENCY_LIMIT = 32;

    private final Map<String, LambdaFunction> functions;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Map<String, String> baseEnvironment;
    /** The JDK each function's environments run on (its runtime's Java version). */
    private final JavaRuntimes jdks;
    /** The environments' class path: the runtime jar ({@link LambdaRuntimeJar}); the function's jar follows it. */
    private final Path runtimeJar;
    private final List<String> jvmOptions;
    private final java.util.function.BiFunction<LambdaFunction, JavaRuntimes.Jdk, List<String>> functionJvmOptions;
    private final long shutdownWaitMillis;
    private final int maxEnvironmentsPerFunction;
    private final int concurrencyLimit;
    /** Guards every pool's environments and the account-wide counts below. */
    private final Object capacity = new Object();
    private int inFlight;
    private int live;
    private int initializing;
    /** Inits (JVM starts) at a time: CPU-bound, so about the number of cores. */
    private final int maxConcurrentInits = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final List<LogListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lambda-timeout-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalLambdaService(Builder b) {
        Map<String, LambdaFunction> byName = new LinkedHashMap<>();
        for (LambdaFunction f : b.functions) {
            byName.put(f.name(), f);
        }
        this.functions = Map.copyOf(byName);
        this.baseEnvironment = Map.copyOf(b.baseEnvironment);
        this.jdks = b.jdks;
        this.runtimeJar = LambdaRuntimeJar.in(b.runtimeJarDirectory != null ? b.runtimeJarDirectory
                : LambdaRuntimeJar.defaultDirectory());
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.concurrencyLimit = b.concurrencyLimit;
        this.maxEnvironmentsPerFunction = b.maxEnvironmentsPerFunction > 0 ? b.maxEnvironmentsPerFunction : b.concurrencyLimit;
        this.functionJvmOptions = b.functionJvmOptions;
        this.shutdownWaitMillis = b.shutdownWaitMillis;
        for (String name : functions.keySet()) {
            pools.put(name, new Pool(functions.get(name)));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public void addLogListener(LogListener listener) {
        listeners.add(listener);
    }

    public Map<String, LambdaFunction> functions() {
        return functions;
    }

    /**
     * Invokes a function synchronously (RequestResponse).
     *
     * @param functionName       the function's name
     * @param invokedFunctionArn the ARN the caller used (what {@code Context.getInvokedFunctionArn()} returns)
     * @param payloadJson        the event, as JSON text
     * @throws IllegalArgumentException when no such function exists
     */
    public InvokeResult invoke(String functionName, String invokedFunctionArn, String payloadJson) {
        return invoke(functionName, invokedFunctionArn, payloadJson, InvocationHooks.NONE);
    }

    /**
     * Invokes a function synchronously, telling {@code hooks} when the environment is ready and how to cancel.
     *
     * @throws LambdaThrottledException when the invocation would exceed the concurrency limit (nothing ran)
     */
    public InvokeResult invoke(String functionName, String invokedFunctionArn, String payloadJson, InvocationHooks hooks) {
        Pool pool = pools.get(functionName);
        if (pool == null) {
            throw new IllegalArgumentException("Function not found: " + functionName);
        }
        if (closed.get()) {
            throw new IllegalStateException("The Lambda service is closed");
        }
        return pool.invoke(invokedFunctionArn, payloadJson, hooks == null ? InvocationHooks.NONE : hooks);
    }

    /** The account's concurrency limit (concurrent invocations and live environments, all functions together). */
    public int concurrencyLimit() {
        return concurrencyLimit;
    }

    /** Execution environments alive now, all functions together (never above {@link #concurrencyLimit()}). */
    public int liveEnvironments() {
        synchronized (capacity) {
            return live;
        }
    }

    /**
     * Starts one execution environment for each named function that has none yet, in the background, so that its
     * JVM start and init overlap other work: in the order given (the one needed first, first), as many at a time as
     * there are processors (more would only slow the first one down). The first invocation uses it (still reported
     * as that environment's cold start, with its init time); an invocation that arrives while it is starting waits
     * for it rather than starting another. Unknown names are ignored.
     */
    public void prestart(List<String> functionNames) {
        List<Pool> queue = new ArrayList<>();
        functionNames.stream().map(pools::get).filter(Objects::nonNull).forEach(queue::add);
        int threads = Math.max(1, Math.min(queue.size(), Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Thread starter = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < queue.size() && !closed.get(); i = next.getAndIncrement()) {
                    queue.get(i).prestart();
                }
            }, "lambda-prestart-" + t);
            starter.setDaemon(true);
            starter.start();
        }
    }

    /** Execution environments started so far, per function. */
    public Map<String, Integer> environmentsStarted() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        pools.forEach((name, pool) -> counts.put(name, pool.started()));
        return counts;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pools.values().forEach(Pool::close);
            watchdog.shutdownNow();
        }
    }

    private void emit(String function, String requestId, JsonNode lines) {
        for (JsonNode line : lines) {
            for (LogListener listener : listeners) {
                listener.onLog(function, requestId, line.asText());
            }
        }
    }

    private LambdaThrottledException throttled(String reason) {
        return new LambdaThrottledException(reason, "Rate Exceeded. (Service: Lambda, Status Code: 429, Error Code: "
                + "TooManyRequestsException, Reason: " + reason + ", Request ID: " + UUID.randomUUID() + ")");
    }

    private void initEnded() {
        synchronized (capacity) {
            initializing--;
            capacity.notifyAll();
        }
    }

    /** Under {@link #capacity}: takes the least recently used idle environment of any function, or null. */
    private Environment reclaimIdle() {
        Pool richest = null;
        for (Pool p : pools.values()) {
            if (!p.idle.isEmpty() && (richest == null || p.idle.size() > richest.idle.size())) {
                richest = p;
            }
        }
        if (richest == null) {
            return null;
        }
        Environment env = richest.idle.pollLast();
        richest.all.remove(env);
        live--;
        return env;
    }

    private final class Pool {
        private final LambdaFunction function;
        private final Deque<Environment> idle = new ArrayDeque<>();
        private final List<Environment> all = new ArrayList<>();
        private int started;
        private int starting;

        Pool(LambdaFunction function) {
            this.function = function;
        }

        int started() {
            synchronized (capacity) {
                return started;
            }
        }

        InvokeResult invoke(String arn, String payload, InvocationHooks hooks) {
            Environment env;
            Environment reclaimed = null;
            boolean cold;
            synchronized (capacity) {
                while (idle.isEmpty() && starting > 0) { // a pre-start is under way: its environment is for us
                    try {
                        capacity.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for an execution environment", e);
                    }
                }
                if (inFlight >= concurrencyLimit) {
                    throw throttled("ConcurrentInvocationLimitExceeded");
                }
                env = idle.pollFirst();
                cold = env == null;
                if (cold) {
                    if (all.size() >= maxEnvironmentsPerFunction) {
                        throw throttled("ReservedFunctionConcurrentInvocationLimitExceeded");
                    }
                    if (live >= concurrencyLimit) {
                        reclaimed = reclaimIdle(); // not null: fewer invocations run than environments live
                        if (reclaimed == null) {
                            throw throttled("ConcurrentInvocationLimitExceeded");
                        }
                    }
                    env = new Environment(function);
                    all.add(env);
                    live++;
                }
                inFlight++;
            }
            if (reclaimed != null) {
                reclaimed.destroy();
            }
            if (cold) {
                Environment warm = awaitInitTurn(env);
                if (warm != null) {
                    env = warm;
                    cold = false;
                }
            }
            InvokeResult result;
            try {
                result = env.invoke(arn, payload, hooks, cold ? LocalLambdaService.this::initEnded : () -> { });
            } finally {
                boolean dead;
                synchronized (capacity) {
                    inFlight--;
                    dead = !env.alive() || closed.get();
                    if (dead) {
                        if (all.remove(env)) {
                            live--;
                        }
                    } else {
                        idle.addFirst(env);
                        capacity.notifyAll(); // a caller waiting for its turn to init may take it instead
                    }
                }
                if (dead) {
                    env.destroy();
                }
            }
            return result;
        }

        /**
         * Inits run at most {@link #maxConcurrentInits} at a time (a JVM start is CPU-bound: more at once on few cores
         * only makes all of them late). While this invocation waits for its turn, an environment of its function that
         * becomes idle is taken instead (returned; the new one is never started). Null: this invocation starts {@code
         * reserved}. The task's timeout is held meanwhile, as during init.
         */
        private Environment awaitInitTurn(Environment reserved) {
            synchronized (capacity) {
                while (true) {
                    Environment other = idle.pollFirst();
                    if (other != null) {
                        all.remove(reserved);
                        live--;
                        return other;
                    }
                    if (initializing < maxConcurrentInits || closed.get()) {
                        initializing++;
                        started++;
                        return null;
                    }
                    try {
                        capacity.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        initializing++;
                        started++;
                        return null;
                    }
                }
            }
        }

        /**
         * Starts one environment (in the calling thread) when the function has none and the account has room; it
         * counts as an init, like a cold start.
         */
        void prestart() {
            Environment env;
            synchronized (capacity) {
                if (!all.isEmpty() || live >= concurrencyLimit || closed.get()) {
                    return;
                }
                env = new Environment(function);
                all.add(env);
                live++;
                started++;
                starting++;
                initializing++;
            }
            try {
                env.start();
            } finally {
                synchronized (capacity) {
                    starting--;
                    initializing--;
                    if (all.contains(env)) {
                        idle.addFirst(env); // its first invocation reports the init (or the init error)
                    }
                    capacity.notifyAll();
                }
            }
        }

        void close() {
            List<Environment> toDestroy;
            synchronized (capacity) {
                toDestroy = new ArrayList<>(all);
                live -= all.size();
                all.clear();
                idle.clear();
            }
            toDestroy.forEach(Environment::destroy);
        }
    }

    /** One execution environment: a worker JVM. */
    private final class Environment {
        private final LambdaFunction function;
        private volatile Process process;
        private Writer stdin;
        private BufferedReader stdout;
        private JsonNode initError;
        private double initMs;
        private JsonNode initLogs = MAPPER.createArrayNode();
        private volatile boolean alive = true;
        private boolean startCalled;
        private UncheckedIOException startFailure;
        private boolean invoked;

        Environment(LambdaFunction function) {
            this.function = function;
        }

        boolean alive() {
            return alive && process != null && process.isAlive();
        }

        /** Starts the JVM and waits for its init (once; the first invocation calls it unless a pre-start did). */
        synchronized void start() {
            if (startCalled) {
                return;
            }
            startCalled = true;
            if (!alive) {
                initError = runtimeError("Runtime.ExitError", "The execution environment was shut down before it started");
                return;
            }
            JavaRuntimes.Jdk jdk = jdks.forFunction(function);
            List<String> command = new ArrayList<>();
            command.add(jdk.java().toString());
            command.addAll(jvmOptions);
            command.addAll(functionJvmOptions.apply(function, jdk));
            command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
            command.add("-cp");
            command.add(runtimeJar.toAbsolutePath() + java.io.File.pathSeparator + function.jar().toAbsolutePath());
            command.add(LambdaWorkerMain.class.getName());
            command.add(function.handler());
            command.add(function.jar().toAbsolutePath().toString());
            command.add(function.name());
            command.add("$LATEST");
            command.add(Integer.toString(function.memoryMb()));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> env = builder.environment();
            String path = env.get("PATH");
            env.clear();
            if (path != null) {
                env.put("PATH", path);
            }
            env.put("TZ", "UTC");
            env.put("LANG", "en_US.UTF-8");
            env.putAll(baseEnvironment);
            env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
            env.put("_HANDLER", function.handler());
            env.putAll(function.environment());
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            try {
                process = builder.start();
            } catch (IOException e) {
                startFailure = new UncheckedIOException("Cannot start an execution environment for " + function.name(), e);
                alive = false;
                return;
            }
            if (!alive) { // closed while starting
                process.destroyForcibly();
            }
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            ScheduledFuture<?> initTimeout = watchdog.schedule(process::destroyForcibly, 60, TimeUnit.SECONDS);
            try {
                String line = stdout.readLine();
                if (line == null) {
                    alive = false;
                    initError = runtimeError("Runtime.ExitError",
                            "Runtime exited before init completed: exit status " + exitStatus());
                    return;
                }
                JsonNode ready = MAPPER.readTree(line);
                initMs = ready.path("initMs").asDouble();
                initLogs = ready.path("logs");
                if (!ready.path("ready").asBoolean()) {
                    alive = false;
                    initError = ready.get("error");
                }
            } catch (IOException e) {
                alive = false;
                initError = runtimeError("Runtime.ExitError", "Runtime failed during init: " + e.getMessage());
            } finally {
                initTimeout.cancel(false);
            }
        }

        InvokeResult invoke(String arn, String payload, InvocationHooks hooks, Runnable initDone) {
            String requestId = UUID.randomUUID().toString();
            AtomicBoolean cancelled = new AtomicBoolean();
            hooks.onCancel(() -> {
                cancelled.set(true);
                alive = false;
                Process p = process;
                if (p != null) {
                    p.destroyForcibly();
                }
            });
            boolean cold = !invoked; // a pre-started environment's first invocation still reports its cold start
            invoked = true;
            if (cold) {
                try {
                    start();
                } finally {
                    initDone.run();
                }
                if (startFailure != null) {
                    throw startFailure;
                }
                if (cancelled.get() && process != null) {
                    process.destroyForcibly();
                }
                emit(function.name(), requestId, initLogs);
                if (initError != null) {
                    return new InvokeResult(function.name(), requestId, null, initError, lines(initLogs), 0, true, initMs);
                }
            }
            hooks.ready();
            long deadline = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> timer = watchdog.schedule(() -> {
                timedOut.set(true);
                process.destroyForcibly();
            }, function.timeoutSeconds() * 1000L, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            try {
                ObjectNode request = MAPPER.createObjectNode();
                request.put("id", requestId);
                request.put("payload", payload);
                request.put("deadlineEpochMs", deadline);
                request.put("invokedFunctionArn", arn);
                stdin.write(JsonText.escapeLoneSurrogates(MAPPER.writeValueAsString(request)));
                stdin.write('\n');
                stdin.flush();
                String line = stdout.readLine();
                if (line == null) {
                    throw new IOException("end of stream");
                }
                JsonNode response = MAPPER.readTree(line);
                List<String> logs = new ArrayList<>(cold ? lines(initLogs) : List.of());
                logs.addAll(lines(response.path("logs")));
                emit(function.name(), requestId, response.path("logs"));
                double duration = response.path("durationMs").asDouble();
                if (response.path("ok").asBoolean()) {
                    return new InvokeResult(function.name(), requestId, response.get("result").asText(), null, logs,
                            duration, cold, cold ? initMs : 0);
                }
                return new InvokeResult(function.name(), requestId, null, response.get("error"), logs, duration,
                        cold, cold ? initMs : 0);
            } catch (IOException e) {
                alive = false;
                double elapsed = (System.nanoTime() - start) / 1_000_000.0;
                JsonNode error = cancelled.get()
                        ? runtimeError("Runtime.Cancelled", "RequestId: " + requestId
                        + " Error: the caller stopped waiting (task timed out or execution stopped); the environment was destroyed")
                        : timedOut.get()
                        ? runtimeError("Sandbox.Timedout", String.format(Locale.ROOT,
                        "RequestId: %s Error: Task timed out after %.2f seconds", requestId, (double) function.timeoutSeconds()))
                        : runtimeError("Runtime.ExitError", "RequestId: " + requestId
                        + " Error: Runtime exited with error: exit status " + exitStatus());
                return new InvokeResult(function.name(), requestId, null, error, List.of(), elapsed, cold, cold ? initMs : 0);
            } finally {
                timer.cancel(false);
            }
        }

        private String exitStatus() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }

        void destroy() {
            alive = false;
            if (process != null) {
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // the process is going away
                }
                process.destroy();
                try {
                    if (!process.waitFor(shutdownWaitMillis, TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }

    private static List<String> lines(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode runtimeError(String type, String message) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("errorMessage", message);
        error.put("errorType", type);
        return error;
    }

    public static final class Builder {
        private final List<LambdaFunction> functions = new ArrayList<>();
        private final Map<String, String> baseEnvironment = new LinkedHashMap<>();
        private JavaRuntimes jdks = JavaRuntimes.discover();
        private Path runtimeJarDirectory;
        // What the Lambda Java runtime starts its JVM with (tiered compilation stops at C1, serial GC; the JDK's own
        // class-data-sharing archive is on by default). A function's JAVA_TOOL_OPTIONS variable adds to them, as on
        // Lambda.
        private List<String> jvmOptions = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC");
        private int maxEnvironmentsPerFunction;
        private int concurrencyLimit = DEFAULT_CONCURRENCY_LIMIT;
        private java.util.function.BiFunction<LambdaFunction, JavaRuntimes.Jdk, List<String>> functionJvmOptions =
                (f, jdk) -> List.of();
        private long shutdownWaitMillis = 2000;

        public Builder function(LambdaFunction function) {
            functions.add(Objects.requireNonNull(function));
            return this;
        }

        public Builder functions(Iterable<LambdaFunction> all) {
            all.forEach(this::function);
            return this;
        }

        /** Variables every function gets (region, credentials, endpoint overrides); a function's own ones win. */
        public Builder baseEnvironment(Map<String, String> environment) {
            baseEnvironment.putAll(environment);
            return this;
        }

        /**
         * Where the JDK for each function's runtime is found (default: {@link JavaRuntimes#discover()}, this JVM
         * when none of the runtime's version is).
         */
        public Builder jdks(JavaRuntimes jdks) {
            this.jdks = Objects.requireNonNull(jdks);
            return this;
        }

        /**
         * Where the environments' runtime jar is kept ({@link LambdaRuntimeJar}; default: this user's folder in
         * {@code java.io.tmpdir}): a folder that outlives the run when class-data-sharing archives refer to the jar.
         */
        public Builder runtimeJarDirectory(Path directory) {
            this.runtimeJarDirectory = Objects.requireNonNull(directory);
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** The worker JVMs' options so far (by default what Lambda's Java runtime uses). */
        public List<String> jvmOptions() {
            return jvmOptions;
        }

        /** Options for one function's environments on the JDK they run on (e.g. its class-data-sharing archive). */
        public Builder functionJvmOptions(
                java.util.function.BiFunction<LambdaFunction, JavaRuntimes.Jdk, List<String>> options) {
            this.functionJvmOptions = Objects.requireNonNull(options);
            return this;
        }

        /** How long {@link #close()} lets an environment exit by itself before killing it (default 2 s). */
        public Builder shutdownWait(java.time.Duration wait) {
            this.shutdownWaitMillis = wait.toMillis();
            return this;
        }

        /** Reserved concurrency of every function (0: none, only the account's {@link #concurrencyLimit}). */
        public Builder maxEnvironmentsPerFunction(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxEnvironmentsPerFunction must be >= 0");
            }
            this.maxEnvironmentsPerFunction = max;
            return this;
        }

        /** Concurrent invocations (and live environments) of all functions together; beyond: throttled. */
        public Builder concurrencyLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("concurrencyLimit must be >= 1, got " + limit);
            }
            this.concurrencyLimit = limit;
            return this;
        }

        public LocalLambdaService build() {
            return new LocalLambdaService(this);
        }
    }
}
