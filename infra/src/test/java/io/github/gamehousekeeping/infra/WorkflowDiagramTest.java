package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkflowDiagramTest {

    @Test
    void committedDiagram_matchesTheSynthesizedStateMachine() throws IOException {
        Path file = ProjectLayout.findRoot().resolve(WorkflowDiagram.OUTPUT);
        String expected = WorkflowDiagram.toMermaid(StackFixture.defaults().definition());
        assertTrue(Files.isRegularFile(file), "missing " + file + ": run mvn -B -q -pl infra exec:java@diagram");
        assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n"),
                WorkflowDiagram.OUTPUT + " is stale: run mvn -B -q -pl infra exec:java@diagram");
    }

    @Test
    void readmeDiagram_isTheGeneratedOne() throws IOException {
        String readme = Files.readString(ProjectLayout.findRoot().resolve("README.md"), StandardCharsets.UTF_8)
                .replace("\r\n", "\n");
        int start = readme.indexOf("```mermaid\n");
        assertTrue(start >= 0, "README.md has no mermaid block");
        int end = readme.indexOf("```", start + 11);
        String expected = WorkflowDiagram.toMermaid(StackFixture.defaults().definition());
        assertEquals(expected, readme.substring(start + 11, end),
                "README.md's diagram is stale: paste docs/workflow.mmd (regenerated) into it");
    }

    @Test
    void diagram_drawsParallelBranchesChoiceCatchesAndFailStates() {
        String mermaid = WorkflowDiagram.toMermaid(StackFixture.defaults().definition());
        assertTrue(mermaid.contains("\nstateDiagram-v2\n"));
        assertTrue(mermaid.contains("    [*] --> ValidateEvent\n"));
        assertTrue(mermaid.contains("    state Housekeeping {\n"));
        assertTrue(mermaid.contains("\n        --\n"), "branches are concurrent regions");
        assertTrue(mermaid.contains("        state IsGameCompleted <<choice>>\n"));
        assertTrue(mermaid.contains("        IsGameCompleted --> RecordGameCompletion : $event.gameCompleted\n"),
                "the JSONata condition as written");
        assertTrue(mermaid.contains("        IsGameCompleted --> RecordLevelCompletion : otherwise\n"));
        assertTrue(mermaid.contains("    ValidateEvent --> InvalidEvent : catch InvalidEventException\n"),
                "no Pass state between the catch and the Fail state");
        assertTrue(mermaid.contains("    ValidateEvent : Task, up to 4 retries of transient errors and timeouts\n"));
        assertTrue(mermaid.contains("    InvalidEvent : Fail Housekeeping.InvalidEvent\n"));
        assertTrue(mermaid.contains("        RecordingFailed : Fail Housekeeping.RecordingFailed\n"));
        assertTrue(mermaid.contains("    Housekeeping --> PublishMetrics\n"));
        assertTrue(mermaid.contains("    PublishMetrics --> MetricsFailed : catch States.ALL\n"));
    }

    @Test
    void diagram_followsTheDefinition_notAFixedPicture() {
        JsonObject tiny = JsonParser.parseString("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "B"}],
                        "Default": "C"},
                  "B": {"Type": "Succeed"},
                  "C": {"Type": "Fail", "Error": "X.Y"}}}""").getAsJsonObject();
        assertEquals("""
                %% Generated from the synthesized state machine by io.github.gamehousekeeping.infra.WorkflowDiagram.
                %% Do not edit: regenerate with  mvn -B -q -pl infra exec:java@diagram  (a test fails when stale).
                stateDiagram-v2
                    state A <<choice>>
                    [*] --> A
                    A --> B : n == 1
                    A --> C : otherwise
                    B --> [*]
                    C : Fail X.Y
                """, WorkflowDiagram.toMermaid(tiny));
    }

    @Test
    void diagram_showsJsonataConditionsAsWritten() {
        JsonObject tiny = JsonParser.parseString("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                  "A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 and $x %}", "Next": "B"}],
                        "Default": "C"},
                  "B": {"Type": "Succeed"},
                  "C": {"Type": "Fail", "Error": "X.Y"}}}""").getAsJsonObject();
        assertTrue(WorkflowDiagram.toMermaid(tiny).contains("    A --> B : $states.input.n > 1 and $x\n"),
                WorkflowDiagram.toMermaid(tiny));
    }
}
