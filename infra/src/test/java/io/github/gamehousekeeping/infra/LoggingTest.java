package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The functions log JSON with levels from the context (Lambda's advanced logging controls), and the stack saves the
 * Logs Insights queries an operator needs, over the right log groups, and charts p50/p99 durations and cold starts.
 */
class LoggingTest {

    private static Map<String, Object> loggingConfig(String application, String system) {
        return Map.of("LoggingConfig", Match.objectLike(Map.of(
                "LogFormat", "JSON",
                "ApplicationLogLevel", application,
                "SystemLogLevel", system,
                "LogGroup", Match.objectLike(Map.of("Ref", Match.anyValue())))));
    }

    @Test
    void everyFunction_logsJson_atInfoByDefault_andAtTheContextsLevel() {
        StackFixture.defaults().template.resourceCountIs("AWS::Lambda::Function", HousekeepingStep.values().length);
        StackFixture.defaults().template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(loggingConfig("INFO", "INFO")));
        // -c logLevel=debug (case-insensitive)
        StackFixture.variant().template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(loggingConfig("DEBUG", "DEBUG")));
    }

    @Test
    void logLevel_mapsToLambdasApplicationAndSystemLevels_andRejectsUnknownValues() {
        assertEquals(LogLevel.INFO, LogLevel.parse(null));
        assertEquals("WARN", LogLevel.parse("fatal").systemLogLevel().name(), "system logs stop at WARN");
        assertEquals("DEBUG", LogLevel.parse("TRACE").systemLogLevel().name(), "system logs start at DEBUG");
        assertEquals("TRACE", LogLevel.parse(" trace ").applicationLogLevel().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogLevel.parse("verbose"));
        assertEquals("logLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, not 'verbose'", e.getMessage());
    }

    /** {"Ref": id} of each function's log group, in workflow order. */
    private static List<Object> functionLogGroupRefs(StackFixture f) {
        List<Object> refs = new ArrayList<>();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            JsonObject group = f.properties(f.functionId(step)).getAsJsonObject("LoggingConfig").getAsJsonObject("LogGroup");
            refs.add(Map.of("Ref", group.get("Ref").getAsString()));
        }
        return refs;
    }

    private static Object stateMachineLogGroupRef(StackFixture f) {
        String arn = f.properties(f.stateMachineId()).getAsJsonObject("LoggingConfiguration").getAsJsonArray("Destinations")
                .get(0).getAsJsonObject().getAsJsonObject("CloudWatchLogsLogGroup").getAsJsonObject("LogGroupArn")
                .getAsJsonArray("Fn::GetAtt").get(0).getAsString();
        return Map.of("Ref", arn);
    }

    @Test
    void savedQueries_areDefinedOverTheirLogGroups() {
        for (StackFixture f : List.of(StackFixture.defaults(), StackFixture.variant())) {
            f.template.resourceCountIs("AWS::Logs::QueryDefinition", LogQueries.SAVED.size());
            List<Object> functions = functionLogGroupRefs(f);
            Object stateMachine = stateMachineLogGroupRef(f);
            List<Object> all = new ArrayList<>(functions);
            all.add(stateMachine);
            for (LogQueries.Query query : LogQueries.SAVED) {
                Object groups = switch (query.scope()) {
                    case STATE_MACHINE -> List.of(stateMachine);
                    case FUNCTIONS -> functions;
                    case FUNCTIONS_AND_STATE_MACHINE -> all;
                };
                f.template.hasResourceProperties("AWS::Logs::QueryDefinition", Map.of(
                        "Name", "GameHousekeeping/" + query.name(),
                        "QueryString", query.text(),
                        "LogGroupNames", groups));
            }
        }
    }

    @Test
    void savedQueries_readTheFieldsTheFunctionsAndStepFunctionsWrite() {
        assertTrue(LogQueries.FAILED_EXECUTIONS.text().contains("filter type in [\"ExecutionFailed\""));
        assertTrue(LogQueries.FAILED_EXECUTIONS.text().contains("by type, details.error, details.cause"));
        String one = LogQueries.ONE_EXECUTION.text();
        assertTrue(one.contains("executionName = \"EVENT_ID\" or eventId = \"EVENT_ID\" or execution_arn like \":EVENT_ID\""), one);
        assertTrue(one.contains("sort @timestamp asc"));
        assertTrue(LogQueries.SLOWEST_REPORTS.text().contains("filter type = \"platform.report\""));
        assertTrue(LogQueries.SLOWEST_REPORTS.text().contains("sort record.metrics.durationMs desc"));
        assertTrue(LogQueries.CONFLICTS_AND_DUPLICATES.text().contains("filter outcome in [\"conflict\", \"duplicate\"]"));
        assertEquals(List.of("FailedExecutionsByErrorAndCause", "OneExecutionAcrossFunctionsAndStateMachine",
                "SlowestInvocationReports", "ConflictsAndDuplicates"), LogQueries.SAVED.stream().map(LogQueries.Query::name).toList());
    }

    @Test
    void readmeTroubleshooting_showsTheSavedOneExecutionQuery() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(ProjectLayout.findRoot().resolve("README.md"));
        String query = LogQueries.ONE_EXECUTION.text().replace(LogQueries.EVENT_ID_PLACEHOLDER, "X")
                .replace("\n", "\n  "); // indented in a list item
        assertTrue(readme.contains(query), "README shows:\n" + query);
    }

    @Test
    void dashboard_chartsP50AndP99DurationPerFunction_andColdStarts() {
        StackFixture f = StackFixture.defaults();
        String body = WorkflowDiagram.render(f.properties(f.idsOfType("AWS::CloudWatch::Dashboard").get(0)).get("DashboardBody"));
        for (HousekeepingStep step : HousekeepingStep.values()) {
            for (String statistic : List.of("p50", "p99")) {
                assertTrue(body.contains("\"label\":\"" + step.stateName() + " " + statistic + "\""), step + " " + statistic + ": " + body);
            }
        }
        assertTrue(body.contains("\"type\":\"log\""), body);
        assertTrue(body.contains("Cold starts per function"), body);
        assertTrue(body.contains("stats count(*) as coldStarts by bin(5m), step"), body);
        for (HousekeepingStep step : HousekeepingStep.values()) {
            String logGroup = f.properties(f.functionId(step)).getAsJsonObject("LoggingConfig").getAsJsonObject("LogGroup")
                    .get("Ref").getAsString();
            assertTrue(body.contains("SOURCE '${Ref:" + logGroup + "}'"), "the cold-start widget reads " + logGroup + ": " + body);
        }
    }
}
