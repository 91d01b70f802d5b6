package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.ReportGenerator;

import io.github.gamehousekeeping.functions.logging.StepLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * GenerateReport: the player's {@link LevelReport} for this completion, from the PlayerProgress table (and, for a late
 * event, the CompletedLevel table); read only. Environment: {@code AWS_REGION}, {@code COMPLETED_LEVEL_TABLE},
 * {@code PLAYER_PROGRESS_TABLE}.
 */
public final class GenerateReportHandler implements RequestHandler<Object, LevelReport> {
    private static final Logger LOG = LoggerFactory.getLogger(GenerateReportHandler.class);
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
        // SnapStart priming: this handler itself (it only reads: a player that does not exist), and the late-event
        // Query that a new player's report does not need
        this.priming = Priming.register(() -> {
            Priming.invoke(this, Priming.envelope(Priming.sampleEvent()));
            generator.prime(contract.validate(Priming.sampleEvent()));
        });
    }

    @Override
    public LevelReport handleRequest(Object input, Context context) {
        TaskPayload payload = TaskPayload.of(input);
        try (StepLog log = StepLog.start("GenerateReport", payload.event(), payload.executionName(), context)) {
            return log.run(() -> {
                LevelReport report = generator.generate(log.event(contract.validate(payload.event())));
                LOG.atInfo().addKeyValue(StepLog.OUTCOME, "reported").addKeyValue("attempts", report.attempts())
                        .addKeyValue("levelsCompleted", report.levelsCompleted())
                        .addKeyValue("newPersonalBest", report.newPersonalBest()).log("report generated");
                return report;
            });
        }
    }

    /** Runs the SnapStart priming now, as {@code beforeCheckpoint} would (tests). */
    void prime() {
        priming.beforeCheckpoint(null);
    }
}
