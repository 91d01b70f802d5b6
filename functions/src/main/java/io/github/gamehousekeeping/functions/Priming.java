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

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        runQuietly(prime);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: clients hold no connections worth dropping and read credentials per request
    }

    /** Runs the priming action now (also used by tests); never throws. */
    public static void runQuietly(Runnable prime) {
        try {
            prime.run();
        } catch (RuntimeException | LinkageError ignored) {
            // expected without network/credentials at snapshot time
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
