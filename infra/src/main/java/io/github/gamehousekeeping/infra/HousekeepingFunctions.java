package io.github.gamehousekeeping.infra;

import static io.github.gamehousekeeping.infra.Checks.required;

import io.github.gamehousekeeping.contract.FunctionEnvironment;
import io.github.gamehousekeeping.contract.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The five Java functions, each with its own role (least privilege), log group, published SnapStart version and
 * {@value #ALIAS_NAME} alias, which is what the state machine invokes.
 */
public class HousekeepingFunctions extends Construct {
    /** The alias the state machine invokes; it always points at the version CDK published last. */
    public static final String ALIAS_NAME = "live";
    /**
     * Java 25 (Corretto) is the newest Java runtime in aws-cdk-lib 2.263 and supports SnapStart
     * ({@code Runtime.JAVA_25.getSupportsSnapStart()} is true; a test checks it).
     */
    public static final Runtime RUNTIME = Runtime.JAVA_25;
    /**
     * Each function makes at most two DynamoDB calls or one CloudWatch call; the SDK's own retries of a throttled
     * call fit in well under 15 s. Task timeouts in the state machine are {@link HousekeepingWorkflow#TASK_TIMEOUT}.
     */
    public static final Duration TIMEOUT = Duration.seconds(15);

    private final Map<HousekeepingStep, Function> functions = new EnumMap<>(HousekeepingStep.class);
    private final Map<HousekeepingStep, Alias> aliases = new EnumMap<>(HousekeepingStep.class);
    private final Map<HousekeepingStep, LogGroup> logGroups = new EnumMap<>(HousekeepingStep.class);

    public HousekeepingFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        ITable level = props.completedLevelTable;
        ITable game = props.completedGameTable;
        ITable progress = props.playerProgressTable;
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put(Tables.COMPLETED_LEVEL.environmentVariable(), level.getTableName());
        tables.put(Tables.COMPLETED_GAME.environmentVariable(), game.getTableName());
        tables.put(Tables.PLAYER_PROGRESS.environmentVariable(), progress.getTableName());
        Map<String, String> metrics = new LinkedHashMap<>();
        metrics.put(FunctionEnvironment.METRICS_NAMESPACE, props.metricsNamespace);
        metrics.put(FunctionEnvironment.METRICS_MODE, props.metricsMode.value());

        for (HousekeepingStep step : HousekeepingStep.values()) {
            Map<String, String> environment = switch (step) {
                case VALIDATE_EVENT -> Map.of();
                case GENERATE_REPORT, RECORD_LEVEL_COMPLETION, RECORD_GAME_COMPLETION -> tables;
                case PUBLISH_METRICS -> metrics;
            };
            Role role = Role.Builder.create(this, step.stateName() + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("Runs the " + step.stateName() + " function: its log group"
                            + (step == HousekeepingStep.VALIDATE_EVENT ? " only" : " and the data it needs"))
                    .build();
            LogGroup logGroup = LogGroup.Builder.create(this, step.stateName() + "Logs")
                    .retention(props.logRetention)
                    .removalPolicy(props.logRemovalPolicy)
                    .build();
            logGroup.grantWrite(role);
            grantData(step, role, level, game, progress, props);

            Function function = Function.Builder.create(this, step.stateName())
                    .description(step.stateName() + " step of the game housekeeping workflow")
                    .runtime(RUNTIME)
                    .architecture(Architecture.ARM_64)
                    .memorySize(step.memoryMb())
                    .timeout(TIMEOUT)
                    .handler(step.handler())
                    .code(Code.fromAsset(jar(props.jarDirectory, step).toString()))
                    .role(role)
                    .logGroup(logGroup)
                    // JSON lines, filtered by Lambda on their "level" (advanced logging controls; see LogLevel)
                    .loggingFormat(LoggingFormat.JSON)
                    .applicationLogLevelV2(props.logLevel.applicationLogLevel())
                    .systemLogLevelV2(props.logLevel.systemLogLevel())
                    .tracing(Tracing.ACTIVE)
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    // Old versions are deleted once the alias has moved on: nothing invokes them.
                    .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
                    .environment(environment)
                    .build();
            // CDK warns that SnapStart needs published versions; it has one: currentVersion, behind the alias.
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "The function's currentVersion is published and the live alias points at it");
            Alias alias = Alias.Builder.create(this, step.stateName() + "Alias")
                    .aliasName(ALIAS_NAME)
                    .version(function.getCurrentVersion())
                    .description("Version the workflow invokes")
                    .build();
            functions.put(step, function);
            logGroups.put(step, logGroup);
            aliases.put(step, alias);
        }
    }

    private static void grantData(HousekeepingStep step, Role role, ITable level, ITable game, ITable progress,
                                  Props props) {
        switch (step) {
            case VALIDATE_EVENT -> {
                // Pure validation: no data access at all.
            }
            // The report reads two PlayerProgress items (BatchGetItem); a late event also queries CompletedLevel's
            // byLevel index (that index only: the statement names it, no index wildcard).
            case GENERATE_REPORT -> {
                progress.grant(role, "dynamodb:BatchGetItem");
                allow(role, level.getTableArn() + "/index/" + Tables.BY_LEVEL_INDEX, "dynamodb:Query");
            }
            // TransactWriteItems is authorised per item action: the conditional Put of the completion, the Put of the
            // level's progress and the Update of the levels item; GetItem reads the progress before, and compares a
            // duplicate with the stored item. Statements on the table ARN only (CDK's grant would add index/*).
            case RECORD_LEVEL_COMPLETION -> {
                allow(role, level.getTableArn(), "dynamodb:PutItem", "dynamodb:GetItem");
                progress.grant(role, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
            }
            // The same, plus the conditional Put on CompletedGame; GetItem is also what TransactGetItems needs.
            case RECORD_GAME_COMPLETION -> {
                allow(role, level.getTableArn(), "dynamodb:PutItem", "dynamodb:GetItem");
                game.grant(role, "dynamodb:PutItem", "dynamodb:GetItem");
                progress.grant(role, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
            }
            case PUBLISH_METRICS -> {
                if (props.metricsMode == MetricsMode.API) {
                    // PutMetricData has no resource-level permissions; the namespace condition is the restriction.
                    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                            .effect(Effect.ALLOW)
                            .actions(List.of("cloudwatch:PutMetricData"))
                            .resources(List.of("*"))
                            .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", props.metricsNamespace)))
                            .build());
                }
                // EMF: the metrics travel in the log line, covered by the log group grant.
            }
        }
    }

    private static void allow(Role role, String resource, String... actions) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of(actions))
                .resources(List.of(resource))
                .build());
    }

    private static Path jar(Path directory, HousekeepingStep step) {
        Path jar = directory.resolve(step.jarName());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": build the functions first (mvn -B -DskipTests package"
                    + " -pl functions -am), or let cdk.json's app command do it");
        }
        return jar;
    }

    /** The function itself (metrics, alarms). */
    public IFunction function(HousekeepingStep step) {
        return functions.get(step);
    }

    /** The function's log group (JSON lines; read by the saved queries). */
    public LogGroup logGroup(HousekeepingStep step) {
        return logGroups.get(step);
    }

    /** The {@value #ALIAS_NAME} alias the state machine invokes. */
    public IAlias alias(HousekeepingStep step) {
        return aliases.get(step);
    }

    /** All functions in workflow order. */
    public Map<HousekeepingStep, IFunction> functions() {
        return Collections.unmodifiableMap(functions);
    }

    /** Settings of {@link HousekeepingFunctions}. */
    public static final class Props {
        private final ITable completedLevelTable;
        private final ITable completedGameTable;
        private final ITable playerProgressTable;
        private final Path jarDirectory;
        private final String metricsNamespace;
        private final MetricsMode metricsMode;
        private final RetentionDays logRetention;
        private final RemovalPolicy logRemovalPolicy;
        private final LogLevel logLevel;

        private Props(Builder b) {
            this.completedLevelTable = required(b.completedLevelTable, "completedLevelTable");
            this.completedGameTable = required(b.completedGameTable, "completedGameTable");
            this.playerProgressTable = required(b.playerProgressTable, "playerProgressTable");
            this.jarDirectory = required(b.jarDirectory, "jarDirectory");
            this.metricsNamespace = required(b.metricsNamespace, "metricsNamespace");
            this.metricsMode = required(b.metricsMode, "metricsMode");
            this.logRetention = required(b.logRetention, "logRetention");
            this.logRemovalPolicy = required(b.logRemovalPolicy, "logRemovalPolicy");
            this.logLevel = required(b.logLevel, "logLevel");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder of {@link Props}. */
        public static final class Builder {
            private ITable completedLevelTable;
            private ITable completedGameTable;
            private ITable playerProgressTable;
            private Path jarDirectory;
            private String metricsNamespace = "GameHousekeeping";
            private MetricsMode metricsMode = MetricsMode.EMF;
            private RetentionDays logRetention = RetentionDays.ONE_MONTH;
            private RemovalPolicy logRemovalPolicy = RemovalPolicy.RETAIN;
            private LogLevel logLevel = LogLevel.INFO;

            /** The functions' application log level (and the matching system level); default INFO. */
            public Builder logLevel(LogLevel level) {
                this.logLevel = level;
                return this;
            }

            public Builder completedLevelTable(ITable table) {
                this.completedLevelTable = table;
                return this;
            }

            public Builder completedGameTable(ITable table) {
                this.completedGameTable = table;
                return this;
            }

            public Builder playerProgressTable(ITable table) {
                this.playerProgressTable = table;
                return this;
            }

            /** Folder holding housekeeping-validate.jar, housekeeping-store.jar and housekeeping-metrics.jar. */
            public Builder jarDirectory(Path directory) {
                this.jarDirectory = directory;
                return this;
            }

            public Builder metricsNamespace(String namespace) {
                this.metricsNamespace = namespace;
                return this;
            }

            public Builder metricsMode(MetricsMode mode) {
                this.metricsMode = mode;
                return this;
            }

            public Builder logRetention(RetentionDays retention) {
                this.logRetention = retention;
                return this;
            }

            public Builder logRemovalPolicy(RemovalPolicy policy) {
                this.logRemovalPolicy = policy;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
