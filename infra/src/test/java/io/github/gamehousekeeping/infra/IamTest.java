package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.gamehousekeeping.contract.Tables;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IamTest {
    private static final Set<String> PROGRESS = Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");

    /** One statement, normalised: its actions and its resources (logical ids, "*", or rendered text). */
    record Grant(Set<String> actions, Set<String> resources, JsonObject condition, String effect) {
    }

    private static List<Grant> grants(StackFixture f, String roleId) {
        List<Grant> grants = new ArrayList<>();
        for (JsonObject s : f.statementsOfRole(roleId)) {
            Set<String> resources = new TreeSet<>();
            JsonElement resource = s.get("Resource");
            List<JsonElement> list = resource.isJsonArray() ? resource.getAsJsonArray().asList() : List.of(resource);
            for (JsonElement r : list) {
                if (r.isJsonPrimitive()) {
                    resources.add(r.getAsString());
                } else if (r.getAsJsonObject().has("Ref")) {
                    resources.add(r.getAsJsonObject().get("Ref").getAsString());
                } else if (r.getAsJsonObject().has("Fn::GetAtt")) {
                    resources.add(r.getAsJsonObject().getAsJsonArray("Fn::GetAtt").get(0).getAsString());
                } else {
                    resources.add(WorkflowDiagram.render(r));
                }
            }
            grants.add(new Grant(new TreeSet<>(StackFixture.strings(s.get("Action"))), resources,
                    s.getAsJsonObject("Condition"), s.get("Effect").getAsString()));
        }
        return grants;
    }

    /** Actions of the given service prefix, by resource. */
    private static Map<String, Set<String>> actionsByResource(List<Grant> grants, String prefix) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Grant g : grants) {
            for (String action : g.actions()) {
                if (action.startsWith(prefix)) {
                    for (String resource : g.resources()) {
                        out.computeIfAbsent(resource, r -> new TreeSet<>()).add(action);
                    }
                }
            }
        }
        return out;
    }

    private static String table(StackFixture f, String name) {
        return f.idsOfType("AWS::DynamoDB::Table").stream()
                .filter(id -> name.equals(f.properties(id).get("TableName").getAsString())).findFirst().orElseThrow();
    }

    private static String logGroupOf(StackFixture f, HousekeepingStep step) {
        return f.properties(f.functionId(step)).getAsJsonObject("LoggingConfig").getAsJsonObject("LogGroup")
                .get("Ref").getAsString();
    }

    private static void assertOnlyLogsXrayAnd(StackFixture f, HousekeepingStep step, Set<String> otherPrefixes) {
        List<Grant> grants = grants(f, f.roleId(step));
        assertEquals(Map.of(logGroupOf(f, step), Set.of("logs:CreateLogStream", "logs:PutLogEvents")),
                actionsByResource(grants, "logs:"), step + " writes only its own log group");
        assertEquals(Map.of("*", Set.of("xray:PutTelemetryRecords", "xray:PutTraceSegments")),
                actionsByResource(grants, "xray:"), step + " X-Ray");
        for (Grant g : grants) {
            for (String action : g.actions()) {
                String prefix = action.substring(0, action.indexOf(':') + 1);
                assertTrue(Set.of("logs:", "xray:").contains(prefix) || otherPrefixes.contains(prefix),
                        step + " has unexpected action " + action);
            }
        }
    }

    @Test
    void validateEvent_hasNoDataAccess() {
        StackFixture f = StackFixture.defaults();
        assertOnlyLogsXrayAnd(f, HousekeepingStep.VALIDATE_EVENT, Set.of());
    }

    @Test
    void generateReport_mayOnlyReadPlayerProgress_andQueryTheByLevelIndex() {
        StackFixture f = StackFixture.defaults();
        assertOnlyLogsXrayAnd(f, HousekeepingStep.GENERATE_REPORT, Set.of("dynamodb:"));
        Map<String, Set<String>> actions = actionsByResource(grants(f, f.roleId(HousekeepingStep.GENERATE_REPORT)), "dynamodb:");
        assertEquals(Set.of("dynamodb:BatchGetItem"), actions.remove(table(f, Tables.PLAYER_PROGRESS.defaultName())));
        assertEquals(1, actions.size(), actions.toString());
        String index = actions.keySet().iterator().next();
        assertTrue(index.contains(table(f, Tables.COMPLETED_LEVEL.defaultName())) && index.endsWith("/index/byLevel"), index);
        assertEquals(Set.of("dynamodb:Query"), actions.get(index));
    }

    @Test
    void recordLevelCompletion_mayOnlyPutAndGetOnCompletedLevel_andKeepPlayerProgress() {
        StackFixture f = StackFixture.defaults();
        assertOnlyLogsXrayAnd(f, HousekeepingStep.RECORD_LEVEL_COMPLETION, Set.of("dynamodb:"));
        assertEquals(Map.of(table(f, Tables.COMPLETED_LEVEL.defaultName()), Set.of("dynamodb:PutItem", "dynamodb:GetItem"),
                        table(f, Tables.PLAYER_PROGRESS.defaultName()), PROGRESS),
                actionsByResource(grants(f, f.roleId(HousekeepingStep.RECORD_LEVEL_COMPLETION)), "dynamodb:"));
    }

    @Test
    void recordGameCompletion_mayOnlyPutAndGetOnBothTables_andKeepPlayerProgress() {
        StackFixture f = StackFixture.defaults();
        assertOnlyLogsXrayAnd(f, HousekeepingStep.RECORD_GAME_COMPLETION, Set.of("dynamodb:"));
        Set<String> putGet = Set.of("dynamodb:PutItem", "dynamodb:GetItem");
        assertEquals(Map.of(table(f, Tables.COMPLETED_LEVEL.defaultName()), putGet,
                        table(f, Tables.COMPLETED_GAME.defaultName()), putGet,
                        table(f, Tables.PLAYER_PROGRESS.defaultName()), PROGRESS),
                actionsByResource(grants(f, f.roleId(HousekeepingStep.RECORD_GAME_COMPLETION)), "dynamodb:"));
    }

    @Test
    void publishMetrics_hasNoCloudWatchPermission_inEmfMode() {
        StackFixture f = StackFixture.defaults();
        assertOnlyLogsXrayAnd(f, HousekeepingStep.PUBLISH_METRICS, Set.of());
    }

    @Test
    void publishMetrics_mayPutMetricDataOnlyInItsNamespace_inApiMode() {
        StackFixture f = StackFixture.variant();
        assertOnlyLogsXrayAnd(f, HousekeepingStep.PUBLISH_METRICS, Set.of("cloudwatch:"));
        List<Grant> cloudwatch = grants(f, f.roleId(HousekeepingStep.PUBLISH_METRICS)).stream()
                .filter(g -> g.actions().stream().anyMatch(a -> a.startsWith("cloudwatch:"))).toList();
        assertEquals(1, cloudwatch.size());
        Grant g = cloudwatch.get(0);
        assertEquals(Set.of("cloudwatch:PutMetricData"), g.actions());
        assertEquals(Set.of("*"), g.resources());
        assertEquals(StackFixture.VARIANT_NAMESPACE,
                g.condition().getAsJsonObject("StringEquals").get("cloudwatch:namespace").getAsString());
    }

    @Test
    void noRole_usesManagedPoliciesOrServiceWildcards() {
        for (StackFixture f : List.of(StackFixture.defaults(), StackFixture.variant())) {
            for (String role : f.idsOfType("AWS::IAM::Role")) {
                assertFalse(f.properties(role).has("ManagedPolicyArns"), role);
                for (Grant g : grants(f, role)) {
                    assertEquals("Allow", g.effect());
                    for (String action : g.actions()) {
                        assertFalse(action.equals("*") || action.endsWith(":*"), role + " grants " + action);
                    }
                    if (g.resources().contains("*")) {
                        boolean unavoidable = g.actions().stream().allMatch(a -> a.startsWith("xray:")
                                || a.startsWith("logs:") && g.actions().contains("logs:CreateLogDelivery"))
                                || g.actions().equals(Set.of("cloudwatch:PutMetricData")) && g.condition() != null;
                        assertTrue(unavoidable, role + " has Resource * for " + g.actions());
                    }
                }
            }
        }
    }

    @Test
    void stateMachineRole_mayInvokeExactlyTheFiveLiveAliases() {
        StackFixture f = StackFixture.defaults();
        String role = f.properties(f.stateMachineId()).getAsJsonObject("RoleArn").getAsJsonArray("Fn::GetAtt")
                .get(0).getAsString();
        Set<String> aliases = new HashSet<>();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            aliases.add(f.aliasId(step));
        }
        List<Grant> grants = grants(f, role);
        Map<String, Set<String>> lambda = actionsByResource(grants, "lambda:");
        assertEquals(aliases, lambda.keySet(), "only the alias ARNs (an alias Ref is its ARN), no function ARN or ':*'");
        lambda.values().forEach(actions -> assertEquals(Set.of("lambda:InvokeFunction"), actions));
        assertTrue(actionsByResource(grants, "logs:").containsKey("*"), "log delivery");
        assertTrue(actionsByResource(grants, "xray:").get("*").contains("xray:PutTraceSegments"));
    }
}
