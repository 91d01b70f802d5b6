package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.Recorded;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.logging.StepLog;


/**
 * RecordLevelCompletion: writes the CompletedLevel item of a level completion and the player's progress on the level
 * (PlayerProgress) in one transaction, idempotently (a duplicate delivery
 * returns the same {@link Recorded} and writes nothing; a reused eventId with other content fails with
 * {@code EventConflictException}). Environment: {@code AWS_REGION}, {@code COMPLETED_LEVEL_TABLE},
 * {@code PLAYER_PROGRESS_TABLE}.
 */
public final class RecordLevelCompletionHandler implements RequestHandler<Object, Recorded> {
    private final CompletionStore store;
    private final EventContract contract = EventContract.get(); // schema compiled in the init phase, not on first invoke
    // strong reference: the CRaC context may hold resources weakly
    private final Priming priming;

    /** Called by the Lambda runtime: configuration from the process environment. */
    public RecordLevelCompletionHandler() {
        this(Environment.system());
    }

    /** Configuration from the given environment; SDK client built here, once. */
    public RecordLevelCompletionHandler(Environment env) {
        this(CompletionStore.fromEnvironment(env, false));
    }

    /** With a ready store (tests, local runtime). */
    public RecordLevelCompletionHandler(CompletionStore store) {
        this.store = store;
        // SnapStart priming: the real client reads keys that do not exist; the whole handler, write included, runs on
        // an offline twin of the store (its requests answered in-process, never sent: nothing is written)
        this.priming = Priming.withOfflineTwin(store::prime, store::offlineTwin,
                twin -> new RecordLevelCompletionHandler(twin, null), () -> Priming.envelope(Priming.sampleEvent()));
    }

    /** A handler without priming (the offline twin that priming invokes). */
    private RecordLevelCompletionHandler(CompletionStore store, Void noPriming) {
        this.store = store;
        this.priming = null;
    }

    @Override
    public Recorded handleRequest(Object input, Context context) {
        TaskPayload payload = TaskPayload.of(input);
        try (StepLog log = StepLog.start("RecordLevelCompletion", payload.event(), payload.executionName(), context)) {
            return log.run(() -> store.recordLevel(log.event(contract.validate(payload.event()))));
        }
    }

    /** Runs the SnapStart priming now, as {@code beforeCheckpoint} would (tests). */
    void prime() {
        priming.beforeCheckpoint(null);
    }
}
