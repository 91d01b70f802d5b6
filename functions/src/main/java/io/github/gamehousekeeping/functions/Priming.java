package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.EventContract;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SnapStart priming. Each handler registers one of these with the CRaC global context; before the snapshot it runs the
 * handler's hot paths once (JSON Schema validation of a sample event, SDK request marshalling and signing), so the
 * classes are loaded and initialised in the snapshot instead of on the first invocation after restore. Priming never
 * writes data: SDK calls made here are reads of a key that does not exist, and any failure is ignored.
 */
public final class Priming implements Resource {
    private final Runnable prime;

    private Priming(Runnable prime) {
        this.prime = prime;
    }

    /** Registers {@code prime} to run before a checkpoint; returns the resource (keep a reference to it). */
    public static Priming register(Runnable prime) {
        Priming priming = new Priming(prime);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /**
     * How often the hot paths run before the snapshot: once loads and initialises the classes, but leaves the code
     * interpreted and its call sites unlinked, and the first invocation after a restore then runs several times slower
     * than a warm one (bench/cold-start.sh measures it); repeating lets the JIT compile the paths the snapshot keeps.
     */
    static final int ITERATIONS = 12;

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (int i = 0; i < ITERATIONS && runQuietly(prime); i++) {
            // a failed round (no network or credentials at snapshot time) is not repeated
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
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

    /** A valid sample event, for exercising validation during priming. */
    public static Map<String, Object> sampleEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "priming-0000");
        event.put("playerId", "priming");
        event.put("level", 1L);
        event.put("score", 0L);
        event.put("durationMs", 1L);
        event.put("completedAt", "2026-01-01T00:00:00Z");
        event.put("gameCompleted", false);
        return event;
    }

    /** Validates the sample event (loads the schema, the validator and Gson) and renders a log line (not written). */
    public static void primeValidation() {
        EventContract.get().validate(sampleEvent());
        io.github.gamehousekeeping.functions.logging.StepLog.prime();
    }
}
