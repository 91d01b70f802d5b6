package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.functions.logging.JsonLogSink;
import io.github.gamehousekeeping.functions.logging.StepLog;
import org.crac.Core;
import org.crac.Resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SnapStart priming. Each handler registers one of these with the CRaC global context; before the snapshot it runs the
 * handler's own {@code handleRequest} on sample events, {@value #ITERATIONS} times, so that the first invocation after
 * a restore finds every class it needs loaded and initialised and its code linked (and partly compiled) in the
 * snapshot: bench/cold-start.sh measures that first invocation against a warm one, and {@code FirstInvokeAfterPrimingTest}
 * checks that it loads no class.
 *
 * <p>Priming is safe on AWS: it never writes data or publishes metrics.
 * <ul>
 *   <li>Log lines (and PublishMetrics' EMF documents, which CloudWatch would turn into metrics) written while priming
 *   are discarded ({@link JsonLogSink#discarding}).</li>
 *   <li>Handlers that only read (GenerateReport) are invoked as they are, on a player that does not exist.</li>
 *   <li>Handlers that write (the recorders; PublishMetrics in api mode) are invoked on an offline twin of their SDK
 *   client ({@code AwsClients.offlineTwin}): the same settings, but a {@code PrimingHttpClient} answers every
 *   request in-process, so the TransactWriteItems / PutMetricData request is built, marshalled and signed and its
 *   response unmarshalled, and nothing leaves the process. Their real client is primed with reads of keys that do not
 *   exist.</li>
 * </ul>
 * Any failure (no network or credentials at snapshot time) ends the priming without failing the checkpoint. The
 * {@code coldStart} log field is left as it was, so the first real invocation still reports {@code coldStart: true}.
 */
public final class Priming implements Resource {
    /** The executionName of priming invocations (never a real execution: Step Functions names are given by callers). */
    public static final String EXECUTION_NAME = "snapstart-priming";
    /** The player of the sample events: reads of it find nothing; nothing is ever written for it. */
    public static final String PLAYER = "snapstart-priming";

    /**
     * How often the hot paths run before the snapshot: once loads and initialises the classes, but leaves the code
     * interpreted and its call sites unlinked; repeating lets the JIT compile the paths the snapshot keeps (the
     * benchmark's warm figure is the median of the 20 invocations after the first).
     */
    static final int ITERATIONS = 25;

    /** One priming: what runs {@link #ITERATIONS} times, and what it releases afterwards (an offline twin client). */
    private interface Session extends Runnable, AutoCloseable {
        @Override
        default void close() {
        }
    }

    private final Supplier<? extends Session> setup;

    private Priming(Supplier<? extends Session> setup) {
        this.setup = setup;
    }

    /** Registers {@code prime} to run before a checkpoint; returns the resource (keep a reference to it). */
    public static Priming register(Runnable prime) {
        return session(() -> prime::run);
    }

    /** Registers a priming whose session is set up (e.g. an offline twin client built) at checkpoint time only. */
    private static Priming session(Supplier<? extends Session> setup) {
        Priming priming = new Priming(setup);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /**
     * Registers the priming of a handler that writes. At checkpoint time {@code twin} builds an offline twin of its
     * client and {@code offlineHandler} the handler on that twin. Each round runs {@code primeClient} (a harmless
     * request of the real client; after one fails, e.g. no network at snapshot time, it is not tried again), then the
     * offline handler on {@code input}. The twin is closed when the priming ends.
     */
    public static <T extends AutoCloseable> Priming withOfflineTwin(Runnable primeClient, Supplier<T> twin,
            Function<T, RequestHandler<Object, ?>> offlineHandler, Supplier<Object> input) {
        return session(() -> {
            T client = twin.get();
            RequestHandler<Object, ?> offline = offlineHandler.apply(client);
            return new Session() {
                private boolean online = true;

                @Override
                public void run() {
                    online = online && runQuietly(primeClient);
                    invoke(offline, input.get());
                }

                @Override
                public void close() {
                    try {
                        client.close();
                    } catch (Exception ignored) {
                        // a twin client that fails to close holds nothing worth reporting
                    }
                }
            };
        });
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        boolean coldStart = StepLog.coldStartPending();
        Session session = null;
        try {
            session = setup.get();
            for (int i = 0; i < ITERATIONS && runQuietly(session); i++) {
                // a failed round (no network or credentials at snapshot time) is not repeated
            }
        } catch (RuntimeException | LinkageError ignored) {
            // the session could not be set up: nothing primed
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (RuntimeException ignored) {
                    // a twin client that fails to close holds nothing worth reporting
                }
            }
            StepLog.coldStartPending(coldStart);
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: clients hold no connections worth dropping and read credentials per request
    }

    /** Runs the priming action now (also used by tests); never throws. Returns whether it completed. */
    public static boolean runQuietly(Runnable prime) {
        try {
            prime.run();
            return true;
        } catch (RuntimeException | LinkageError ignored) {
            return false; // expected without network/credentials at snapshot time
        }
    }

    /** Invokes the handler as the Lambda runtime would, its log lines (and EMF documents) discarded. */
    public static void invoke(RequestHandler<Object, ?> handler, Object input) {
        JsonLogSink.discarding(() -> handler.handleRequest(input, CONTEXT));
    }

    /** Invokes the handler on an invalid event (the rejection path: violations, InvalidEventException, WARN line). */
    public static void invokeRejected(RequestHandler<Object, ?> handler) {
        try {
            invoke(handler, envelope(invalidEvent()));
        } catch (InvalidEventException expected) {
            // the rejection path ran
        }
    }

    /** The task envelope Step Functions sends: {@code {"event": ..., "executionName": "snapstart-priming"}}. */
    public static Map<String, Object> envelope(Map<String, Object> event) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(TaskPayload.EVENT, event);
        input.put(TaskPayload.EXECUTION_NAME, EXECUTION_NAME);
        return input;
    }

    /**
     * A valid sample event of {@link #PLAYER}, numbers as the Lambda runtime's deserializer gives them (Integer), so
     * validation takes the same path as for a real event.
     */
    public static Map<String, Object> sampleEvent(boolean gameCompleted) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "snapstart-priming-0000");
        event.put("playerId", PLAYER);
        event.put("level", 1);
        event.put("score", 0);
        event.put("durationMs", 1);
        event.put("completedAt", "2026-01-01T00:00:00Z");
        event.put("gameCompleted", gameCompleted);
        return event;
    }

    /** A valid level-completion sample event. */
    public static Map<String, Object> sampleEvent() {
        return sampleEvent(false);
    }

    /** An event with several violations (a missing field, wrong types, an unknown field). */
    static Map<String, Object> invalidEvent() {
        Map<String, Object> event = new LinkedHashMap<>(sampleEvent());
        event.remove("eventId");
        event.put("level", "one");
        event.put("score", -1);
        event.put("unexpected", true);
        return event;
    }

    /** The Lambda context of priming invocations. */
    private static final Context CONTEXT = new Context() {
        private final LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };

        @Override public String getAwsRequestId() { return EXECUTION_NAME; }
        @Override public String getLogGroupName() { return null; }
        @Override public String getLogStreamName() { return null; }
        @Override public String getFunctionName() { return System.getenv("AWS_LAMBDA_FUNCTION_NAME"); }
        @Override public String getFunctionVersion() { return System.getenv("AWS_LAMBDA_FUNCTION_VERSION"); }
        @Override public String getInvokedFunctionArn() { return null; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 0; }
        @Override public LambdaLogger getLogger() { return logger; }
    };
}
