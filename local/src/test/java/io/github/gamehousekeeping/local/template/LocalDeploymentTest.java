package io.github.gamehousekeeping.local.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gamehousekeeping.local.lambda.LambdaFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDeploymentTest {
    private static final String ALIAS_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:";

    private static CloudFormationTemplate mini() throws IOException {
        try (var in = LocalDeploymentTest.class.getResourceAsStream("/templates/mini.template.json")) {
            return CloudFormationTemplate.parse(new String(in.readAllBytes()), "Game", "eu-west-1", "123456789012");
        }
    }

    @Test
    void resolvesFunctions_withEnvironmentReferencesAndAssetJar(@TempDir Path cdkOut) throws IOException {
        Files.writeString(cdkOut.resolve("asset.abc.jar"), "jar");
        LocalDeployment deployment = LocalDeployment.of(mini(), cdkOut, List.of());
        assertEquals(1, deployment.functions().size(), "the Node.js custom resource is not a Java function");
        LambdaFunction report = deployment.functions().values().iterator().next();
        assertEquals("com.example.Report::handleRequest", report.handler());
        assertEquals(cdkOut.resolve("asset.abc.jar"), report.jar());
        assertEquals(20, report.timeoutSeconds());
        assertEquals(1024, report.memoryMb());
        assertEquals("CompletedLevel", report.environment().get("COMPLETED_LEVEL_TABLE"));
        assertEquals("arn:aws:dynamodb:eu-west-1:123456789012:table/CompletedLevel", report.environment().get("TABLE_ARN"));
        assertFalse(report.environment().containsKey("DEBUG"), "Fn::If to AWS::NoValue removes the variable");
    }

    @Test
    void resolvesTheDefinition_andMapsTheAliasArnToItsFunction(@TempDir Path cdkOut) throws Exception {
        Files.writeString(cdkOut.resolve("asset.abc.jar"), "jar");
        LocalDeployment deployment = LocalDeployment.of(mini(), cdkOut, List.of());
        LocalDeployment.StateMachineSpec machine = deployment.stateMachine();
        assertEquals("arn:aws:states:eu-west-1:123456789012:stateMachine:Housekeeping", machine.arn());
        assertEquals("STANDARD", machine.type());
        String functionName = new ObjectMapper().readTree(machine.definition())
                .at("/States/Report/Parameters/FunctionName").asText();
        assertTrue(functionName.startsWith(ALIAS_ARN) && functionName.endsWith(":live"), functionName);
        String name = deployment.functions().keySet().iterator().next();
        assertEquals(Optional.of(name), deployment.functionFor(functionName));
        assertEquals(Optional.of(name), deployment.functionFor(name));
        assertEquals(Optional.of(name), deployment.functionFor(ALIAS_ARN + name));
        assertEquals(Optional.of(name), deployment.functionFor(name + ":live"));
        assertEquals(Optional.empty(), deployment.functionFor(ALIAS_ARN + "Other:live"));
        assertTrue(machine.roleArn().startsWith("arn:aws:iam::123456789012:role/"));
    }

    @Test
    void findsTheJarByHandlerClass_whenTheTemplateHasNoAssetPath(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("functions.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("com/example/Report.class"));
            out.closeEntry();
        }
        LocalDeployment deployment = LocalDeployment.of(mini(), null, List.of(dir));
        assertEquals(jar, deployment.functions().values().iterator().next().jar());
    }

    @Test
    void namesTheMissingClass_whenNoJarHasTheHandler(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalDeployment.of(mini(), null, List.of(dir)));
        assertTrue(e.getMessage().contains("com/example/Report.class"), e.getMessage());
    }

    @Test
    void readsTables_withTheirKeySchema(@TempDir Path cdkOut) throws IOException {
        Files.writeString(cdkOut.resolve("asset.abc.jar"), "jar");
        LocalDeployment deployment = LocalDeployment.of(mini(), cdkOut, List.of());
        LocalDeployment.TableSpec table = deployment.tables().get(0);
        assertEquals("CompletedLevel", table.name());
        var request = TableProvisioner.request(table);
        assertEquals("playerId", request.keySchema().get(0).attributeName());
        assertEquals("RANGE", request.keySchema().get(1).keyTypeAsString());
    }

    @Test
    void rejectsAFileThatIsNotATemplate() {
        assertThrows(IllegalArgumentException.class, () -> CloudFormationTemplate.parse("{}", "S", "r", "a"));
        assertThrows(java.io.UncheckedIOException.class, () -> CloudFormationTemplate.parse("{nope", "S", "r", "a"));
    }
}
