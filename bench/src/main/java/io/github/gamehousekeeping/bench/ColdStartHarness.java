package io.github.gamehousekeeping.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Does what the Lambda Java runtime does for one cold invocation, in a fresh JVM: loads the handler class, calls its
 * no-arg constructor (init), then calls handleRequest once with the event as a Map (first invoke). Prints
 * {@code HARNESS init_ms=... invoke_ms=... result=...} as its last line.
 *
 * <p>With {@code --primed N} it measures what a player sees after a SnapStart restore instead, in one JVM: the CRaC
 * hooks run (the handler's priming, as before a snapshot), then the first invoke is timed, then N warm invokes
 * (median), each after the same idle pause as the first ({@code --pause-ms P}, default 0), then N warm invokes back to
 * back; each invoke with a new eventId of a new player (the same kind of work every time); prints
 * {@code HARNESS init_ms=... priming_ms=... first_ms=... first_classes=... warm_ms=... warm_b2b_ms=...}
 * ({@code first_classes}: classes the JVM loaded during the first invoke, i.e. work the priming left;
 * {@code HARNESS-MARK} lines bound the first invoke for a {@code -Xlog:class+load} log). The pause matters for
 * sub-millisecond handlers: an invoke after 50 ms or more of idle time takes about 1 ms more than one right after
 * another (caches and branch predictors cold), priming or not; a real first invoke always comes after idle time.
 *
 * <p>Usage: {@code java -cp <function jar>:<harness classes> io.github.gamehousekeeping.bench.ColdStartHarness
 * <handler class> <event.json> [eventId] [--wrap] [--primed N [--pause-ms P]]}; {@code --wrap} passes
 * {@code {"event": <event>, "report": {}, "recorded": {}}} (PublishMetrics).
 * The event is parsed before the clock starts, by a minimal parser for the flat sample events, the same for every
 * handler (the real runtime deserializes the event before calling the handler, too).
 */
public final class ColdStartHarness {
    public static void main(String[] args) throws Exception {
        Map<String, Object> event = parseFlatObject(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        String eventId = args.length > 2 && !args[2].startsWith("--") ? args[2] : (String) event.get("eventId");
        boolean wrap = List.of(args).contains("--wrap");
        int primedIndex = List.of(args).indexOf("--primed");
        int warmInvokes = primedIndex < 0 ? 0 : Integer.parseInt(args[primedIndex + 1]);
        int pauseIndex = List.of(args).indexOf("--pause-ms");
        long pauseMs = pauseIndex < 0 ? 0 : Long.parseLong(args[pauseIndex + 1]);

        long start = System.nanoTime();
        @SuppressWarnings("unchecked")
        RequestHandler<Map<String, Object>, Object> handler =
                (RequestHandler<Map<String, Object>, Object>) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructed = System.nanoTime();
        if (primedIndex < 0) {
            Object result = handler.handleRequest(input(event, eventId, wrap), new BenchContext());
            long invoked = System.nanoTime();
            System.out.println("HARNESS init_ms=" + ms(constructed - start) + " invoke_ms=" + ms(invoked - constructed)
                    + " result=" + result);
            return;
        }

        // SnapStart: the runtime runs the CRaC resources' beforeCheckpoint (our priming), snapshots, and after a
        // restore calls afterRestore; the player's first request then finds the JVM in that state.
        runCracHooks(handler);
        long primed = System.nanoTime();
        // Every invoke, the first and the warm ones, gets the same kind of event: a new eventId of a new player, so a
        // recorder writes a player's first completion each time (no duplicate-delivery shortcut, no growing item) and
        // the report reads the same items each time. The events are built before the clock starts.
        Map<String, Object> firstInput = input(unique(event, eventId, 0), eventId + "-0", wrap);
        List<Map<String, Object>> warmInputs = new java.util.ArrayList<>();
        for (int i = 1; i <= 2 * warmInvokes; i++) {
            warmInputs.add(input(unique(event, eventId, i), eventId + "-" + i, wrap));
        }
        BenchContext firstContext = new BenchContext();
        loadedClasses(); // loads the management classes before the count
        System.out.println("HARNESS-MARK first-invoke-start"); // bounds the first invoke in a -Xlog:class+load log
        long classes = loadedClasses();
        Thread.sleep(pauseMs);
        long firstStart = System.nanoTime();
        Object result = handler.handleRequest(firstInput, firstContext);
        long first = System.nanoTime() - firstStart;
        long firstClasses = loadedClasses() - classes;
        System.out.println("HARNESS-MARK first-invoke-end");
        // Warm invokes after the same pause as the first (requests reach an environment after idle time; the first
        // invoke after a restore always does), then as many back to back (caches and branch predictors hot).
        long[] warm = new long[warmInvokes];
        long[] backToBack = new long[warmInvokes];
        for (int i = 0; i < warmInvokes; i++) {
            BenchContext context = new BenchContext();
            Thread.sleep(pauseMs);
            long t = System.nanoTime();
            handler.handleRequest(warmInputs.get(i), context);
            warm[i] = System.nanoTime() - t;
        }
        for (int i = 0; i < warmInvokes; i++) {
            BenchContext context = new BenchContext();
            long t = System.nanoTime();
            handler.handleRequest(warmInputs.get(warmInvokes + i), context);
            backToBack[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        Arrays.sort(backToBack);
        System.out.println("HARNESS init_ms=" + ms(constructed - start) + " priming_ms=" + ms(primed - constructed)
                + " first_ms=" + ms(first) + " first_classes=" + firstClasses + " warm_ms=" + ms(warm[warm.length / 2])
                + " warm_b2b_ms=" + ms(backToBack[backToBack.length / 2]) + " pause_ms=" + pauseMs + " result=" + result);
    }

    /** The event with eventId {@code <eventId>-<n>} of player {@code <playerId>-<eventId>-<n>}. */
    private static Map<String, Object> unique(Map<String, Object> event, String eventId, int n) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.put("playerId", event.get("playerId") + "-" + eventId + "-" + n);
        return copy;
    }

    private static long loadedClasses() {
        return java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    }

    private static Map<String, Object> input(Map<String, Object> event, String eventId, boolean wrap) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.put("eventId", eventId);
        if (!wrap) {
            return copy;
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("event", copy);
        input.put("report", new LinkedHashMap<>());
        input.put("recorded", new LinkedHashMap<>());
        return input;
    }

    /**
     * The handler's CRaC resources (fields of a type implementing {@code org.crac.Resource}, i.e. its Priming): their
     * {@code beforeCheckpoint} then {@code afterRestore}, as SnapStart calls them. (org.crac's global context refuses
     * to be driven by hand on a JVM without CRaC, so the resources are called directly.)
     */
    private static void runCracHooks(Object handler) throws Exception {
        ClassLoader loader = handler.getClass().getClassLoader();
        Class<?> resource = Class.forName("org.crac.Resource", true, loader);
        Class<?> context = Class.forName("org.crac.Context", true, loader);
        int found = 0;
        for (java.lang.reflect.Field field : handler.getClass().getDeclaredFields()) {
            if (resource.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                Object r = field.get(handler);
                resource.getMethod("beforeCheckpoint", context).invoke(r, (Object) null);
                resource.getMethod("afterRestore", context).invoke(r, (Object) null);
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalStateException(handler.getClass().getName() + " holds no CRaC resource (no priming)");
        }
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** Parses {"k": "string" | integer | true | false | null, ...}: enough for the sample events (integers as the runtime gives them). */
    static Map<String, Object> parseFlatObject(String json) {
        Map<String, Object> map = new LinkedHashMap<>();
        String body = json.trim();
        if (!body.startsWith("{") || !body.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int i = 1;
        int end = body.length() - 1;
        while (i < end) {
            int keyStart = body.indexOf('"', i);
            if (keyStart < 0 || keyStart >= end) {
                break;
            }
            int keyEnd = body.indexOf('"', keyStart + 1);
            String key = body.substring(keyStart + 1, keyEnd);
            int colon = body.indexOf(':', keyEnd);
            int v = colon + 1;
            while (Character.isWhitespace(body.charAt(v))) {
                v++;
            }
            Object value;
            int next;
            if (body.charAt(v) == '"') {
                int close = body.indexOf('"', v + 1);
                value = body.substring(v + 1, close);
                next = close + 1;
            } else {
                int stop = v;
                while (stop < end && body.charAt(stop) != ',' && !Character.isWhitespace(body.charAt(stop))) {
                    stop++;
                }
                String token = body.substring(v, stop);
                value = switch (token) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    case "null" -> null;
                    default -> number(Long.parseLong(token));
                };
                next = stop;
            }
            map.put(key, value);
            int comma = body.indexOf(',', next);
            i = comma < 0 ? end : comma + 1;
        }
        return map;
    }

    /** An Integer when it fits, else a Long: what the Lambda runtime's deserializer (Jackson, untyped) hands over. */
    private static Number number(long value) {
        return value == (int) value ? Integer.valueOf((int) value) : Long.valueOf(value);
    }

    /** The parts of a Lambda context our handlers use (the logger), the rest fixed. */
    static final class BenchContext implements Context {
        private final LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };

        @Override public String getAwsRequestId() { return "bench-request"; }
        @Override public String getLogGroupName() { return "/aws/lambda/bench"; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return "bench"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:bench"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return logger; }
    }
}
