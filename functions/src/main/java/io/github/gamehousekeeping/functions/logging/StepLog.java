package io.github.gamehousekeeping.functions.logging;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventConflictException;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.Json;
import io.github.gamehousekeeping.contract.TransientFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The logging of one invocation: puts the correlation fields in the MDC for every line written while it runs, and
 * writes the one outcome line of a failed invocation (the handler writes the outcome line of a successful one). Each
 * outcome line carries {@value #OUTCOME}, so {@code filter ispresent(outcome)} counts invocations.
 *
 * <p>Correlation fields: {@value #STEP}, {@value #FUNCTION}, {@value #REQUEST_ID} (the Lambda request id),
 * {@value #COLD_START} (true on the first invocation of an execution environment, also the first one after a SnapStart
 * restore), {@value #EXECUTION_NAME} (from the task payload's envelope), {@value #EVENT_ID}, {@value #PLAYER_ID},
 * {@value #GAME_LEVEL}, {@value #GAME_COMPLETED} (from the event: taken from the raw event before validation, so a
 * rejected event's lines still correlate when it has those fields, and replaced by the validated values).
 */
public final class StepLog implements AutoCloseable {
    public static final String STEP = "step";
    public static final String FUNCTION = "function";
    public static final String REQUEST_ID = "requestId";
    public static final String COLD_START = "coldStart";
    public static final String EXECUTION_NAME = "executionName";
    public static final String EVENT_ID = "eventId";
    public static final String PLAYER_ID = "playerId";
    public static final String GAME_LEVEL = "gameLevel";
    public static final String GAME_COMPLETED = "gameCompleted";
    public static final String OUTCOME = "outcome";
    /** The order in which the correlation fields are written. */
    static final List<String> FIELD_ORDER = List.of(STEP, FUNCTION, REQUEST_ID, COLD_START, EXECUTION_NAME, EVENT_ID,
            PLAYER_ID, GAME_LEVEL, GAME_COMPLETED);
    /** Longest correlation value copied from an unvalidated event. */
    private static final int MAX_RAW_FIELD = 128;

    private static final Logger LOG = LoggerFactory.getLogger(StepLog.class);
    private static final AtomicBoolean COLD = new AtomicBoolean(true);

    private StepLog() {
    }

    /** Starts an invocation's logging (clears what a previous invocation on this thread left). */
    public static StepLog start(String step, Object event, String executionName, Context context) {
        MDC.clear();
        MDC.put(STEP, step);
        String function = context != null && context.getFunctionName() != null ? context.getFunctionName()
                : System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        if (function != null) {
            MDC.put(FUNCTION, function);
        }
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put(REQUEST_ID, context.getAwsRequestId());
        }
        MDC.put(COLD_START, Boolean.toString(COLD.getAndSet(false)));
        if (executionName != null) {
            MDC.put(EXECUTION_NAME, raw(executionName));
        }
        if (event instanceof Map<?, ?> map) {
            if (map.get(EVENT_ID) instanceof String id) {
                MDC.put(EVENT_ID, raw(id));
            }
            if (map.get(PLAYER_ID) instanceof String player) {
                MDC.put(PLAYER_ID, raw(player));
            }
            if (map.get("level") instanceof Number level) {
                MDC.put(GAME_LEVEL, Long.toString(level.longValue()));
            }
        }
        if (LOG.isDebugEnabled()) {
            // the payload only at DEBUG: it holds player data
            LOG.debug("task payload: {}", Json.GSON.toJson(event));
        }
        return new StepLog();
    }

    /** Records the validated event's fields for the lines that follow; returns the event. */
    public CompletionEvent event(CompletionEvent event) {
        MDC.put(EVENT_ID, event.eventId());
        MDC.put(PLAYER_ID, event.playerId());
        MDC.put(GAME_LEVEL, Integer.toString(event.level()));
        MDC.put(GAME_COMPLETED, Boolean.toString(event.gameCompleted()));
        return event;
    }

    /** Runs the handler's work; a failure gets its outcome line (with what happens next) and is rethrown unchanged. */
    public <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidEventException e) {
            LOG.atWarn().addKeyValue(OUTCOME, "rejected").addKeyValue("fields", e.fields())
                    .addKeyValue("reason", e.getMessage()).log("event rejected: not retried, the execution fails");
            throw e;
        } catch (EventConflictException e) {
            LOG.atWarn().addKeyValue(OUTCOME, "conflict").addKeyValue("reason", e.getMessage())
                    .log("conflict: the eventId is already recorded with other content; not retried");
            throw e;
        } catch (TransientFailureException e) {
            LOG.atWarn().addKeyValue(OUTCOME, "transient").addKeyValue("retryable", true)
                    .addKeyValue("reason", e.getMessage())
                    .log("transient failure: the state machine retries the task with backoff");
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.atError().addKeyValue(OUTCOME, "failed").setCause(e).log("failed: not retried");
            throw e;
        }
    }

    /** Whether the next invocation logs {@code coldStart: true}. */
    public static boolean coldStartPending() {
        return COLD.get();
    }

    /** Sets what the next invocation logs as {@code coldStart} (SnapStart priming puts back the value it found). */
    public static void coldStartPending(boolean cold) {
        COLD.set(cold);
    }

    @Override
    public void close() {
        MDC.clear();
    }

    private static String raw(String value) {
        return value.length() <= MAX_RAW_FIELD ? value : value.substring(0, MAX_RAW_FIELD);
    }
}
