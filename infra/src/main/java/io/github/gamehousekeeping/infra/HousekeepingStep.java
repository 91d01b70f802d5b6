package io.github.gamehousekeeping.infra;

/**
 * The five functions of the workflow: state name, handler class, the shaded jar that carries it, and its memory.
 * Memory: CPU is allotted in proportion to memory (1,769 MB = 1 vCPU). The SDK functions get 1,024 MB because their
 * first request after a SnapStart restore (TLS handshake, class loading of marshallers) is CPU-bound; ValidateEvent
 * only validates a document of well under 1 KB against a JSON Schema and carries no SDK, so 512 MB.
 */
public enum HousekeepingStep {
    VALIDATE_EVENT("ValidateEvent", "ValidateEventHandler", "housekeeping-validate.jar", 512),
    GENERATE_REPORT("GenerateReport", "GenerateReportHandler", "housekeeping-store.jar", 1024),
    RECORD_LEVEL_COMPLETION("RecordLevelCompletion", "RecordLevelCompletionHandler", "housekeeping-store.jar", 1024),
    RECORD_GAME_COMPLETION("RecordGameCompletion", "RecordGameCompletionHandler", "housekeeping-store.jar", 1024),
    PUBLISH_METRICS("PublishMetrics", "PublishMetricsHandler", "housekeeping-metrics.jar", 1024);

    /** Package of the handler classes (functions module). */
    public static final String HANDLER_PACKAGE = "io.github.gamehousekeeping.functions";

    private final String stateName;
    private final String handlerClass;
    private final String jarName;
    private final int memoryMb;

    HousekeepingStep(String stateName, String handlerClass, String jarName, int memoryMb) {
        this.stateName = stateName;
        this.handlerClass = handlerClass;
        this.jarName = jarName;
        this.memoryMb = memoryMb;
    }

    /** The Task state's name in the state machine; also the construct id of the function. */
    public String stateName() {
        return stateName;
    }

    /** The Lambda handler string, {@code <fully qualified class>::handleRequest}. */
    public String handler() {
        return HANDLER_PACKAGE + "." + handlerClass + "::handleRequest";
    }

    /** File name of the shaded jar in the functions module's {@code target} folder. */
    public String jarName() {
        return jarName;
    }

    public int memoryMb() {
        return memoryMb;
    }
}
