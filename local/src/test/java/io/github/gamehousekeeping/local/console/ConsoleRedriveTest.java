package io.github.gamehousekeeping.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.MockConfigTaskInvoker;
import io.github.gamehousekeeping.local.server.ExecutionService;
import io.github.gamehousekeeping.local.server.StepFunctionsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's Redrive action ({@code POST /console/api/redrive-execution}) and the {@code redrivable} flag its pages
 * show the button by, against a real server and engine: same-origin only, the API's rules and AWS's reasons.
 */
class ConsoleRedriveTest {
    static final String DEFINITION = """
            {"StartAt":"Charge","States":{"Charge":{"Type":"Task",
              "Resource":"arn:aws:lambda:us-east-1:123456789012:function:charge","End":true}}}""";
    static final String MOCKS = """
            {"StateMachines":{"Orders":{"TestCases":{"FailsOnce":{"Charge":"FailsOnce"}}}},
             "MockedResponses":{"FailsOnce":{"0":{"Throw":{"Error":"Gateway.Timeout","Cause":"first call fails"}},
                                             "1":{"Return":{"ok":true}}}}}""";

    ExecutionService service;
    StepFunctionsServer server;
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    @BeforeEach
    void start() throws Exception {
        service = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 2);
        server = StepFunctionsServer.start(service, 0);
        server.attachConsole(new ConsoleHandler(service, null));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        service.close();
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/console/api/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parseUnchecked(r.body());
    }

    HttpResponse<String> redrive(String executionArn, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/console/api/redrive-execution"))
                .header("Origin", origin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Json.object().put("executionArn", executionArn)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode execution(String arn) throws Exception {
        return get("execution?arn=" + URLEncoder.encode(arn, StandardCharsets.UTF_8)).get("execution");
    }

    @Test
    void failedExecution_showsRedrivable_andTheConsoleRedrivesIt_fromItsOwnOriginOnly() throws Exception {
        ExecutionService.StateMachine orders = service.registerStateMachine("Orders", DEFINITION, ExecutionService.Type.STANDARD,
                new MockConfigTaskInvoker(Json.parseUnchecked(MOCKS), "Orders", "FailsOnce"), null);
        ExecutionService.Execution e = service.start(orders.arn(), "order-1", "{}");
        assertTrue(e.await(Duration.ofSeconds(20)));
        assertEquals(ExecutionStatus.FAILED, e.status());

        JsonNode failed = execution(e.arn());
        assertTrue(failed.get("redrivable").asBoolean(), failed.toString());
        assertEquals(0, failed.get("redriveCount").asInt());
        JsonNode listed = get("executions?stateMachineArn=" + URLEncoder.encode(orders.arn(), StandardCharsets.UTF_8)).at("/executions/0");
        assertTrue(listed.get("redrivable").asBoolean(), "the list row offers Redrive too: " + listed);

        HttpResponse<String> foreign = redrive(e.arn(), "http://evil.example");
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertEquals(0, e.redriveCount(), "a cross-origin request redrives nothing");

        HttpResponse<String> ok = redrive(e.arn(), base);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(Json.parseUnchecked(ok.body()).get("redriveDate").isNumber(), ok.body());
        assertTrue(e.await(Duration.ofSeconds(20)));
        assertEquals(ExecutionStatus.SUCCEEDED, e.status());

        JsonNode done = execution(e.arn());
        assertFalse(done.get("redrivable").asBoolean());
        assertEquals("Execution is SUCCEEDED and cannot be redriven.", done.get("redriveStatusReason").asText());
        assertEquals(1, done.get("redriveCount").asInt());

        HttpResponse<String> again = redrive(e.arn(), base);
        assertEquals(200, again.statusCode(), "a refusal is an answer the page shows");
        JsonNode error = Json.parseUnchecked(again.body()).get("error");
        assertEquals("ExecutionNotRedrivable", error.get("__type").asText());
        assertEquals("Execution is SUCCEEDED and cannot be redriven.", error.get("message").asText());
    }
}
