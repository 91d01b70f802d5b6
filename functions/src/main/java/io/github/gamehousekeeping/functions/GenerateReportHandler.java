package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.ReportGenerator;

import java.util.Map;

/**
 * GenerateReport: the player's {@link LevelReport} for this completion, from the PlayerProgress table (and, for a late
 * event, the CompletedLevel table); read only. Environment: {@code AWS_REGION}, {@code COMPLETED_LEVEL_TABLE},
 * {@code PLAYER_PROGRESS_TABLE}.
 */
public final class GenerateReportHandler implements RequestHandler<Map<String, Object>, LevelReport> {
    private final ReportGenerator generator;
    private final EventContract contract = EventContract.get(); // schema compiled in the init phase, not on first invoke
    // strong reference: the CRaC context may hold resources weakly
    private final Priming priming;

    /** Called by the Lambda runtime: configuration from the process environment. */
    public GenerateReportHandler() {
        this(Environment.system());
    }

    /** Configuration from the given environment; SDK client built here, once. */
    public GenerateReportHandler(Environment env) {
        this(new ReportGenerator(CompletionStore.fromEnvironment(env, false)));
    }

    /** With a ready generator (tests, local runtime). */
    public GenerateReportHandler(ReportGenerator generator) {
        this.generator = generator;
        this.priming = Priming.register(() -> {
            Priming.primeValidation();
            generator.prime(EventContract.get().validate(Priming.sampleEvent())); // reads of a player that does not exist
        });
    }

    @Override
    public LevelReport handleRequest(Map<String, Object> input, Context context) {
        return generator.generate(contract.validate(input));
    }

    /** Runs the SnapStart priming now, as {@code beforeCheckpoint} would (tests). */
    void prime() {
        priming.beforeCheckpoint(null);
    }
}
