package io.github.gamehousekeeping.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** The whole workflow in one stack: tables, functions, state machine, monitoring, outputs. */
public class HousekeepingStack extends Stack {
    /** Log retention of the functions and of the state machine. */
    public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    private final HousekeepingTables tables;
    private final HousekeepingFunctions functions;
    private final HousekeepingWorkflow workflow;
    private final HousekeepingMonitoring monitoring;

    public HousekeepingStack(Construct scope, String id, HousekeepingStackProps props) {
        super(scope, id, StackProps.builder()
                .description("Game housekeeping workflow (stage " + props.getStage() + ", "
                        + props.getWorkflowType() + " state machine, metrics " + props.getMetricsMode().value() + ")")
                .build());
        boolean retain = !props.isDevStage();
        RemovalPolicy logRemoval = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        HousekeepingTables.Props.Builder tableProps = HousekeepingTables.Props.builder().retain(retain);
        if (props.getCompletedLevelTableName() != null) {
            tableProps.completedLevelTableName(props.getCompletedLevelTableName());
        }
        if (props.getCompletedGameTableName() != null) {
            tableProps.completedGameTableName(props.getCompletedGameTableName());
        }
        tables = new HousekeepingTables(this, "Tables", tableProps.build());

        functions = new HousekeepingFunctions(this, "Functions", HousekeepingFunctions.Props.builder()
                .completedLevelTable(tables.getCompletedLevel())
                .completedGameTable(tables.getCompletedGame())
                .playerProgressTable(tables.getPlayerProgress())
                .jarDirectory(props.getFunctionsJarDirectory())
                .metricsNamespace(props.getMetricsNamespace())
                .metricsMode(props.getMetricsMode())
                .logRetention(LOG_RETENTION)
                .logRemovalPolicy(logRemoval)
                .logLevel(props.getLogLevel())
                .build());

        workflow = new HousekeepingWorkflow(this, "Workflow", HousekeepingWorkflow.Props.builder()
                .aliases(functions)
                .stateMachineType(props.getWorkflowType())
                .logRetention(LOG_RETENTION)
                .logRemovalPolicy(logRemoval)
                .build());

        HousekeepingMonitoring.Props.Builder monitoringProps = HousekeepingMonitoring.Props.builder()
                .stateMachine(workflow.getStateMachine())
                .metricsNamespace(props.getMetricsNamespace())
                .alarmEmail(props.getAlarmEmail())
                .stateMachineLogGroup(workflow.getLogGroup());
        functions.functions().forEach((step, function) -> monitoringProps.function(step.stateName(), function)
                .functionLogGroup(functions.logGroup(step)));
        monitoring = new HousekeepingMonitoring(this, "Monitoring", monitoringProps.build());

        output("StateMachineArn", workflow.getStateMachine().getStateMachineArn(),
                "ARN of the housekeeping state machine (start executions here)");
        output("CompletedLevelTableName", tables.getCompletedLevel().getTableName(), "DynamoDB table of level completions");
        output("CompletedGameTableName", tables.getCompletedGame().getTableName(), "DynamoDB table of game completions");
        output("PlayerProgressTableName", tables.getPlayerProgress().getTableName(),
                "DynamoDB table of each player's progress per level (what the reports read)");
        output("DashboardName", monitoring.getDashboard().getDashboardName(), "CloudWatch dashboard");
        output("DashboardUrl", "https://" + Aws.REGION + ".console.aws.amazon.com/cloudwatch/home?region=" + Aws.REGION
                + "#dashboards/dashboard/" + monitoring.getDashboard().getDashboardName(), "CloudWatch dashboard URL");
        output("AlarmTopicArn", monitoring.getAlarmTopic().getTopicArn(), "SNS topic the alarms notify");
        output("SampleEvent", props.getSampleEvent(),
                "Paste into the Step Functions console's 'Start execution' dialog (events/level-completed.json)");

        suppressFindings(props.getMetricsMode());
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /**
     * The only cdk-nag findings left are wildcards that AWS requires; each suppression names the exact wildcard
     * ({@code appliesTo}) so that any new wildcard still fails the synth.
     */
    private void suppressFindings(MetricsMode metricsMode) {
        NagPackSuppression xray = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords"
                        + " do not support resource-level permissions, so AWS requires Resource '*'.")
                .appliesTo(List.of("Resource::*"))
                .build();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            if (step == HousekeepingStep.PUBLISH_METRICS && metricsMode == MetricsMode.API) {
                NagSuppressions.addResourceSuppressions(functionRole(step), List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("X-Ray tracing (no resource-level permissions) and cloudwatch:PutMetricData, which has"
                                + " no resource-level permissions either; it is restricted by the condition"
                                + " cloudwatch:namespace = the metrics namespace.")
                        .appliesTo(List.of("Resource::*"))
                        .build()), true);
            } else {
                NagSuppressions.addResourceSuppressions(functionRole(step), List.of(xray), true);
            }
        }
        NagSuppressions.addResourceSuppressions(workflow.getNode().findChild("Role"), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Step Functions log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, ...)"
                        + " and X-Ray tracing actions do not support resource-level permissions; AWS documents"
                        + " Resource '*' for both. Lambda invocation is limited to the five alias ARNs.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
    }

    private Construct functionRole(HousekeepingStep step) {
        return (Construct) functions.getNode().findChild(step.stateName() + "Role");
    }

    public HousekeepingTables getTables() {
        return tables;
    }

    public HousekeepingFunctions getFunctions() {
        return functions;
    }

    public HousekeepingWorkflow getWorkflow() {
        return workflow;
    }

    public HousekeepingMonitoring getMonitoring() {
        return monitoring;
    }
}
