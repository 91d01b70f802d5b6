package io.github.gamehousekeeping.infra;

import static io.github.gamehousekeeping.infra.Checks.required;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.LogQueryVisualizationType;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * Alarms (state machine failures, time-outs and throttles; each function's errors and throttles) that notify an
 * encrypted SNS topic, a dashboard, and the saved Logs Insights queries of {@link LogQueries}.
 */
public class HousekeepingMonitoring extends Construct {
    /** Alarm period: one datapoint of 5 minutes with at least one failure raises the alarm. */
    public static final Duration PERIOD = Duration.minutes(5);
    /** Custom metrics PublishMetrics writes into the metrics namespace. */
    public static final List<String> CUSTOM_METRICS = List.of("LevelCompleted", "Score");

    private final Topic alarmTopic;
    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();
    private final List<CfnQueryDefinition> queries = new ArrayList<>();

    public HousekeepingMonitoring(Construct scope, String id, Props props) {
        super(scope, id);
        // CloudWatch alarms can only publish to an encrypted topic whose key lets cloudwatch.amazonaws.com use it,
        // which the AWS-managed aws/sns key cannot: hence a customer-managed key (1 USD per month), rotated yearly.
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the game housekeeping alarm topic")
                .enableKeyRotation(true)
                // Holds no data at rest beyond message delivery: nothing to keep once the topic is gone.
                .removalPolicy(RemovalPolicy.DESTROY)
                .pendingWindow(Duration.days(7))
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("Game housekeeping alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        alarmTopic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(alarmTopic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnLike", Map.of("aws:SourceArn",
                                "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":alarm:*")))
                .build());
        if (props.alarmEmail != null && !props.alarmEmail.isBlank()) {
            alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail.trim()));
        }

        IStateMachine sm = props.stateMachine;
        MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();
        alarm("ExecutionsFailed", sm.metricFailed(sum), "A housekeeping execution failed");
        alarm("ExecutionsTimedOut", sm.metricTimedOut(sum), "A housekeeping execution timed out");
        alarm("ExecutionThrottled", sm.metricThrottled(sum), "Step Functions throttled the housekeeping workflow");
        props.functions.forEach((name, function) -> {
            alarm(name + "Errors", function.metricErrors(sum), name + " raised an error (each retried error counts)");
            alarm(name + "Throttles", function.metricThrottles(sum), name + " was throttled");
        });

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Game housekeeping\nExecutions, durations and errors of the workflow and its functions;"
                        + " custom metrics from namespace `" + props.metricsNamespace + "`.")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("Executions", List.of(sm.metricStarted(sum), sm.metricSucceeded(sum), sm.metricFailed(sum),
                        sm.metricTimedOut(sum), sm.metricThrottled(sum))),
                graph("Execution duration (ms, p50/p99)", List.of(
                        sm.metricTime(MetricOptions.builder().period(PERIOD).statistic("p50").label("p50").build()),
                        sm.metricTime(MetricOptions.builder().period(PERIOD).statistic("p99").label("p99").build()))));
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        props.functions.forEach((name, function) -> {
            errors.add(function.metricErrors(MetricOptions.builder().period(PERIOD).statistic("Sum").label(name).build()));
            for (String statistic : List.of("p50", "p99")) {
                durations.add(function.metricDuration(MetricOptions.builder().period(PERIOD).statistic(statistic)
                        .label(name + " " + statistic).build()));
            }
        });
        dashboard.addWidgets(graph("Lambda errors", errors), graph("Lambda duration (ms, p50/p99)", durations));

        List<String> functionLogGroups = new ArrayList<>();
        props.functionLogGroups.forEach(group -> functionLogGroups.add(group.getLogGroupName()));
        dashboard.addWidgets(LogQueryWidget.Builder.create()
                .title("Cold starts per function (from the functions' coldStart field)")
                .logGroupNames(functionLogGroups)
                .queryString(LogQueries.COLD_STARTS)
                .view(LogQueryVisualizationType.BAR)
                .width(24).height(6).build());
        for (LogQueries.Query query : LogQueries.SAVED) {
            List<String> groups = new ArrayList<>();
            if (query.scope() != LogQueries.Scope.STATE_MACHINE) {
                groups.addAll(functionLogGroups);
            }
            if (query.scope() != LogQueries.Scope.FUNCTIONS && props.stateMachineLogGroup != null) {
                groups.add(props.stateMachineLogGroup.getLogGroupName());
            }
            if (groups.isEmpty()) {
                continue;
            }
            queries.add(CfnQueryDefinition.Builder.create(this, query.name() + "Query")
                    .name(query.definitionName())
                    .queryString(query.text())
                    .logGroupNames(groups)
                    .build());
        }
        List<IMetric> custom = new ArrayList<>();
        for (String metricName : CUSTOM_METRICS) {
            // SEARCH matches the metric whatever dimensions PublishMetrics attaches to it.
            custom.add(MathExpression.Builder.create()
                    .expression("SEARCH('Namespace=\"" + props.metricsNamespace + "\" MetricName=\"" + metricName
                            + "\"', '" + (metricName.equals("Score") ? "Average" : "Sum") + "', 300)")
                    .usingMetrics(Map.of())
                    .label(metricName)
                    .period(PERIOD)
                    .build());
        }
        dashboard.addWidgets(graph("LevelCompleted (sum) and Score (average)", custom));
    }

    private void alarm(String id, Metric metric, String description) {
        Alarm alarm = metric.createAlarm(this, id + "Alarm", CreateAlarmOptions.builder()
                .alarmDescription(description)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarms.add(alarm);
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
    }

    public Topic getAlarmTopic() {
        return alarmTopic;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public List<Alarm> getAlarms() {
        return List.copyOf(alarms);
    }

    /** The saved Logs Insights queries. */
    public List<CfnQueryDefinition> getQueries() {
        return List.copyOf(queries);
    }

    /** Settings of {@link HousekeepingMonitoring}. */
    public static final class Props {
        private final IStateMachine stateMachine;
        private final Map<String, IFunction> functions;
        private final String metricsNamespace;
        private final String alarmEmail;
        private final ILogGroup stateMachineLogGroup;
        private final List<ILogGroup> functionLogGroups;

        private Props(Builder b) {
            this.stateMachine = required(b.stateMachine, "stateMachine");
            this.functions = new LinkedHashMap<>(b.functions);
            this.metricsNamespace = required(b.metricsNamespace, "metricsNamespace");
            this.alarmEmail = b.alarmEmail;
            this.stateMachineLogGroup = b.stateMachineLogGroup;
            this.functionLogGroups = List.copyOf(b.functionLogGroups);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder of {@link Props}. */
        public static final class Builder {
            private IStateMachine stateMachine;
            private final Map<String, IFunction> functions = new LinkedHashMap<>();
            private String metricsNamespace = "GameHousekeeping";
            private String alarmEmail;
            private ILogGroup stateMachineLogGroup;
            private final List<ILogGroup> functionLogGroups = new ArrayList<>();

            /** A function's log group, read by the saved queries and the cold-start widget. */
            public Builder functionLogGroup(ILogGroup logGroup) {
                functionLogGroups.add(logGroup);
                return this;
            }

            /** The state machine's execution log group, read by the saved queries about executions. */
            public Builder stateMachineLogGroup(ILogGroup logGroup) {
                this.stateMachineLogGroup = logGroup;
                return this;
            }

            public Builder stateMachine(IStateMachine stateMachine) {
                this.stateMachine = stateMachine;
                return this;
            }

            /** A function to alarm on and chart, under a short name used in alarm ids and labels. */
            public Builder function(String name, IFunction function) {
                functions.put(name, function);
                return this;
            }

            public Builder metricsNamespace(String namespace) {
                this.metricsNamespace = namespace;
                return this;
            }

            /** Optional: an email address subscribed to the alarm topic (the recipient must confirm). */
            public Builder alarmEmail(String email) {
                this.alarmEmail = email;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
