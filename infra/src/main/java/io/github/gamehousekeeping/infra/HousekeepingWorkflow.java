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
import software.amazon.awscdk.services.stepfunctions.ChoiceJsonataProps;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.ParallelJsonataProps;
import software.amazon.awscdk.services.stepfunctions.QueryLanguage;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvokeJsonataProps;
import software.constructs.Construct;

/**
 * The state machine, in JSONata: ValidateEvent (keeps the validated event in the variable {@code $event}), then the
 * Parallel state [GenerateReport | IsGameCompleted -> RecordGameCompletion or RecordLevelCompletion], then
 * PublishMetrics; the execution output is {event, report, recorded}. Every task receives
 * {@code {"event": ..., "executionName": ...}} so the functions can log the execution they serve.
 */
public class HousekeepingWorkflow extends Construct {
    /**
     * Errors every Task retries: Lambda service-side failures, task timeouts (the handlers are idempotent, so a retry
     * after a timeout is safe) and the functions' own retryable class.
     */
    public static final List<String> RETRYABLE_ERRORS = List.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
            Errors.TIMEOUT,
            TransientFailureException.class.getName());
    /** First retry after 1 s, then 2 s, 4 s, 8 s (capped at MaxDelaySeconds 8), each drawn at random (FULL jitter). */
    public static final Duration RETRY_INTERVAL = Duration.seconds(1);
    public static final int RETRY_MAX_ATTEMPTS = 4;
    public static final double RETRY_BACKOFF_RATE = 2.0;
    public static final Duration RETRY_MAX_DELAY = Duration.seconds(8);
    /** Above the functions' timeout ({@link HousekeepingFunctions#TIMEOUT}, 15 s), so a function times out first. */
    public static final Duration TASK_TIMEOUT = Duration.seconds(20);
    public static final Duration EXECUTION_TIMEOUT = Duration.minutes(5);

    /** The variable ValidateEvent assigns: the validated event, read by every later state. */
    public static final String EVENT_VARIABLE = "event";
    /** What ValidateEvent passes to its function: the execution input as it came, whatever its JSON type. */
    public static final String RAW_EVENT = "{% $states.input %}";
    /** What the other tasks pass: the validated event. */
    public static final String VALIDATED_EVENT = "{% $" + EVENT_VARIABLE + " %}";
    public static final String EXECUTION_NAME = "{% $states.context.Execution.Name %}";
    /** The function's return value inside the lambda:invoke result. */
    public static final String FUNCTION_RESULT = "{% $states.result.Payload %}";
    /** The Choice rule: a finished game is recorded with its final level in one transaction. */
    public static final String GAME_COMPLETED = "{% $" + EVENT_VARIABLE + ".gameCompleted %}";
    /**
     * The cause of {@code Housekeeping.InvalidEvent}: the Fail state's input is the Catch's error output
     * ({@code $states.errorOutput}: {Error, Cause}), and a Lambda error's Cause is the JSON string
     * {errorMessage, errorType, stackTrace}; its errorMessage names what is wrong with the event.
     */
    public static final String INVALID_EVENT_CAUSE = "{% $parse($states.input.Cause).errorMessage %}";
    /** The cause of the other Fail states: the task's error cause as Lambda reported it. */
    public static final String TASK_ERROR_CAUSE = "{% $states.input.Cause %}";

    private final StateMachine stateMachine;
    private final LogGroup logGroup;

    public HousekeepingWorkflow(Construct scope, String id, Props props) {
        super(scope, id);
        Map<HousekeepingStep, IAlias> aliases = props.aliases;

        // 1. ValidateEvent gets the raw input (any JSON type: the function rejects non-objects) and keeps the event it
        //    returns in $event. A contract violation ends in Housekeeping.InvalidEvent, the function's errorMessage as
        //    the cause (it names the offending fields), and nothing written.
        LambdaInvoke validate = task(HousekeepingStep.VALIDATE_EVENT, aliases, RAW_EVENT, FUNCTION_RESULT,
                Map.of(EVENT_VARIABLE, FUNCTION_RESULT));
        Fail invalidEvent = Fail.jsonata(this, "InvalidEvent", FailJsonataProps.builder()
                .comment("The event breaks the contract; nothing was written")
                .error(WorkflowErrors.INVALID_EVENT)
                .cause(INVALID_EVENT_CAUSE)
                .build());
        validate.addCatch(invalidEvent, CatchProps.builder()
                .errors(List.of(InvalidEventException.class.getName()))
                .build());

        // 2a. GenerateReport -> LevelReport.
        LambdaInvoke report = task(HousekeepingStep.GENERATE_REPORT, aliases, VALIDATED_EVENT, FUNCTION_RESULT, null);
        report.addCatch(fail("ReportFailed", WorkflowErrors.REPORT_FAILED, "GenerateReport failed"), catchAll());

        // 2b. Record the completion -> Recorded.
        Fail recordingFailed = fail("RecordingFailed", WorkflowErrors.RECORDING_FAILED, "Recording the completion failed");
        LambdaInvoke recordGame = task(HousekeepingStep.RECORD_GAME_COMPLETION, aliases, VALIDATED_EVENT,
                FUNCTION_RESULT, null);
        recordGame.addCatch(recordingFailed, catchAll());
        LambdaInvoke recordLevel = task(HousekeepingStep.RECORD_LEVEL_COMPLETION, aliases, VALIDATED_EVENT,
                FUNCTION_RESULT, null);
        recordLevel.addCatch(recordingFailed, catchAll());
        Choice isGameCompleted = Choice.jsonata(this, "IsGameCompleted", ChoiceJsonataProps.builder()
                        .comment("A finished game is recorded with its final level in one transaction")
                        .build())
                .when(Condition.jsonata(GAME_COMPLETED), recordGame)
                .otherwise(recordLevel);

        Map<String, Object> output = new LinkedHashMap<>();
        output.put("event", VALIDATED_EVENT);
        output.put("report", "{% $states.result[0] %}");
        output.put("recorded", "{% $states.result[1] %}");
        Parallel housekeeping = Parallel.jsonata(this, "Housekeeping", ParallelJsonataProps.builder()
                .comment("Report and recording are independent: run them side by side")
                .outputs(output)
                .build());
        housekeeping.branch(report);
        housekeeping.branch(isGameCompleted);

        // 3. PublishMetrics, result discarded: the execution output stays {event, report, recorded}.
        LambdaInvoke publish = task(HousekeepingStep.PUBLISH_METRICS, aliases, VALIDATED_EVENT, "{% $states.input %}",
                null);
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
                .queryLanguage(QueryLanguage.JSONATA)
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
     * A JSONata Task on the step's alias with the payload {@code {"event": <event>, "executionName": <name>}}, the
     * given Output (and Assign), the explicit Retry and no CDK-added retry.
     */
    private LambdaInvoke task(HousekeepingStep step, Map<HousekeepingStep, IAlias> aliases, String event, String output,
                              Map<String, Object> assign) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event);
        payload.put("executionName", EXECUTION_NAME);
        LambdaInvokeJsonataProps.Builder builder = LambdaInvokeJsonataProps.builder()
                .lambdaFunction(aliases.get(step))
                .payload(TaskInput.fromObject(payload))
                .retryOnServiceExceptions(false)
                .taskTimeout(Timeout.duration(TASK_TIMEOUT))
                .outputs(output);
        if (assign != null) {
            builder.assign(assign);
        }
        LambdaInvoke task = LambdaInvoke.jsonata(this, step.stateName(), builder.build());
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
        return Fail.jsonata(this, id, FailJsonataProps.builder()
                .comment(comment + " (retries exhausted or a non-retryable error); the cause is the task's error cause")
                .error(error)
                .cause(TASK_ERROR_CAUSE)
                .build());
    }

    /** Every error; the Fail state's input is the error output {Error, Cause} (a JSONata Catch's default Output). */
    private static CatchProps catchAll() {
        return CatchProps.builder().errors(List.of(Errors.ALL)).build();
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
