package io.github.gamehousekeeping.local.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.server.ApiException;
import io.github.gamehousekeeping.local.server.ExecutionService;
import io.github.gamehousekeeping.local.server.LoopbackHost;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console, served by the Step Functions API server on its port: {@code GET /} (the page) and
 * {@code /console/*} (its script, style and JSON endpoints). It reads the {@link ExecutionService} directly, and
 * starts, stops and redrives executions with the API's own rules (the API's error names and messages are shown to the user).
 *
 * <p>Safety: the server answers loopback Hosts only ({@link LoopbackHost}); state-changing requests must be
 * {@code POST} with a JSON body and an {@code Origin} equal to the page's own ({@code http://<Host>}); every response
 * carries a strict Content-Security-Policy (scripts and styles from this server only, no inline code), and the page
 * inserts data as text only.
 */
public final class ConsoleHandler implements HttpHandler {
    static final String PREFIX = "/console/";
    static final String API = PREFIX + "api/";
    private static final int MAX_BODY = 1024 * 1024;
    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ExecutionService service;
    private final InvocationLog invocations;
    private final Map<String, JsonNode> graphs = new ConcurrentHashMap<>();

    /** @param invocations the Lambda invocations of the executions (null: none recorded) */
    public ConsoleHandler(ExecutionService service, InvocationLog invocations) {
        this.service = service;
        this.invocations = invocations != null ? invocations : new InvocationLog();
    }

    /** Whether a request goes to the console rather than the API: any GET/HEAD, and anything under /console/. */
    public static boolean isConsoleRequest(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        return !"POST".equals(method) || exchange.getRequestURI().getRawPath().startsWith(PREFIX);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (!LoopbackHost.allowed(exchange.getRequestHeaders().getFirst("Host"))) {
                text(exchange, 403, "Refused: the Host header does not name a loopback address");
                return;
            }
            if (path.startsWith(API)) {
                api(exchange, method, path.substring(API.length()));
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                text(exchange, 405, "Method not allowed");
            } else if (path.equals("/") || path.equals("/index.html")) {
                asset(exchange, "index.html", "text/html; charset=utf-8");
            } else if (path.equals("/favicon.ico")) {
                asset(exchange, "favicon.svg", ASSETS.get("favicon.svg"));
            } else if (path.startsWith(PREFIX) && ASSETS.containsKey(path.substring(PREFIX.length()))) {
                String name = path.substring(PREFIX.length());
                asset(exchange, name, ASSETS.get(name));
            } else {
                text(exchange, 404, "Not found");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- API

    private void api(HttpExchange exchange, String method, String operation) throws IOException {
        int status = 200;
        JsonNode body;
        try {
            Map<String, String> q = query(exchange.getRequestURI());
            body = switch (method + " " + operation) {
                case "GET state-machines" -> stateMachines();
                case "GET state-machine" -> stateMachine(q.get("arn"));
                case "GET executions" -> executions(q);
                case "GET execution" -> execution(q.get("arn"));
                case "POST start-execution" -> startExecution(checkedBody(exchange));
                case "POST stop-execution" -> stopExecution(checkedBody(exchange));
                case "POST redrive-execution" -> redriveExecution(checkedBody(exchange));
                default -> throw new ApiException("UnknownOperationException", "No console operation " + method + " " + operation, 404);
            };
        } catch (ApiException e) {
            ObjectNode error = Json.object().put("__type", e.code()).put("message", e.getMessage());
            // A start or stop the API refused (a bad name or input) is an answer shown in the page, not a transport
            // failure: 200 with {"error": ...}. A refused origin and unknown operations keep their status.
            boolean action = "POST".equals(method) && e.httpStatus() == 400;
            status = action ? 200 : e.httpStatus();
            body = action ? Json.object().set("error", error) : error;
        } catch (RuntimeException e) {
            status = 500;
            body = Json.object().put("__type", "InternalFailure").put("message", String.valueOf(e));
        }
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        headers(exchange, "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private JsonNode stateMachines() {
        ArrayNode list = Json.array();
        for (ExecutionService.StateMachine sm : service.stateMachines()) {
            ObjectNode o = summary(sm);
            list.add(o);
        }
        return Json.object().set("stateMachines", list);
    }

    private ObjectNode summary(ExecutionService.StateMachine sm) {
        ObjectNode o = Json.object();
        o.put("arn", sm.arn());
        o.put("name", sm.name());
        o.put("type", sm.type().name());
        o.put("queryLanguage", queryLanguage(sm));
        o.put("creationDate", sm.creationDate().toEpochMilli());
        Map<ExecutionStatus, Integer> counts = new EnumMap<>(ExecutionStatus.class);
        List<ExecutionService.Execution> all = service.executions(sm.arn(), null);
        for (ExecutionService.Execution e : all) {
            counts.merge(e.status(), 1, Integer::sum);
        }
        ObjectNode c = o.putObject("executionsByStatus");
        for (ExecutionStatus s : ExecutionStatus.values()) {
            c.put(s.name(), counts.getOrDefault(s, 0));
        }
        o.put("executions", all.size());
        return o;
    }

    private static String queryLanguage(ExecutionService.StateMachine sm) {
        return Json.parseUnchecked(sm.definitionJson()).path("QueryLanguage").asText("JSONPath");
    }

    private JsonNode stateMachine(String arn) {
        ExecutionService.StateMachine sm = service.stateMachine(arn);
        ObjectNode o = summary(sm);
        o.put("roleArn", sm.roleArn());
        o.put("definition", Json.pretty(Json.parseUnchecked(sm.definitionJson())));
        o.set("graph", graph(sm));
        o.put("redrive", false);
        return o;
    }

    private JsonNode graph(ExecutionService.StateMachine sm) {
        return graphs.computeIfAbsent(sm.definitionJson(), d -> AslGraph.of(Json.parseUnchecked(d)).toJson());
    }

    private JsonNode executions(Map<String, String> q) {
        ExecutionService.StateMachine sm = service.stateMachine(q.get("stateMachineArn"));
        ExecutionStatus filter = null;
        String s = q.get("status");
        if (s != null && !s.isEmpty()) {
            try {
                filter = ExecutionStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException("ValidationException", "Unknown status filter '" + s + "'");
            }
        }
        int size = intParam(q, "pageSize", 20, 1, 100);
        int page = intParam(q, "page", 1, 1, Integer.MAX_VALUE);
        List<ExecutionService.Execution> all = service.executions(sm.arn(), filter);
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int from = Math.min(all.size(), (page - 1) * size);
        ArrayNode list = Json.array();
        for (ExecutionService.Execution e : all.subList(from, Math.min(all.size(), from + size))) {
            ObjectNode item = list.addObject();
            item.put("arn", e.arn());
            item.put("name", e.name());
            item.put("status", e.status().name());
            times(item, e);
            redrive(item, e);
        }
        ObjectNode o = Json.object();
        o.set("executions", list);
        o.put("page", page);
        o.put("pages", pages);
        o.put("total", all.size());
        return o;
    }

    private static void times(ObjectNode item, ExecutionService.Execution e) {
        item.put("startDate", e.startDate().toEpochMilli());
        Instant stop = e.stopDate();
        if (stop != null) {
            item.put("stopDate", stop.toEpochMilli());
        }
        item.put("durationMs", Duration.between(e.startDate(), stop != null ? stop : Instant.now()).toMillis());
    }

    private JsonNode execution(String arn) {
        ExecutionService.Execution e = service.execution(arn);
        ExecutionService.StateMachine sm = e.stateMachine();
        // Status first: a history read after it is at least as recent as the status.
        ExecutionStatus status = e.status();
        ObjectNode o = Json.object();
        ObjectNode x = o.putObject("execution");
        x.put("arn", e.arn());
        x.put("name", e.name());
        x.put("status", status.name());
        times(x, e);
        x.put("input", e.input());
        x.put("output", e.output());
        x.put("error", e.error());
        x.put("cause", e.cause());
        x.put("stateMachineArn", sm.arn());
        x.put("stateMachineName", sm.name());
        x.put("type", sm.type().name());
        redrive(x, e);
        o.set("graph", graph(sm));
        List<ExecutionView.Invocation> calls = invocations.of(e.arn());
        ObjectNode view = ExecutionView.of(Json.parseUnchecked(sm.definitionJson()), status, e.error(), e.cause(),
                e.history(), calls);
        o.setAll(view);
        return o;
    }

    private JsonNode startExecution(ObjectNode r) {
        String arn = text(r, "stateMachineArn");
        String name = text(r, "name");
        String input = text(r, "input");
        ExecutionService.Execution e = service.start(arn, name == null || name.isBlank() ? null : name.trim(),
                input == null || input.isBlank() ? null : input);
        return Json.object().put("executionArn", e.arn());
    }

    /** RedriveExecution, with the API's rules (ExecutionNotRedrivable and AWS's reason are shown in the page). */
    private JsonNode redriveExecution(ObjectNode r) {
        return Json.object().put("redriveDate", service.redrive(text(r, "executionArn")).toEpochMilli());
    }

    /** {@code redrivable} (RedriveExecution would restart it now), AWS's {@code redriveStatusReason} otherwise, the count. */
    private static void redrive(ObjectNode item, ExecutionService.Execution e) {
        String reason = e.notRedrivableReason();
        item.put("redrivable", reason == null);
        if (reason != null) {
            item.put("redriveStatusReason", reason);
        }
        item.put("redriveCount", e.redriveCount());
    }

    private JsonNode stopExecution(ObjectNode r) {
        try {
            ExecutionService.Execution e = service.stop(text(r, "executionArn"), "Console.Stopped", "Stopped from the local console");
            return Json.object().put("status", e.status().name());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ApiException("InternalFailure", "Interrupted", 500);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The body of a state-changing request, after the same-origin checks. */
    private static ObjectNode checkedBody(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null || !origin.equalsIgnoreCase("http://" + host)) {
            throw new ApiException("AccessDeniedException", "Refused: a console action must come from the console's own page (Origin "
                    + origin + ")", 403);
        }
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            throw new ApiException("AccessDeniedException", "Refused: cross-site request (" + site + ")", 403);
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException("ValidationException", "Content-Type must be application/json", 415);
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException("ValidationException", "Request larger than 1 MB", 413);
        }
        try {
            JsonNode node = Json.parse(new String(bytes, StandardCharsets.UTF_8));
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // below
        }
        throw new ApiException("SerializationException", "The request body must be a JSON object");
    }

    private static String text(ObjectNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException("SerializationException", "Field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static int intParam(Map<String, String> q, String name, int def, int min, int max) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiException("ValidationException", name + " must be a number between " + min + " and " + max + ", got '" + v + "'");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static void asset(HttpExchange exchange, String name, String contentType) throws IOException {
        byte[] bytes;
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                text(exchange, 404, "Not found");
                return;
            }
            bytes = in.readAllBytes();
        }
        headers(exchange, contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        headers(exchange, "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void headers(HttpExchange exchange, String contentType) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }
}
