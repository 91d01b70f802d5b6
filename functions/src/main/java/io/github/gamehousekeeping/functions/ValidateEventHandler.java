package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.InvalidEventException;

import io.github.gamehousekeeping.functions.logging.StepLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ValidateEvent: checks the raw event against the contract and returns it as a {@link CompletionEvent}, or throws
 * {@link InvalidEventException} naming every offending field. No AWS SDK: this function's jar holds the contract only.
 *
 * <p>The input type is {@code Object}: the Lambda runtime's serializer then hands over any JSON value (a {@code Map}
 * for an object, a {@code List}, {@code String}, number, boolean or null otherwise) instead of failing with a Jackson
 * stack trace before the handler runs, so a non-object execution input is rejected by the contract, with
 * {@link InvalidEventException}. Unknown fields and missing numbers reach the validator instead of being dropped or
 * defaulted to 0. The input is the task envelope {@code {"event": <raw input>, "executionName": ...}} or the bare
 * event ({@link TaskPayload}).
 */
public final class ValidateEventHandler implements RequestHandler<Object, CompletionEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateEventHandler.class);

    private final EventContract contract;
    // strong reference: the CRaC context may hold resources weakly
    private final Priming priming;

    /** Called by the Lambda runtime. */
    public ValidateEventHandler() {
        this.contract = EventContract.get();
        // SnapStart priming: this handler itself on a valid and on an invalid sample event (it only validates)
        this.priming = Priming.register(() -> {
            Priming.invoke(this, Priming.envelope(Priming.sampleEvent()));
            Priming.invokeRejected(this);
        });
    }

    @Override
    public CompletionEvent handleRequest(Object input, Context context) {
        TaskPayload payload = TaskPayload.of(input);
        try (StepLog log = StepLog.start("ValidateEvent", payload.event(), payload.executionName(), context)) {
            return log.run(() -> {
                CompletionEvent event = log.event(contract.validate(payload.event()));
                LOG.atInfo().addKeyValue(StepLog.OUTCOME, "accepted").log("event accepted");
                return event;
            });
        }
    }

    /** Runs the SnapStart priming now, as {@code beforeCheckpoint} would (tests). */
    void prime() {
        priming.beforeCheckpoint(null);
    }
}
