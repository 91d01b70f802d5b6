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
 * for later invocations (warm), one invocation at a time; more environments are started while all are busy, up to
 * {@code maxEnvironmentsPerFunction}; {@link #prestart} starts one ahead of the first invocation (its init runs while
 * other work goes on, and the first invocation then waits only for what is left of it). An invocation that runs past
 * the function's timeout kills its environment and fails with {@code Sandbox.Timedout}; an environment that dies
 * fails with {@code Runtime.ExitError}.
 */
public final class LocalLambdaService implements AutoCloseable {
    /** Receives every log line a function writes, as it is returned. */
    public interface LogListener {
        void onLog(String functionName, String requestId, String line);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, LambdaFunction> functions;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Map<String, String> baseEnvironment;
    private final String javaExecutable;
    private final String workerClasspath;
    private final List<String> jvmOptions;
    private final java.util.function.Function<LambdaFunction, List<String>> functionJvmOptions;
    private final long shutdownWaitMillis;
    private final int maxEnvironmentsPerFunction;
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
        this.javaExecutable = b.javaExecutable;
        this.workerClasspath = b.workerClasspath;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.functionJvmOptions = b.functionJvmOptions;
        this.shutdownWaitMillis = b.shutdownWaitMillis;
        this.maxEnvironmentsPerFunction = b.maxEnvironmentsPerFunction;
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
        Pool pool = pools.get(functionName);
        if (pool == null) {
            throw new IllegalArgumentException("Function not found: " + functionName);
        }
        if (closed.get()) {
            throw new IllegalStateException("The Lambda service is closed");
        }
        return pool.invoke(invokedFunctionArn, payloadJson);
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

    private final class Pool {
        private final LambdaFunction function;
        private final Deque<Environment> idle = new ArrayDeque<>();
        private final List<Environment> all = new ArrayList<>();
        private int busy;
        private int started;
        private int starting;

        Pool(LambdaFunction function) {
            this.function = function;
        }

        synchronized int started() {
            return started;
        }

        InvokeResult invoke(String arn, String payload) {
            Environment env;
            synchronized (this) {
                while (idle.isEmpty() && (all.size() >= maxEnvironmentsPerFunction || starting > 0)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for an execution environment", e);
                    }
                }
                env = idle.pollFirst();
                if (env == null) {
                    env = new Environment(function);
                    all.add(env);
                    started++;
                }
                busy++;
            }
            InvokeResult result;
            try {
                result = env.invoke(arn, payload);
            } finally {
                synchronized (this) {
                    busy--;
                    if (env.alive()) {
                        idle.addFirst(env);
                    } else {
                        all.remove(env);
                        env.destroy();
                    }
                    notifyAll();
                }
            }
            return result;
        }

        /** Starts one environment (in the calling thread) when the function has none. */
        void prestart() {
            Environment env;
            synchronized (this) {
                if (!all.isEmpty()) {
                    return;
                }
                env = new Environment(function);
                all.add(env);
                started++;
                starting++;
            }
            try {
                env.start();
            } finally {
                synchronized (this) {
                    starting--;
                    if (all.contains(env)) {
                        idle.addFirst(env); // its first invocation reports the init (or the init error)
                    }
                    notifyAll();
                }
            }
        }

        synchronized void close() {
            all.forEach(Environment::destroy);
            all.clear();
            idle.clear();
        }
    }

    /** One execution environment: a worker JVM. */
    private final class Environment {
        private final LambdaFunction function;
        private Process process;
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
            List<String> command = new ArrayList<>();
            command.add(javaExecutable);
            command.addAll(jvmOptions);
            command.addAll(functionJvmOptions.apply(function));
            command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
            command.add("-cp");
            command.add(workerClasspath);
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

        InvokeResult invoke(String arn, String payload) {
            String requestId = UUID.randomUUID().toString();
            boolean cold = !invoked;
            invoked = true;
            if (cold) {
                start();
                if (startFailure != null) {
                    throw startFailure;
                }
                emit(function.name(), requestId, initLogs);
                if (initError != null) {
                    return new InvokeResult(function.name(), requestId, null, initError, lines(initLogs), 0, true, initMs);
                }
            }
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
                stdin.write(MAPPER.writeValueAsString(request));
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
                JsonNode error = timedOut.get()
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
        private String javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        private String workerClasspath = System.getProperty("java.class.path");
        // What the Lambda Java runtime starts its JVM with (tiered compilation stops at C1, serial GC, CDS on).
        private List<String> jvmOptions = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto");
        private int maxEnvironmentsPerFunction = 8;
        private java.util.function.Function<LambdaFunction, List<String>> functionJvmOptions = f -> List.of();
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

        public Builder javaExecutable(String java) {
            this.javaExecutable = java;
            return this;
        }

        /** The class path of the worker JVMs: must hold {@link LambdaWorkerMain} and its dependencies. */
        public Builder workerClasspath(String classpath) {
            this.workerClasspath = classpath;
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Further JVM options for one function's environments (e.g. its class-data-sharing archive). */
        public Builder functionJvmOptions(java.util.function.Function<LambdaFunction, List<String>> options) {
            this.functionJvmOptions = Objects.requireNonNull(options);
            return this;
        }

        /** How long {@link #close()} lets an environment exit by itself before killing it (default 2 s). */
        public Builder shutdownWait(java.time.Duration wait) {
            this.shutdownWaitMillis = wait.toMillis();
            return this;
        }

        public Builder maxEnvironmentsPerFunction(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxEnvironmentsPerFunction must be >= 1");
            }
            this.maxEnvironmentsPerFunction = max;
            return this;
        }

        public LocalLambdaService build() {
            return new LocalLambdaService(this);
        }
    }
}
