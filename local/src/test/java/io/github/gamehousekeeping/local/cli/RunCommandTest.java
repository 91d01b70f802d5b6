package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code run} command in-process, on the embedded stack and the repository's sample events. */
class RunCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path EVENTS = Path.of("..", "events");

    private record Result(int exit, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("{\"executionName\"")) {
                    lines.add(MAPPER.readTree(line));
                }
            }
            return lines;
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LocalCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void runsTheSampleEvents_inOrder_withTraceAndTableDump(@TempDir Path dir) throws Exception {
        Path conflicting = dir.resolve("conflict.json");
        Files.writeString(conflicting, Files.readString(EVENTS.resolve("level-completed.json")).replace("1200", "1300"));
        Result r = run("run", "--trace", "--dump-tables", "--wait-scale", "0",
                EVENTS.resolve("level-completed.json").toString(), EVENTS.resolve("game-completed.json").toString(),
                EVENTS.resolve("level-completed.json").toString(), conflicting.toString());
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> lines = r.lines();
        assertEquals("SUCCEEDED", lines.get(1).get("status").asText(), () -> lines.get(1) + "\n" + r.err());
        assertEquals(4, lines.size(), r.out());
        assertEquals("evt-level-0001", lines.get(0).get("executionName").asText());
        assertEquals("SUCCEEDED", lines.get(0).get("status").asText());
        assertEquals(List.of("CompletedLevel", "CompletedGame"),
                MAPPER.convertValue(lines.get(1).at("/output/recorded/tables"), List.class), lines.get(1).toString());
        assertEquals(lines.get(0), lines.get(2), "same name and input: the first result, not a second run");
        assertEquals("FAILED", lines.get(3).get("status").asText());
        assertEquals("ExecutionAlreadyExists", lines.get(3).get("error").asText());

        assertTrue(r.err().contains("▶ Housekeeping (Parallel)"), r.err());
        assertTrue(r.err().contains("cold start"), r.err());
        assertTrue(r.err().contains("metric GameHousekeeping/LevelCompleted = 1 Count {Level=3}"), r.err());
        // the functions' log lines, under the task that wrote them (INFO: the template's level)
        String trace = r.err();
        int validate = trace.indexOf("λ ");
        assertTrue(trace.indexOf("    log INFO  event accepted outcome=accepted", validate) > validate, trace);
        assertTrue(trace.contains("    log INFO  item written outcome=written tables=[\"CompletedLevel\"]"), trace);
        assertTrue(trace.contains("    log INFO  item written outcome=written tables=[\"CompletedLevel\",\"CompletedGame\"]"), trace);
        assertTrue(trace.contains("    log INFO  report generated outcome=reported attempts=1"), trace);
        assertTrue(trace.contains("    log EMF metrics LevelCompleted, Score, Duration, GameCompleted"), trace);
        assertTrue(trace.contains("    log INFO  metrics published outcome=published"), trace);
        assertTrue(!trace.contains("log DEBUG"), "INFO by default: " + trace);

        JsonNode tables = MAPPER.readTree(r.out().substring(r.out().indexOf("{\n")));
        assertEquals(2, tables.get("CompletedLevel").size());
        assertEquals(1, tables.get("CompletedGame").size());
        assertEquals(1200, tables.get("CompletedLevel").get(1).get("score").asInt());
    }

    @Test
    void logLevel_isValidated_beforeAnythingRuns() {
        Result r = run("run", "--log-level", "verbose", EVENTS.resolve("level-completed.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--log-level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, got verbose"), r.err());
    }

    @Test
    void invalidJsonFile_isAClearError_andNothingRuns(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"eventId\": \"x\",\n  \"level\": }");
        Result r = run("run", EVENTS.resolve("level-completed.json").toString(), bad.toString(), "missing.json");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad + " is not valid JSON"), r.err());
        assertTrue(r.err().contains("(line 2, column"), r.err());
        assertTrue(r.err().contains("cannot read missing.json"), r.err());
        assertEquals(0, r.lines().size(), "no execution ran");
    }

    @Test
    void emptyFiles_deepJson_andTwoDocuments_areErrorsNamingTheFile_andNothingRuns(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        Path blank = Files.writeString(dir.resolve("blank.json"), " \n\t");
        Path deep = Files.writeString(dir.resolve("deep.json"), "[".repeat(10_000) + "]".repeat(10_000));
        Path two = Files.writeString(dir.resolve("two.json"), Files.readString(EVENTS.resolve("level-completed.json"))
                + "\n" + Files.readString(EVENTS.resolve("game-completed.json")));
        for (String file : List.of(empty.toString(), blank.toString(), "/dev/null")) {
            Result r = run("run", EVENTS.resolve("level-completed.json").toString(), file);
            assertEquals(2, r.exit(), file + ": " + r.err());
            assertTrue(r.err().contains(file + " is empty"), r.err());
            assertEquals(0, r.lines().size(), "no execution ran");
        }
        Result d = run("run", deep.toString());
        assertEquals(2, d.exit(), d.err());
        assertTrue(d.err().contains(deep + " is not valid JSON: nested too deeply"), d.err());
        assertTrue(!d.err().contains("NullPointerException") && d.err().length() < 1000, d.err());
        Result t = run("run", two.toString());
        assertEquals(2, t.exit(), t.err());
        assertTrue(t.err().contains(two + " holds more than one JSON document: a second one starts (line"), t.err());
        assertEquals(0, t.lines().size(), "no execution ran");
    }

    @Test
    void notANumberOrInfiniteWaitScale_isAUsageError() {
        for (String value : List.of("NaN", "Infinity", "-1")) {
            Result r = run("run", "--wait-scale", value, EVENTS.resolve("level-completed.json").toString());
            assertEquals(2, r.exit(), value + ": " + r.err());
            assertTrue(r.err().contains("--wait-scale must be >= 0"), r.err());
        }
        Result c = run("run", "--lambda-concurrency", "0", EVENTS.resolve("level-completed.json").toString());
        assertEquals(2, c.exit(), c.err());
        assertTrue(c.err().contains("--lambda-concurrency must be between 1 and 1000, got 0"), c.err());
        Result b = run("run", "--bind-address", "example.com", EVENTS.resolve("level-completed.json").toString());
        assertEquals(2, b.exit(), b.err());
        assertTrue(b.err().contains("--bind-address must be an IP address of this machine"), b.err());
    }

    @Test
    void badRuntimeOptions_areUsageErrors_namingTheOption() {
        Result type = run("run", "--workflow-type", "QUICK", EVENTS.resolve("level-completed.json").toString());
        assertEquals(2, type.exit());
        assertTrue(type.err().contains("--workflow-type must be STANDARD or EXPRESS, got QUICK"), type.err());
        Result template = run("run", "--template", "nope.template.json", EVENTS.resolve("level-completed.json").toString());
        assertEquals(2, template.exit());
        assertTrue(template.err().contains("no template at nope.template.json"), template.err());
        Result port = run("serve", "--port", "70000");
        assertEquals(2, port.exit());
        assertTrue(port.err().contains("--port must be between 0 and 65535"), port.err());
    }
}
