package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The execute command, run in-process through picocli with captured stdout/stderr and exit status. */
class ExecuteCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        JsonNode json() {
            return Json.parseUnchecked(out.trim());
        }
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LocalCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private String file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content.replace('\'', '"'));
        return p.toString();
    }

    private static final String HOUSEKEEPING = "{'StartAt':'Housekeeping','States':{'Housekeeping':{'Type':'Parallel','Next':'PublishMetrics',"
            + "'Branches':[{'StartAt':'GenerateReport','States':{'GenerateReport':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
            + "'Parameters':{'FunctionName':'GenerateReport','Payload.$':'$'},'OutputPath':'$.Payload','End':true}}},"
            + "{'StartAt':'IsGameCompleted','States':{'IsGameCompleted':{'Type':'Choice','Choices':[{'Variable':'$.gameCompleted','BooleanEquals':true,"
            + "'Next':'RecordGameCompletion'}],'Default':'RecordLevelCompletion'},"
            + "'RecordGameCompletion':{'Type':'Pass','Result':'game','End':true},'RecordLevelCompletion':{'Type':'Pass','Result':'level','End':true}}}],"
            + "'ResultSelector':{'report.$':'$[0]','recorded.$':'$[1]'}},"
            + "'PublishMetrics':{'Type':'Wait','Seconds':30,'End':true}}}";
    private static final String MOCK = "{'StateMachines':{'Housekeeping':{'TestCases':{'Default':{'GenerateReport':'Report'},"
            + "'Broken':{'GenerateReport':'Fails'}}}},'MockedResponses':{'Report':{'0':{'Return':{'StatusCode':200,'Payload':{'attempts':1}}}},"
            + "'Fails':{'0':{'Throw':{'Error':'Housekeeping.ReportFailed','Cause':'table missing'}}}}}";

    @Test
    void printsStatusAndOutputOnOneLine_andExitsZero_whenExecutionSucceeds() throws IOException {
        long t0 = System.nanoTime();
        Run r = cli("execute", "--definition", file("def.json", HOUSEKEEPING), "--input", file("in.json", "{'gameCompleted':true}"),
                "--mock-config", file("mock.json", MOCK), "--wait-scale", "0");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().trim().lines().count(), "one JSON line");
        assertEquals(Json.parseUnchecked("{\"status\":\"SUCCEEDED\",\"output\":{\"report\":{\"attempts\":1},\"recorded\":\"game\"}}"), r.json());
        assertTrue(ms < 10_000, "--wait-scale 0 skips the 30 s Wait (took " + ms + " ms)");
    }

    @Test
    void printsErrorAndCause_andExitsZero_whenExecutionFails() throws IOException {
        Run r = cli("execute", "--definition", file("def.json", HOUSEKEEPING), "--input", file("in.json", "{'gameCompleted':false}"),
                "--mock-config", file("mock.json", MOCK), "--test-case", "Broken", "--state-machine-name", "Housekeeping", "--wait-scale", "0");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Json.parseUnchecked("{\"status\":\"FAILED\",\"error\":\"Housekeeping.ReportFailed\",\"cause\":\"table missing\"}"), r.json());
    }

    @Test
    void includesTheHistory_whenAskedTo() throws IOException {
        Run r = cli("execute", "--definition", file("def.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}"),
                "--input", file("in.json", "42"), "--history");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = r.json();
        assertEquals(42, json.get("output").intValue());
        List<String> types = new ArrayList<>();
        json.get("history").forEach(e -> types.add(e.get("type").asText()));
        assertEquals(List.of("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"), types);
    }

    @Test
    void tracesEventsToStderr_whenTraceIsOn() throws IOException {
        Run r = cli("execute", "--definition", file("def.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}"),
                "--input", file("in.json", "{}"), "--trace");
        assertEquals(0, r.exit());
        assertEquals(4, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains("\"type\":\"PassStateEntered\""), r.err());
    }

    @Test
    void exitsTwoNamingTheState_whenNextNamesNoState() throws IOException {
        Run r = cli("execute", "--definition", file("def.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'}}}"),
                "--input", file("in.json", "{}"));
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("State \"A\": Next \"B\" names no state"), r.err());
    }

    @Test
    void exitsTwo_whenStateTypeIsUnknown_orNextIsMissing_orStateIsUnreachable() throws IOException {
        Run unknown = cli("execute", "--definition", file("d1.json", "{'StartAt':'A','States':{'A':{'Type':'Sleep','End':true}}}"),
                "--input", file("in.json", "{}"));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("State \"A\": unknown state type \"Sleep\""), unknown.err());
        Run missingNext = cli("execute", "--definition", file("d2.json", "{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:F'}}}"),
                "--input", file("in.json", "{}"));
        assertEquals(2, missingNext.exit());
        assertTrue(missingNext.err().contains("State \"A\": missing Next"), missingNext.err());
        Run unreachable = cli("execute", "--definition", file("d3.json", "{'StartAt':'A','States':{'A':{'Type':'Succeed'},'Lost':{'Type':'Succeed'}}}"),
                "--input", file("in.json", "{}"));
        assertEquals(2, unreachable.exit());
        assertTrue(unreachable.err().contains("State \"Lost\": is unreachable"), unreachable.err());
    }

    @Test
    void exitsTwoWithFileAndPosition_whenInputIsInvalidJson() throws IOException {
        String input = file("bad.json", "{'a': 1,\n 'b': }");
        Run r = cli("execute", "--definition", file("def.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}"), "--input", input);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(input) && r.err().contains("invalid JSON at line 2, column"), r.err());
    }

    @Test
    void exitsTwo_whenDefinitionIsInvalidJson() throws IOException {
        Run r = cli("execute", "--definition", file("def.json", "{'StartAt': 'A', "), "--input", file("in.json", "{}"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not valid JSON at line 1"), r.err());
    }

    @Test
    void exitsTwo_whenAFileIsMissing() throws IOException {
        Run r = cli("execute", "--definition", dir.resolve("nope.json").toString(), "--input", file("in.json", "{}"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--definition file not found") && r.err().contains("nope.json"), r.err());
    }

    @Test
    void exitsTwo_whenArgumentsAreInvalid() throws IOException {
        Run missing = cli("execute", "--input", file("in.json", "{}"));
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing required option: '--definition=FILE'"), missing.err());
        Run unknown = cli("execute", "--definition", "x", "--input", "y", "--frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--frobnicate"), unknown.err());
        Run negative = cli("execute", "--definition", file("def.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}"),
                "--input", file("in.json", "{}"), "--wait-scale", "-1");
        assertEquals(2, negative.exit());
        assertTrue(negative.err().contains("--wait-scale"), negative.err());
        Run noSubcommand = cli();
        assertEquals(2, noSubcommand.exit());
    }

    @Test
    void exitsTwo_whenTheMockConfigurationHasNoSuchTestCase() throws IOException {
        Run r = cli("execute", "--definition", file("def.json", HOUSEKEEPING), "--input", file("in.json", "{}"),
                "--mock-config", file("mock.json", MOCK), "--test-case", "Nope");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no test case \"Nope\""), r.err());
    }
}
