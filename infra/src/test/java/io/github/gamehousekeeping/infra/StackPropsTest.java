package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

class StackPropsTest {

    @Test
    void workflowType_defaultsToStandard_andAcceptsExpressInAnyCase() {
        assertEquals(StateMachineType.STANDARD, HousekeepingStackProps.parseWorkflowType(null));
        assertEquals(StateMachineType.EXPRESS, HousekeepingStackProps.parseWorkflowType("express"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HousekeepingStackProps.parseWorkflowType("FAST"));
        assertTrue(e.getMessage().contains("STANDARD or EXPRESS"));
    }

    @Test
    void metricsMode_defaultsToEmf_andRejectsUnknownModes() {
        assertEquals(MetricsMode.EMF, MetricsMode.parse(""));
        assertEquals(MetricsMode.API, MetricsMode.parse("API"));
        assertThrows(IllegalArgumentException.class, () -> MetricsMode.parse("statsd"));
    }

    @Test
    void props_rejectBadStageAwsNamespaceAndBadEmail() {
        HousekeepingStackProps.Builder ok = HousekeepingStackProps.builder()
                .functionsJarDirectory(Path.of(".")).sampleEvent("{}");
        assertEquals("prod", ok.build().getStage());
        assertTrue(ok.stage("dev").build().isDevStage());
        assertThrows(IllegalArgumentException.class, () -> ok.stage("Prod Stage").build());
        assertThrows(IllegalArgumentException.class, () -> ok.stage("dev").metricsNamespace("AWS/Lambda").build());
        assertThrows(IllegalArgumentException.class,
                () -> ok.metricsNamespace("Games").alarmEmail("ops at example.com").build());
        assertEquals("ops@example.com", ok.alarmEmail(" ops@example.com ").build().getAlarmEmail());
    }

    @Test
    void findRoot_walksUpToTheFolderHoldingCdkJson(@TempDir Path empty) throws IOException {
        Path root = ProjectLayout.findRoot(Path.of("").toAbsolutePath());
        assertTrue(Files.isRegularFile(root.resolve("cdk.json")));
        assertEquals(root, ProjectLayout.findRoot(root.resolve("infra/src/main")));
        assertThrows(IllegalStateException.class, () -> ProjectLayout.findRoot(empty));
    }

    @Test
    void createStack_failsWithABuildHint_whenTheFunctionJarsAreMissing(@TempDir Path empty) {
        App app = StackFixture.newApp(Map.of(HousekeepingStackProps.FUNCTIONS_JAR_DIR, empty.toString()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HousekeepingApp.createStack(app));
        assertTrue(e.getMessage().contains("housekeeping-validate.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("-pl functions"), e.getMessage());
    }

    @Test
    void jarDirectory_defaultsToFunctionsTargetUnderTheRoot() {
        App app = new App();
        Path root = ProjectLayout.findRoot();
        HousekeepingStackProps props = HousekeepingStackProps.fromContext(app.getNode(), root, "{}");
        assertEquals(root.resolve("functions/target"), props.getFunctionsJarDirectory());
        assertEquals(MetricsMode.EMF, props.getMetricsMode());
        assertEquals("GameHousekeeping", props.getMetricsNamespace());
        assertEquals(StateMachineType.STANDARD, props.getWorkflowType());
    }
}
