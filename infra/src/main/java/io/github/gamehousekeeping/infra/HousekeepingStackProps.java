package io.github.gamehousekeeping.infra;

import static io.github.gamehousekeeping.infra.Checks.required;

import java.nio.file.Path;
import java.util.Locale;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Node;

/** Settings of {@link HousekeepingStack}; {@link #fromContext} reads them from the CDK context ({@code -c key=value}). */
public final class HousekeepingStackProps {
    /** Context key: stage name; {@code dev} makes tables and logs disposable. Default {@value #DEFAULT_STAGE}. */
    public static final String STAGE = "stage";
    /** Context key: {@code STANDARD} (default) or {@code EXPRESS}. */
    public static final String WORKFLOW_TYPE = "workflowType";
    /** Context key: {@code emf} (default) or {@code api}. */
    public static final String METRICS_MODE = "metricsMode";
    /** Context key: CloudWatch namespace of the custom metrics. Default {@value #DEFAULT_METRICS_NAMESPACE}. */
    public static final String METRICS_NAMESPACE = "metricsNamespace";
    /** Context key: optional email address subscribed to the alarm topic. */
    public static final String ALARM_EMAIL = "alarmEmail";
    /** Context key: optional folder of the functions' jars (relative to the repository root, or absolute). */
    public static final String FUNCTIONS_JAR_DIR = "functionsJarDir";
    /** Context key: the functions' application log level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL). Default INFO. */
    public static final String LOG_LEVEL = "logLevel";

    public static final String DEV_STAGE = "dev";
    public static final String DEFAULT_STAGE = "prod";
    public static final String DEFAULT_METRICS_NAMESPACE = "GameHousekeeping";

    private final String stage;
    private final StateMachineType workflowType;
    private final MetricsMode metricsMode;
    private final String metricsNamespace;
    private final String alarmEmail;
    private final Path functionsJarDirectory;
    private final String sampleEvent;
    private final String completedLevelTableName;
    private final String completedGameTableName;
    private final LogLevel logLevel;

    private HousekeepingStackProps(Builder b) {
        this.stage = required(b.stage, "stage");
        if (!stage.matches("[a-z][a-z0-9-]{0,19}")) {
            throw new IllegalArgumentException("stage must be 1-20 characters of a-z, 0-9 and '-', starting with a letter,"
                    + " not '" + stage + "'");
        }
        this.workflowType = required(b.workflowType, "workflowType");
        this.metricsMode = required(b.metricsMode, "metricsMode");
        this.metricsNamespace = required(b.metricsNamespace, "metricsNamespace");
        if (metricsNamespace.isBlank() || metricsNamespace.startsWith("AWS/") || metricsNamespace.length() > 255) {
            throw new IllegalArgumentException("metricsNamespace must be 1-255 characters and not start with 'AWS/'");
        }
        this.alarmEmail = b.alarmEmail == null || b.alarmEmail.isBlank() ? null : b.alarmEmail.trim();
        if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new IllegalArgumentException("alarmEmail is not an email address: '" + alarmEmail + "'");
        }
        this.functionsJarDirectory = required(b.functionsJarDirectory, "functionsJarDirectory");
        this.sampleEvent = required(b.sampleEvent, "sampleEvent");
        this.completedLevelTableName = b.completedLevelTableName;
        this.completedGameTableName = b.completedGameTableName;
        this.logLevel = required(b.logLevel, "logLevel");
    }

    /**
     * Reads the settings from the context of {@code node} (normally the App's), resolving paths against the repository
     * {@code root}; the sample event is {@code root/events/level-completed.json}.
     */
    public static HousekeepingStackProps fromContext(Node node, Path root, String sampleEvent) {
        String jarDir = text(node, FUNCTIONS_JAR_DIR);
        return builder()
                .stage(orDefault(text(node, STAGE), DEFAULT_STAGE))
                .workflowType(parseWorkflowType(text(node, WORKFLOW_TYPE)))
                .metricsMode(MetricsMode.parse(text(node, METRICS_MODE)))
                .metricsNamespace(orDefault(text(node, METRICS_NAMESPACE), DEFAULT_METRICS_NAMESPACE))
                .alarmEmail(text(node, ALARM_EMAIL))
                .functionsJarDirectory(root.resolve(jarDir == null ? ProjectLayout.FUNCTIONS_JAR_DIRECTORY : jarDir))
                .sampleEvent(sampleEvent)
                .logLevel(LogLevel.parse(text(node, LOG_LEVEL)))
                .build();
    }

    static StateMachineType parseWorkflowType(String text) {
        if (text == null || text.isBlank()) {
            return StateMachineType.STANDARD;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "STANDARD" -> StateMachineType.STANDARD;
            case "EXPRESS" -> StateMachineType.EXPRESS;
            default -> throw new IllegalArgumentException("workflowType must be STANDARD or EXPRESS, not '" + text + "'");
        };
    }

    private static String text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null ? null : value.toString();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getStage() {
        return stage;
    }

    /** {@code true} for the {@value #DEV_STAGE} stage: tables and log groups are deleted with the stack. */
    public boolean isDevStage() {
        return DEV_STAGE.equals(stage);
    }

    public StateMachineType getWorkflowType() {
        return workflowType;
    }

    public MetricsMode getMetricsMode() {
        return metricsMode;
    }

    public String getMetricsNamespace() {
        return metricsNamespace;
    }

    /** The email subscribed to the alarm topic, or {@code null}. */
    public String getAlarmEmail() {
        return alarmEmail;
    }

    public Path getFunctionsJarDirectory() {
        return functionsJarDirectory;
    }

    /** A sample event (compact JSON) offered as a stack output for the console's "Start execution" dialog. */
    public String getSampleEvent() {
        return sampleEvent;
    }

    /** Physical name override of the level table, or {@code null} for the contract's default. */
    public String getCompletedLevelTableName() {
        return completedLevelTableName;
    }

    /** Physical name override of the game table, or {@code null} for the contract's default. */
    public String getCompletedGameTableName() {
        return completedGameTableName;
    }

    /** The functions' log level (application and system, via Lambda's advanced logging controls). */
    public LogLevel getLogLevel() {
        return logLevel;
    }

    /** Builder of {@link HousekeepingStackProps}. */
    public static final class Builder {
        private LogLevel logLevel = LogLevel.INFO;

        public Builder logLevel(LogLevel level) {
            this.logLevel = level;
            return this;
        }

        private String stage = DEFAULT_STAGE;
        private StateMachineType workflowType = StateMachineType.STANDARD;
        private MetricsMode metricsMode = MetricsMode.EMF;
        private String metricsNamespace = DEFAULT_METRICS_NAMESPACE;
        private String alarmEmail;
        private Path functionsJarDirectory;
        private String sampleEvent;
        private String completedLevelTableName;
        private String completedGameTableName;

        public Builder stage(String stage) {
            this.stage = stage;
            return this;
        }

        public Builder workflowType(StateMachineType type) {
            this.workflowType = type;
            return this;
        }

        public Builder metricsMode(MetricsMode mode) {
            this.metricsMode = mode;
            return this;
        }

        public Builder metricsNamespace(String namespace) {
            this.metricsNamespace = namespace;
            return this;
        }

        public Builder alarmEmail(String email) {
            this.alarmEmail = email;
            return this;
        }

        public Builder functionsJarDirectory(Path directory) {
            this.functionsJarDirectory = directory;
            return this;
        }

        public Builder sampleEvent(String json) {
            this.sampleEvent = json;
            return this;
        }

        public Builder completedLevelTableName(String name) {
            this.completedLevelTableName = name;
            return this;
        }

        public Builder completedGameTableName(String name) {
            this.completedGameTableName = name;
            return this;
        }

        public HousekeepingStackProps build() {
            return new HousekeepingStackProps(this);
        }
    }
}
