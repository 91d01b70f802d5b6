package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.gamehousekeeping.contract.FunctionEnvironment;
import io.github.gamehousekeeping.contract.Tables;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.lambda.Runtime;

class FunctionsTest {

    @Test
    void java25_isTheNewestJavaRuntimeOfCdk_andSupportsSnapStart() throws IllegalAccessException {
        int newest = 0;
        Pattern javaRuntime = Pattern.compile("JAVA_(\\d+)");
        for (Field field : Runtime.class.getFields()) {
            Matcher m = javaRuntime.matcher(field.getName());
            if (Modifier.isStatic(field.getModifiers()) && m.matches()) {
                newest = Math.max(newest, Integer.parseInt(m.group(1)));
            }
        }
        assertEquals(25, newest);
        assertEquals("java25", HousekeepingFunctions.RUNTIME.getName());
        assertTrue(Runtime.JAVA_25.getSupportsSnapStart());
    }

    @Test
    void createsFiveFunctions_oneForEachHandler() {
        StackFixture f = StackFixture.defaults();
        assertEquals(HousekeepingStep.values().length, f.idsOfType("AWS::Lambda::Function").size());
        Set<String> handlers = new HashSet<>();
        for (String id : f.idsOfType("AWS::Lambda::Function")) {
            handlers.add(f.properties(id).get("Handler").getAsString());
        }
        assertEquals(Set.of(
                "io.github.gamehousekeeping.functions.ValidateEventHandler::handleRequest",
                "io.github.gamehousekeeping.functions.GenerateReportHandler::handleRequest",
                "io.github.gamehousekeeping.functions.RecordLevelCompletionHandler::handleRequest",
                "io.github.gamehousekeeping.functions.RecordGameCompletionHandler::handleRequest",
                "io.github.gamehousekeeping.functions.PublishMetricsHandler::handleRequest"), handlers);
    }

    @Test
    void everyFunction_isJava25OnArm64WithSnapStartTracingMemoryAndTimeout() {
        StackFixture f = StackFixture.defaults();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            JsonObject fn = f.properties(f.functionId(step));
            assertEquals("java25", fn.get("Runtime").getAsString(), step.name());
            assertEquals("[\"arm64\"]", fn.get("Architectures").toString(), step.name());
            assertEquals(step.memoryMb(), fn.get("MemorySize").getAsInt(), step.name());
            assertTrue(step.memoryMb() >= 512, "Java needs at least 512 MB");
            assertEquals(15, fn.get("Timeout").getAsInt(), step.name());
            assertEquals("PublishedVersions", fn.getAsJsonObject("SnapStart").get("ApplyOn").getAsString());
            assertEquals("Active", fn.getAsJsonObject("TracingConfig").get("Mode").getAsString());
        }
        assertEquals(512, f.properties(f.functionId(HousekeepingStep.VALIDATE_EVENT)).get("MemorySize").getAsInt());
        assertEquals(1024, f.properties(f.functionId(HousekeepingStep.RECORD_GAME_COMPLETION)).get("MemorySize").getAsInt());
    }

    @Test
    void functionsSharingAJar_shareOneAsset_andEachJarIsItsOwnAsset() {
        StackFixture f = StackFixture.defaults();
        Map<String, Set<String>> keysByJar = new HashMap<>();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            String key = f.properties(f.functionId(step)).getAsJsonObject("Code").get("S3Key").getAsString();
            assertTrue(key.endsWith(".jar"), key);
            keysByJar.computeIfAbsent(step.jarName(), j -> new HashSet<>()).add(key);
        }
        assertEquals(Set.of("housekeeping-validate.jar", "housekeeping-store.jar", "housekeeping-metrics.jar"),
                keysByJar.keySet());
        Set<String> all = new HashSet<>();
        keysByJar.values().forEach(keys -> {
            assertEquals(1, keys.size(), "one asset per jar");
            all.addAll(keys);
        });
        assertEquals(3, all.size(), "three distinct assets");
    }

    @Test
    void everyFunction_hasLiveAliasOnItsPublishedVersion() {
        StackFixture f = StackFixture.defaults();
        assertEquals(5, f.idsOfType("AWS::Lambda::Alias").size());
        for (HousekeepingStep step : HousekeepingStep.values()) {
            JsonObject alias = f.properties(f.aliasId(step));
            assertEquals("live", alias.get("Name").getAsString());
            String versionId = alias.getAsJsonObject("FunctionVersion").getAsJsonArray("Fn::GetAtt").get(0).getAsString();
            assertEquals("AWS::Lambda::Version", f.resource(versionId).get("Type").getAsString());
            assertTrue(StackFixture.refersTo(f.properties(versionId).get("FunctionName"), f.functionId(step)));
        }
    }

    @Test
    void everyFunction_logsToItsOwnLogGroupWithOneMonthRetention() {
        StackFixture f = StackFixture.defaults();
        Set<String> groups = new HashSet<>();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            String group = f.properties(f.functionId(step)).getAsJsonObject("LoggingConfig").getAsJsonObject("LogGroup")
                    .get("Ref").getAsString();
            assertEquals("AWS::Logs::LogGroup", f.resource(group).get("Type").getAsString());
            assertEquals(30, f.properties(group).get("RetentionInDays").getAsInt());
            assertEquals("Retain", f.resource(group).get("DeletionPolicy").getAsString());
            groups.add(group);
        }
        assertEquals(5, groups.size());
        StackFixture dev = StackFixture.variant();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            String group = dev.properties(dev.functionId(step)).getAsJsonObject("LoggingConfig")
                    .getAsJsonObject("LogGroup").get("Ref").getAsString();
            assertEquals("Delete", dev.resource(group).get("DeletionPolicy").getAsString());
        }
    }

    private static JsonObject env(StackFixture f, HousekeepingStep step) {
        JsonObject fn = f.properties(f.functionId(step));
        return fn.has("Environment") ? fn.getAsJsonObject("Environment").getAsJsonObject("Variables") : new JsonObject();
    }

    private static String tableIdNamed(StackFixture f, String name) {
        return f.idsOfType("AWS::DynamoDB::Table").stream()
                .filter(id -> name.equals(f.properties(id).get("TableName").getAsString())).findFirst().orElseThrow();
    }

    @Test
    void storeFunctions_getTableNamesFromTheTableResources() {
        StackFixture f = StackFixture.defaults();
        String level = tableIdNamed(f, Tables.COMPLETED_LEVEL.defaultName());
        String game = tableIdNamed(f, Tables.COMPLETED_GAME.defaultName());
        String progress = tableIdNamed(f, Tables.PLAYER_PROGRESS.defaultName());
        for (HousekeepingStep step : new HousekeepingStep[] {HousekeepingStep.GENERATE_REPORT,
                HousekeepingStep.RECORD_LEVEL_COMPLETION, HousekeepingStep.RECORD_GAME_COMPLETION}) {
            JsonObject env = env(f, step);
            assertTrue(StackFixture.refersTo(env.get(Tables.COMPLETED_LEVEL.environmentVariable()), level), step.name());
            assertTrue(StackFixture.refersTo(env.get(Tables.COMPLETED_GAME.environmentVariable()), game), step.name());
            assertTrue(StackFixture.refersTo(env.get(Tables.PLAYER_PROGRESS.environmentVariable()), progress), step.name());
        }
    }

    @Test
    void publishMetrics_getsNamespaceAndMode_andValidateEventGetsNothing() {
        StackFixture f = StackFixture.defaults();
        JsonObject env = env(f, HousekeepingStep.PUBLISH_METRICS);
        assertEquals("GameHousekeeping", env.get(FunctionEnvironment.METRICS_NAMESPACE).getAsString());
        assertEquals("emf", env.get(FunctionEnvironment.METRICS_MODE).getAsString());
        assertFalse(env.has(Tables.COMPLETED_LEVEL.environmentVariable()));
        assertEquals(0, env(f, HousekeepingStep.VALIDATE_EVENT).size());

        JsonObject variant = env(StackFixture.variant(), HousekeepingStep.PUBLISH_METRICS);
        assertEquals(StackFixture.VARIANT_NAMESPACE, variant.get(FunctionEnvironment.METRICS_NAMESPACE).getAsString());
        assertEquals("api", variant.get(FunctionEnvironment.METRICS_MODE).getAsString());
    }
}
