package io.github.gamehousekeeping.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.cli.LocalCli;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import io.github.gamehousekeeping.local.server.ExecutionService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input through the API and the CLI: requests AWS would refuse get AWS-shaped 4xx errors, events the contract
 * refuses fail their execution with Housekeeping.InvalidEvent, the server stays up, and nothing is written.
 */
class HostileInputScenario {
    private static final String VALID = Scenarios.event("hostile", 1, 0).toString();

    /** Events that start an execution which must fail with Housekeeping.InvalidEvent, writing nothing. */
    private static Map<String, String> invalidEvents() {
        Map<String, String> events = new LinkedHashMap<>();
        events.put("array", "[]");
        events.put("null", "null");
        events.put("string", "\"string\"");
        events.put("number", "42");
        events.put("boolean", "true");
        events.put("empty-object", "{}");
        events.put("unknown-field", VALID.replace("}", ",\"cheat\":true}"));
        events.put("level-zero", VALID.replace("\"level\":2", "\"level\":0"));
        events.put("negative-score", VALID.replace("\"score\":101", "\"score\":-1"));
        events.put("lone-surrogate", VALID.replace("hostile-player-1", "p\\ud800"));
        events.put("control-characters", VALID.replace("hostile-player-1", "p\\u0000q"));
        events.put("bad-date", VALID.replace("2026-11-21T10:00:01Z", "yesterday"));
        events.put("level-as-string", VALID.replace("\"level\":2", "\"level\":\"2\""));
        return events;
    }

    private static Object[] raw(Scenarios.Stack stack, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(stack.server.boundAddress(), 2000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Object[] {Integer.parseInt(response.substring(9, 12)), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    private static String post(String operation, String body) {
        return "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions." + operation + "\r\nContent-Type: "
                + "application/x-amz-json-1.0\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hostileRequestsAndEvents_get4xxOrInvalidEvent_serverStaysUp_nothingWritten(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        try (Scenarios.Stack stack = new Scenarios.Stack(new HousekeepingRuntime.Options().waitScale(0))) {
            String arn = stack.arn();
            // requests AWS refuses: 4xx with {"__type", "message"}
            Map<String, String> requests = new LinkedHashMap<>();
            requests.put("not JSON", post("StartExecution", "{not json"));
            requests.put("input not JSON", post("StartExecution", "{\"stateMachineArn\":\"" + arn + "\",\"input\":\"{\"}"));
            requests.put("input too large", post("StartExecution", "{\"stateMachineArn\":\"" + arn + "\",\"input\":\"{\\\"a\\\":\\\""
                    + "x".repeat(300_000) + "\\\"}\"}"));
            requests.put("input nested 10,000 deep", post("StartExecution", "{\"stateMachineArn\":\"" + arn + "\",\"input\":\""
                    + "[".repeat(10_000) + "]".repeat(10_000) + "\"}"));
            requests.put("name with a slash", post("StartExecution", "{\"stateMachineArn\":\"" + arn + "\",\"name\":\"a/b\"}"));
            requests.put("qualified ARN", post("StartExecution", "{\"stateMachineArn\":\"" + arn + ":v1\"}"));
            requests.put("unknown operation", post("DeleteStateMachine", "{}"));
            requests.put("maxResults 1.5", post("ListExecutions", "{\"stateMachineArn\":\"" + arn + "\",\"maxResults\":1.5}"));
            requests.put("bad chunked body", "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines"
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
            requests.put("body over 1 MB", post("StartExecution", "{\"stateMachineArn\":\"" + arn + "\",\"input\":\""
                    + "x".repeat(1_100_000) + "\"}"));
            for (Map.Entry<String, String> r : requests.entrySet()) {
                Object[] response = raw(stack, r.getValue());
                int status = (Integer) response[0];
                JsonNode body = Scenarios.MAPPER.readTree((String) response[1]);
                if (status < 400 || status >= 500 || !body.hasNonNull("__type") || !body.hasNonNull("message")) {
                    problems.add(r.getKey() + ": " + status + " " + response[1].toString().substring(0,
                            Math.min(300, response[1].toString().length())));
                }
            }

            // events the contract refuses: FAILED with Housekeeping.InvalidEvent
            List<ExecutionService.Execution> started = new ArrayList<>();
            for (Map.Entry<String, String> e : invalidEvents().entrySet()) {
                String input = e.getValue();
                String arnOf = stack.sfn.startExecution(b -> b.stateMachineArn(arn).name("invalid-" + e.getKey())
                        .input(input)).executionArn();
                started.add(stack.runtime.executions().execution(arnOf));
            }
            for (ExecutionService.Execution e : started) {
                assertTrue(e.await(Duration.ofSeconds(60)), e.name());
                if (!"FAILED".equals(e.status().name()) || !"Housekeeping.InvalidEvent".equals(e.error())
                        || e.cause() == null || e.cause().length() > 2000) {
                    problems.add(e.name() + ": " + e.status() + " " + e.error() + ": "
                            + (e.cause() == null ? null : e.cause().substring(0, Math.min(300, e.cause().length()))));
                }
            }

            // the CLI: bad files are refused before anything runs
            Path empty = Files.writeString(dir.resolve("empty.json"), "");
            Path two = Files.writeString(dir.resolve("two.json"), VALID + VALID);
            Path deep = Files.writeString(dir.resolve("deep.json"), "[".repeat(10_000) + "]".repeat(10_000));
            for (Path file : List.of(empty, two, deep)) {
                StringWriter err = new StringWriter();
                int exit = LocalCli.run(new String[] {"run", file.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
                if (exit != 2 || !err.toString().contains(file.toString())) {
                    problems.add("run " + file.getFileName() + ": exit " + exit + " " + err);
                }
            }

            // the server is still up and answering, and nothing was written
            assertEquals(1, stack.sfn.listStateMachines(b -> { }).stateMachines().size());
            Map<String, Map<String, JsonNode>> items = stack.items();
            int written = items.values().stream().mapToInt(Map::size).sum();
            System.out.printf(java.util.Locale.ROOT, "hostile input: %d requests, %d invalid events, 3 CLI files; "
                    + "%d problems, %d items written; scenario %.1f s%n", requests.size(), started.size(), problems.size(),
                    written, (System.nanoTime() - t0) / 1e9);
            assertEquals(List.of(), problems);
            assertEquals(0, written, "nothing written for invalid input: " + items);
        }
    }
}
