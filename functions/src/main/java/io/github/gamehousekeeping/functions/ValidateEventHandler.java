package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.InvalidEventException;

import java.util.Map;

/**
 * ValidateEvent: checks the raw event against the contract and returns it as a {@link CompletionEvent}, or throws
 * {@link InvalidEventException} naming every offending field. No AWS SDK: this function's jar holds the contract only.
 *
 * <p>The input is a {@code Map} (the Lambda runtime's view of a JSON object) rather than a record, so unknown fields and
 * missing numbers reach the validator instead of being dropped or defaulted to 0 by the runtime's deserializer.
 */
public final class ValidateEventHandler implements RequestHandler<Map<String, Object>, CompletionEvent> {
    private final EventContract contract;
    // strong reference: the CRaC context may hold resources weakly
    private final Priming priming;

    /** Called by the Lambda runtime. */
    public ValidateEventHandler() {
        this.contract = EventContract.get();
        this.priming = Priming.register(Priming::primeValidation);
    }

    @Override
    public CompletionEvent handleRequest(Map<String, Object> input, Context context) {
        return contract.validate(input);
    }

    /** Runs the SnapStart priming now, as {@code beforeCheckpoint} would (tests). */
    void prime() {
        priming.beforeCheckpoint(null);
    }
}
