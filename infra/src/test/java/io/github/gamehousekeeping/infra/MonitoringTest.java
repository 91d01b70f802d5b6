package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitoringTest {

    private static String topicId(StackFixture f) {
        List<String> topics = f.idsOfType("AWS::SNS::Topic");
        assertEquals(1, topics.size());
        return topics.get(0);
    }

    @Test
    void alarms_coverTheStateMachineAndEveryFunction_andNotifyTheTopic() {
        StackFixture f = StackFixture.defaults();
        String topic = topicId(f);
        Set<String> seen = new HashSet<>();
        for (String id : f.idsOfType("AWS::CloudWatch::Alarm")) {
            JsonObject alarm = f.properties(id);
            List<JsonElement> actions = alarm.getAsJsonArray("AlarmActions").asList();
            assertEquals(1, actions.size(), id);
            assertTrue(StackFixture.refersTo(actions.get(0), topic), id + " notifies the topic");
            assertEquals(1, alarm.get("Threshold").getAsInt());
            assertEquals("GreaterThanOrEqualToThreshold", alarm.get("ComparisonOperator").getAsString());
            assertEquals("notBreaching", alarm.get("TreatMissingData").getAsString());
            JsonObject dimension = alarm.getAsJsonArray("Dimensions").get(0).getAsJsonObject();
            String target = dimension.getAsJsonObject("Value").get("Ref").getAsString();
            seen.add(alarm.get("Namespace").getAsString() + " " + alarm.get("MetricName").getAsString() + " " + target);
        }
        Set<String> expected = new HashSet<>();
        String sm = f.stateMachineId();
        for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionThrottled")) {
            expected.add("AWS/States " + metric + " " + sm);
        }
        for (HousekeepingStep step : HousekeepingStep.values()) {
            expected.add("AWS/Lambda Errors " + f.functionId(step));
            expected.add("AWS/Lambda Throttles " + f.functionId(step));
        }
        assertEquals(expected, seen);
    }

    @Test
    void alarmTopic_isEncryptedWithARotatedKeyCloudWatchMayUse_andRequiresTls() {
        StackFixture f = StackFixture.defaults();
        String topic = topicId(f);
        String key = f.properties(topic).getAsJsonObject("KmsMasterKeyId").getAsJsonArray("Fn::GetAtt").get(0).getAsString();
        assertTrue(f.properties(key).get("EnableKeyRotation").getAsBoolean());
        boolean cloudWatchMayUseKey = false;
        for (JsonElement s : f.properties(key).getAsJsonObject("KeyPolicy").getAsJsonArray("Statement")) {
            JsonObject principal = s.getAsJsonObject().getAsJsonObject("Principal");
            cloudWatchMayUseKey |= principal.has("Service")
                    && "cloudwatch.amazonaws.com".equals(principal.get("Service").getAsString())
                    && StackFixture.strings(s.getAsJsonObject().get("Action")).contains("kms:GenerateDataKey*");
        }
        assertTrue(cloudWatchMayUseKey);

        String policy = f.idsOfType("AWS::SNS::TopicPolicy").get(0);
        boolean denyWithoutTls = false;
        boolean cloudWatchMayPublish = false;
        for (JsonElement e : f.properties(policy).getAsJsonObject("PolicyDocument").getAsJsonArray("Statement")) {
            JsonObject s = e.getAsJsonObject();
            if ("Deny".equals(s.get("Effect").getAsString()) && s.has("Condition")) {
                denyWithoutTls |= "false".equals(s.getAsJsonObject("Condition").getAsJsonObject("Bool")
                        .get("aws:SecureTransport").getAsString());
            }
            if ("Allow".equals(s.get("Effect").getAsString())) {
                cloudWatchMayPublish |= "cloudwatch.amazonaws.com".equals(
                        s.getAsJsonObject("Principal").get("Service").getAsString())
                        && s.getAsJsonObject("Condition").has("ArnLike");
            }
        }
        assertTrue(denyWithoutTls, "publishing without TLS is denied");
        assertTrue(cloudWatchMayPublish, "CloudWatch alarms of this account may publish");
    }

    @Test
    void emailSubscription_existsOnlyWhenAlarmEmailIsGiven() {
        assertEquals(0, StackFixture.defaults().idsOfType("AWS::SNS::Subscription").size());
        StackFixture f = StackFixture.variant();
        List<String> subscriptions = f.idsOfType("AWS::SNS::Subscription");
        assertEquals(1, subscriptions.size());
        JsonObject s = f.properties(subscriptions.get(0));
        assertEquals("email", s.get("Protocol").getAsString());
        assertEquals(StackFixture.VARIANT_EMAIL, s.get("Endpoint").getAsString());
        assertTrue(StackFixture.refersTo(s.get("TopicArn"), topicId(f)));
    }

    @Test
    void dashboard_chartsExecutionsDurationsLambdaAndCustomMetrics() {
        for (StackFixture f : List.of(StackFixture.defaults(), StackFixture.variant())) {
            List<String> dashboards = f.idsOfType("AWS::CloudWatch::Dashboard");
            assertEquals(1, dashboards.size());
            String body = WorkflowDiagram.render(f.properties(dashboards.get(0)).get("DashboardBody"));
            for (String needle : List.of("ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionTime",
                    "\"AWS/Lambda\",\"Errors\"", "\"AWS/Lambda\",\"Duration\"", "MetricName=\\\"LevelCompleted\\\"",
                    "MetricName=\\\"Score\\\"")) {
                assertTrue(body.contains(needle), needle + " in " + body);
            }
            String namespace = f == StackFixture.defaults() ? "GameHousekeeping" : StackFixture.VARIANT_NAMESPACE;
            assertTrue(body.contains("Namespace=\\\"" + namespace + "\\\""), namespace);
        }
    }

    @Test
    void outputs_nameTheStateMachineTablesDashboardAndASampleEvent() throws IOException {
        StackFixture f = StackFixture.defaults();
        JsonObject outputs = f.json.getAsJsonObject("Outputs");
        assertTrue(StackFixture.refersTo(outputs.getAsJsonObject("StateMachineArn").get("Value"), f.stateMachineId()));
        for (String[] table : List.of(new String[] {"CompletedLevelTableName", Tables.COMPLETED_LEVEL.defaultName()},
                new String[] {"CompletedGameTableName", Tables.COMPLETED_GAME.defaultName()},
                new String[] {"PlayerProgressTableName", Tables.PLAYER_PROGRESS.defaultName()})) {
            String ref = outputs.getAsJsonObject(table[0]).getAsJsonObject("Value").get("Ref").getAsString();
            assertEquals(table[1], f.properties(ref).get("TableName").getAsString());
        }
        String dashboard = f.idsOfType("AWS::CloudWatch::Dashboard").get(0);
        assertTrue(StackFixture.refersTo(outputs.getAsJsonObject("DashboardName").get("Value"), dashboard));
        String url = WorkflowDiagram.render(outputs.getAsJsonObject("DashboardUrl").get("Value"));
        assertEquals("https://${Ref:AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${Ref:AWS::Region}"
                + "#dashboards/dashboard/${Ref:" + dashboard + "}", url);

        String sample = outputs.getAsJsonObject("SampleEvent").get("Value").getAsString();
        assertTrue(!sample.contains("\n") && !sample.contains(": "), "compact JSON");
        CompletionEvent parsed = EventContract.get().parse(sample);
        CompletionEvent file = EventContract.get().parse(Files.readString(
                ProjectLayout.findRoot().resolve(ProjectLayout.SAMPLE_EVENT)));
        assertEquals(file, parsed);
    }
}
