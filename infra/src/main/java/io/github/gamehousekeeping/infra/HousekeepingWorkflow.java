package io.github.gamehousekeeping.infra;

import static io.github.gamehousekeeping.infra.Checks.required;

import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.contract.WorkflowErrors;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Chain;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The state machine: ValidateEvent, then the Parallel state [GenerateReport | IsGameCompleted -> RecordGameCompletion
 * or RecordLevelCompletion], then PublishMetrics; the execution output is {event, report, recorded}.
 */
public class HousekeepingWorkflow extends Construct {
    /** Errors every Task retries: Lambda service-side failures, and the functions' own retryable class. */
    public static final List<String> RETRYABLE_ERRORS = List.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
            TransientFailureException.class.getName());
    /** First retry after 1 s, then 2 s, 4 s, 8 s (capped at MaxDelaySeconds 8), each drawn at random (FULL jitter). */
    public static final Duration RETRY_INTERVAL = Duration.seconds(1);
    public static final int RETRY_MAX_ATTEMPTS = 4;
    public static final double RETRY_BACKOFF_RATE = 2.0;
    public static final Duration RETRY_MAX_DELAY = Duration.seconds(8);
    /** Above the functions' timeout ({@link HousekeepingFunctions#TIMEOUT}, 15 s), so a function times out first. */
    public static final Duration TASK_TIMEOUT = Duration.seconds(20);
    public static final Duration EXECUTION_TIMEOUT = Duration.minutes(5);
    /** Where a Catch puts the error ({"Error": ..., "Cause": ...}) in the state's input. */
    public static final String ERROR_PATH = "$.error";
    /** The function's return value inside the lambda:invoke result. */
    private static final String PAYLOAD = "$.Payload";

    private final StateMachine stateMachine;
    private final LogGroup logGroup;

    public HousekeepingWorkflow(Construct scope, String id, Props props) {
        super(scope, id);
        Map<HousekeepingStep, IAlias> aliases = props.aliases;

        // 1. ValidateEvent: output = the original event; a contract violation ends in Housekeeping.InvalidEvent with
        //    the function's errorMessage (which names the offending fields) as the cause.
        LambdaInvoke validate = task(HousekeepingStep.VALIDATE_EVENT, aliases, JsonPath.DISCARD, null);
        Pass parseError = Pass.Builder.create(this, "ParseValidationError")
                .comment("The Lambda error cause is a JSON string {errorMessage, errorType, stackTrace}")
                .parameters(Map.of("cause", JsonPath.stringToJson(JsonPath.stringAt(ERROR_PATH + ".Cause"))))
                .build();
        Fail invalidEvent = Fail.Builder.create(this, "InvalidEvent")
                .comment("The event breaks the contract; nothing was written")
                .error(WorkflowErrors.INVALID_EVENT)
                .causePath("$.cause.errorMessage")
                .build();
        validate.addCatch(parseError.next(invalidEvent), CatchProps.builder()
                .errors(List.of(InvalidEventException.class.getName()))
                .resultPath(ERROR_PATH)
                .build());

        // 2a. GenerateReport -> LevelReport.
        LambdaInvoke report = task(HousekeepingStep.GENERATE_REPORT, aliases, null, PAYLOAD);
        report.addCatch(fail("ReportFailed", WorkflowErrors.REPORT_FAILED, "GenerateReport failed"), catchAll());

        // 2b. Record the completion -> Recorded.
        Fail recordingFailed = fail("RecordingFailed", WorkflowErrors.RECORDING_FAILED, "Recording the completion failed");
        LambdaInvoke recordGame = task(HousekeepingStep.RECORD_GAME_COMPLETION, aliases, null, PAYLOAD);
        recordGame.addCatch(recordingFailed, catchAll());
        LambdaInvoke recordLevel = task(HousekeepingStep.RECORD_LEVEL_COMPLETION, aliases, null, PAYLOAD);
        recordLevel.addCatch(recordingFailed, catchAll());
        Choice isGameCompleted = Choice.Builder.create(this, "IsGameCompleted")
                .comment("A finished game is recorded with its final level in one transaction")
                .build()
                .when(Condition.booleanEquals("$.gameCompleted", true), recordGame)
                .otherwise(recordLevel);

        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put("event", JsonPath.stringAt("$$.Execution.Input"));
        selector.put("report", JsonPath.stringAt("$[0]"));
        selector.put("recorded", JsonPath.stringAt("$[1]"));
        Parallel housekeeping = Parallel.Builder.create(this, "Housekeeping")
                .comment("Report and recording are independent: run them side by side")
                .resultSelector(selector)
                .resultPath("$")
                .build();
        housekeeping.branch(report);
        housekeeping.branch(isGameCompleted);

        // 3. PublishMetrics, output discarded: the execution output stays {event, report, recorded}.
        LambdaInvoke publish = task(HousekeepingStep.PUBLISH_METRICS, aliases, JsonPath.DISCARD, null);
        publish.addCatch(fail("MetricsFailed", WorkflowErrors.METRICS_FAILED, "PublishMetrics failed"), catchAll());

        Chain definition = Chain.start(validate).next(housekeeping).next(publish);

        String stackName = Stack.of(this).getStackName();
        // Vended-logs prefix keeps the CloudWatch Logs resource policy small; the stack id suffix keeps the name unique
        // when a retained log group outlives a deleted stack.
        logGroup = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName(Fn.join("", List.of("/aws/vendedlogs/states/", stackName, "-",
                        Fn.select(2, Fn.split("/", Aws.STACK_ID)))))
                .retention(props.logRetention)
                .removalPolicy(props.logRemovalPolicy)
                .build();

        // The role is built here and handed over immutable, so that CDK's LambdaInvoke grants (function ARN and
        // "<arn>:*") are not added: the policy below names exactly the five alias ARNs.
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .description("Runs the housekeeping state machine: invokes the five 'live' aliases, writes logs and traces")
                .build();
        List<String> aliasArns = new ArrayList<>();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            aliasArns.add(aliases.get(step).getFunctionArn());
        }
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("InvokeLiveAliases")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(aliasArns)
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DeliverExecutionLogs")
                .actions(List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                        "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"))
                .resources(List.of("*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("WriteTraces")
                .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets"))
                .resources(List.of("*"))
                .build());

        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .comment("Game housekeeping: validate, report and record in parallel, publish metrics")
                .definitionBody(DefinitionBody.fromChainable(definition))
                .stateMachineType(props.stateMachineType)
                .timeout(EXECUTION_TIMEOUT)
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(logGroup)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .role(role.withoutPolicyUpdates())
                .build();
        // The policy must exist before the state machine (log delivery is checked at creation).
        stateMachine.getNode().addDependency(role);
    }

    /**
     * A Task on the step's alias with the whole state input as payload ({@code "Payload.$": "$"}), the explicit Retry
     * and no CDK-added retry.
     */
    private LambdaInvoke task(HousekeepingStep step, Map<HousekeepingStep, IAlias> aliases, String resultPath,
                              String outputPath) {
        LambdaInvoke.Builder builder = LambdaInvoke.Builder.create(this, step.stateName())
                .lambdaFunction(aliases.get(step))
                .payload(TaskInput.fromJsonPathAt("$"))
                .retryOnServiceExceptions(false)
                .taskTimeout(Timeout.duration(TASK_TIMEOUT));
        if (resultPath != null) {
            builder.resultPath(resultPath);
        }
        if (outputPath != null) {
            builder.outputPath(outputPath);
        }
        LambdaInvoke task = builder.build();
        task.addRetry(RetryProps.builder()
                .errors(RETRYABLE_ERRORS)
                .interval(RETRY_INTERVAL)
                .maxAttempts(RETRY_MAX_ATTEMPTS)
                .backoffRate(RETRY_BACKOFF_RATE)
                .maxDelay(RETRY_MAX_DELAY)
                .jitterStrategy(JitterType.FULL)
                .build());
        return task;
    }

    private Fail fail(String id, String error, String comment) {
        return Fail.Builder.create(this, id)
                .comment(comment + " (retries exhausted or a non-retryable error); the cause is the task's error cause")
                .error(error)
                .causePath(ERROR_PATH + ".Cause")
                .build();
    }

    private static CatchProps catchAll() {
        return CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(ERROR_PATH).build();
    }

    public IStateMachine getStateMachine() {
        return stateMachine;
    }

    public LogGroup getLogGroup() {
        return logGroup;
    }

    /** Settings of {@link HousekeepingWorkflow}. */
    public static final class Props {
        private final Map<HousekeepingStep, IAlias> aliases;
        private final StateMachineType stateMachineType;
        private final RetentionDays logRetention;
        private final RemovalPolicy logRemovalPolicy;

        private Props(Builder b) {
            for (HousekeepingStep step : HousekeepingStep.values()) {
                required(b.aliases.get(step), "alias of " + step.stateName());
            }
            this.aliases = Map.copyOf(b.aliases);
            this.stateMachineType = required(b.stateMachineType, "stateMachineType");
            this.logRetention = required(b.logRetention, "logRetention");
            this.logRemovalPolicy = required(b.logRemovalPolicy, "logRemovalPolicy");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder of {@link Props}. */
        public static final class Builder {
            private final Map<HousekeepingStep, IAlias> aliases = new EnumMap<>(HousekeepingStep.class);
            private StateMachineType stateMachineType = StateMachineType.STANDARD;
            private RetentionDays logRetention = RetentionDays.ONE_MONTH;
            private RemovalPolicy logRemovalPolicy = RemovalPolicy.RETAIN;

            /** The alias the Task state of {@code step} invokes. */
            public Builder alias(HousekeepingStep step, IAlias alias) {
                aliases.put(step, alias);
                return this;
            }

            /** Every step's alias from {@code functions}. */
            public Builder aliases(HousekeepingFunctions functions) {
                for (HousekeepingStep step : HousekeepingStep.values()) {
                    alias(step, functions.alias(step));
                }
                return this;
            }

            public Builder stateMachineType(StateMachineType type) {
                this.stateMachineType = type;
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
