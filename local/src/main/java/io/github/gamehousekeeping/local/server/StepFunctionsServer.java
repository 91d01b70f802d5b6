package io.github.gamehousekeeping.local.server;

import static io.github.gamehousekeeping.local.server.RequestFields.optional;
import static io.github.gamehousekeeping.local.server.RequestFields.required;
import static io.github.gamehousekeeping.local.server.RequestFields.time;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.HistoryEvent;
import io.github.gamehousekeeping.local.asl.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Step Functions API (AWS JSON 1.0 protocol, as the AWS SDKs and CLI speak it) over an {@link ExecutionService},
 * on {@code 127.0.0.1}. Requests: {@code POST /}, {@code Content-Type: application/x-amz-json-1.0},
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}; signatures are not checked (any credentials work). Replies are
 * JSON 1.0 with timestamps as epoch seconds; errors are HTTP 400 with {@code {"__type": code, "message": text}},
 * which the SDK maps to its modeled exceptions (ExecutionAlreadyExistsException, ...).
 *
 * <p>Operations: StartExecution, StartSyncExecution, DescribeExecution, GetExecutionHistory, ListExecutions,
 * StopExecution, DescribeStateMachine, ListStateMachines, those of {@link StateMachineOperations} (CreateStateMachine,
 * UpdateStateMachine, DeleteStateMachine, DescribeStateMachineForExecution, ValidateStateMachineDefinition, TagResource,
 * UntagResource, ListTagsForResource), and the local extension LocalGetExecutionLogs (the functions' log lines of one
 * execution, per state, when a provider is set with {@link #executionLogs}). Others: {@code UnknownOperationException}.
 *
 * <p>With the AWS SDK for Java v2, set {@code SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION} on a client with an
 * endpoint override: StartSyncExecution is modeled with the host prefix {@code sync-}, so the SDK would otherwise call
 * {@code sync-127.0.0.1}.
 */
public final class StepFunctionsServer implements AutoCloseable {
    public static final String TARGET_PREFIX = "AWSStepFunctions.";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** Step Functions' request size limit. */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /**
     * Request threads (created on demand, ended after 30 s idle). StartSyncExecution holds one for its whole
     * execution, and a request being received holds one (for at most {@link HttpLimits#MAX_REQUEST_SECONDS}): with
     * many threads, slow clients cannot take them all; beyond, a new connection is closed rather than queued.
     */
    static final int HANDLER_THREADS = 256;

    static {
        HttpLimits.apply(); // before the JDK reads its HTTP server limits (once per JVM)
    }
    /** StartSyncExecution: the Express execution time limit. */
    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);

    private final ExecutionService service;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile java.util.function.BiFunction<String, String, JsonNode> executionLogs;
    /** The web console (GET requests and /console/*), when attached. */
    private volatile HttpHandler console;

    private StepFunctionsServer(ExecutionService service, InetAddress bindAddress, int port) throws IOException {
        this.service = service;
        this.http = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        AtomicInteger n = new AtomicInteger();
        // StartSyncExecution holds its handler thread for the whole execution: a pool, not a single thread.
        this.handlers = new java.util.concurrent.ThreadPoolExecutor(0, HANDLER_THREADS, 30, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sfn-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port 0 for an ephemeral port (see {@link #port()})
     */
    public static StepFunctionsServer start(ExecutionService service, int port) throws IOException {
        return start(service, InetAddress.getLoopbackAddress(), port);
    }

    /** Starts a server listening on {@code bindAddress} only (loopback unless told otherwise: no credentials are checked). */
    public static StepFunctionsServer start(ExecutionService service, InetAddress bindAddress, int port) throws IOException {
        StepFunctionsServer server = new StepFunctionsServer(service, bindAddress, port);
        server.http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} (the bound address): the endpoint override for SDK clients. */
    public URI endpoint() {
        InetAddress address = http.getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** The address and port the server listens on. */
    public InetSocketAddress boundAddress() {
        return http.getAddress();
    }

    public ExecutionService service() {
        return service;
    }

    /**
     * Serves {@code LocalGetExecutionLogs} ({@code {"executionArn", "stateName"?}}) from {@code provider}
     * (executionArn, stateName or null → reply), e.g. the runtime's {@code FunctionLogs::toJson}.
     */
    public void executionLogs(java.util.function.BiFunction<String, String, JsonNode> provider) {
        this.executionLogs = provider;
    }

    /** Serves the web console on this port: GET requests and {@code /console/*} go to {@code handler}. */
    public void attachConsole(HttpHandler handler) {
        this.console = handler;
    }

    /** Requests received so far (any operation, valid or not). */
    public long requestCount() {
        return requests.get();
    }

    /**
     * Stops accepting requests, lets the exchanges in progress finish (up to 2 s; a StartSyncExecution still running
     * then is cut), and stops the handler threads. Idempotent.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // stop(0): HttpServer.stop(n) waits the full n seconds whenever a keep-alive connection is open.
        http.stop(0);
        handlers.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            HttpHandler c = console;
            if (c != null && io.github.gamehousekeeping.local.console.ConsoleHandler.isConsoleRequest(exchange)) {
                c.handle(exchange);
                return;
            }
            if (!LoopbackHost.allowed(exchange.getRequestHeaders().getFirst("Host"))) {
                drain(exchange); // DNS rebinding: a foreign name pointed at 127.0.0.1
                reply(exchange, 403, error("AccessDeniedException", "The Host header does not name a loopback address"));
                return;
            }
            respond(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        int status;
        JsonNode body;
        try {
            body = dispatch(exchange);
            status = 200;
        } catch (ApiException e) {
            status = e.httpStatus();
            body = error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            body = error("InternalFailure", "The local Step Functions server failed: " + e);
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        reply(exchange, status, body);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode o = Json.object();
        o.put("__type", code);
        o.put("message", message);
        return o;
    }

    private JsonNode dispatch(HttpExchange exchange) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            drain(exchange);
            throw new ApiException("UnknownOperationException", "Only POST / is served (AWS JSON 1.0 protocol)", 404);
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        ObjectNode request = readBody(exchange);
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new ApiException("UnknownOperationException", "Missing or unknown X-Amz-Target: " + target);
        }
        String operation = target.substring(TARGET_PREFIX.length());
        return switch (operation) {
            case "StartExecution" -> startExecution(request);
            case "StartSyncExecution" -> startSyncExecution(request);
            case "DescribeExecution" -> describeExecution(request);
            case "GetExecutionHistory" -> getExecutionHistory(request);
            case "ListExecutions" -> listExecutions(request);
            case "StopExecution" -> stopExecution(request);
            case "RedriveExecution" -> redriveExecution(request);
            case "TestState" -> new TestStateOperation(service.engine()).run(request);
            case "DescribeStateMachine" -> describeStateMachine(request);
            case "ListStateMachines" -> listStateMachines(request);
            case "LocalGetExecutionLogs" -> localGetExecutionLogs(request);
            default -> {
                JsonNode answer = service.stateMachineOperations().dispatch(operation, request);
                if (answer == null) {
                    throw new ApiException("UnknownOperationException",
                            "Operation not supported by the local Step Functions server: " + operation);
                }
                yield answer;
            }
        };
    }

    private static void drain(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException unreadable) {
            // a malformed body (e.g. bad chunking) of a request refused anyway: the refusal is still sent
        }
    }

    private static ObjectNode readBody(HttpExchange exchange) {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // e.g. a malformed chunked body: the client's fault, as AWS answers it
            throw new ApiException("SerializationException", "Could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_REQUEST_BYTES) {
            throw new ApiException("ValidationException", "Request larger than 1 MB", 413);
        }
        if (bytes.length == 0) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ApiException("SerializationException", "Request body is not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new ApiException("SerializationException", "Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    // ------------------------------------------------------------------------------------------------ operations

    private JsonNode startExecution(ObjectNode r) {
        String stateMachineArn = required(r, "stateMachineArn");
        ExecutionService.Execution e = service.start(stateMachineArn, optional(r, "name"), optional(r, "input"));
        ObjectNode o = Json.object();
        o.put("executionArn", e.arn());
        o.set("startDate", time(e.startDate()));
        return o;
    }

    private JsonNode startSyncExecution(ObjectNode r) {
        String stateMachineArn = required(r, "stateMachineArn");
        ExecutionService.Execution e;
        try {
            e = service.startSync(stateMachineArn, optional(r, "name"), optional(r, "input"), SYNC_TIMEOUT);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ApiException("InternalFailure", "Interrupted", 500);
        }
        ObjectNode o = Json.object();
        o.put("executionArn", e.arn());
        o.put("stateMachineArn", e.stateMachine().arn());
        o.put("name", e.name());
        o.set("startDate", time(e.startDate()));
        o.set("stopDate", time(e.stopDate()));
        o.put("status", e.status().name());
        if (e.error() != null) {
            o.put("error", e.error());
        }
        if (e.cause() != null) {
            o.put("cause", e.cause());
        }
        o.put("input", e.input());
        o.set("inputDetails", Json.object().put("included", true));
        if (e.output() != null) {
            o.put("output", e.output());
            o.set("outputDetails", Json.object().put("included", true));
        }
        long durationMs = Math.max(1, Duration.between(e.startDate(), e.stopDate()).toMillis());
        ObjectNode billing = Json.object();
        billing.put("billedMemoryUsedInMB", 64);
        billing.put("billedDurationInMilliseconds", ((durationMs + 99) / 100) * 100); // billed in 100 ms steps
        o.set("billingDetails", billing);
        return o;
    }

    private JsonNode describeExecution(ObjectNode r) {
        ExecutionService.Execution e = standardExecution(required(r, "executionArn"));
        ObjectNode o = Json.object();
        o.put("executionArn", e.arn());
        o.put("stateMachineArn", e.stateMachine().arn());
        o.put("name", e.name());
        o.put("status", e.status().name());
        o.set("startDate", time(e.startDate()));
        if (e.stopDate() != null) {
            o.set("stopDate", time(e.stopDate()));
        }
        o.put("input", e.input());
        o.set("inputDetails", Json.object().put("included", true));
        if (e.output() != null) {
            o.put("output", e.output());
            o.set("outputDetails", Json.object().put("included", true));
        }
        if (e.error() != null) {
            o.put("error", e.error());
        }
        if (e.cause() != null) {
            o.put("cause", e.cause());
        }
        redriveFields(o, e);
        String reason = e.notRedrivableReason();
        o.put("redriveStatus", reason == null ? "REDRIVABLE" : "NOT_REDRIVABLE");
        if (reason != null) {
            o.put("redriveStatusReason", reason);
        }
        return o;
    }

    private static void redriveFields(ObjectNode o, ExecutionService.Execution e) {
        o.put("redriveCount", e.redriveCount());
        if (e.redriveDate() != null) {
            o.set("redriveDate", time(e.redriveDate()));
        }
    }

    private JsonNode redriveExecution(ObjectNode r) {
        String executionArn = required(r, "executionArn");
        if (Arns.isExpressExecution(executionArn)) {
            throw new ApiException("ExecutionNotRedrivable", "Execution is of type EXPRESS and cannot be redriven.");
        }
        ObjectNode o = Json.object();
        o.set("redriveDate", time(service.redrive(executionArn)));
        return o;
    }

    private JsonNode getExecutionHistory(ObjectNode r) {
        String executionArn = required(r, "executionArn");
        ExecutionService.Execution e = standardExecution(executionArn);
        int maxResults = maxResults(r, 100);
        boolean reverse = r.path("reverseOrder").asBoolean(false);
        boolean includeData = !r.has("includeExecutionData") || r.get("includeExecutionData").asBoolean(true);
        List<HistoryEvent> events = new ArrayList<>(e.history());
        if (reverse) {
            java.util.Collections.reverse(events);
        }
        int from = PageToken.offset(optional(r, "nextToken"), "history|" + executionArn + "|" + reverse);
        int to = Math.min(events.size(), from + maxResults);
        ArrayNode list = Json.array();
        for (HistoryEvent h : events.subList(Math.min(from, events.size()), to)) {
            list.add(event(h, includeData));
        }
        ObjectNode o = Json.object();
        o.set("events", list);
        if (to < events.size()) {
            o.put("nextToken", PageToken.of(to, "history|" + executionArn + "|" + reverse));
        }
        return o;
    }

    private JsonNode listExecutions(ObjectNode r) {
        if (r.hasNonNull("mapRunArn")) {
            throw ApiException.validation("mapRunArn is not supported by the local server");
        }
        String stateMachineArn = required(r, "stateMachineArn");
        ExecutionService.StateMachine sm = service.stateMachine(stateMachineArn);
        if (sm.type() == ExecutionService.Type.EXPRESS) {
            throw new ApiException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine: EXPRESS");
        }
        ExecutionStatus filter = null;
        String statusFilter = optional(r, "statusFilter");
        if (statusFilter != null) {
            try {
                filter = ExecutionStatus.valueOf(statusFilter); // the enum is case-sensitive, as AWS
            } catch (IllegalArgumentException e) {
                if (!"PENDING_REDRIVE".equals(statusFilter)) {
                    throw ApiException.validation("1 validation error detected: Value '" + statusFilter
                            + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                            + "[ABORTED, PENDING_REDRIVE, SUCCEEDED, FAILED, TIMED_OUT, RUNNING]");
                }
            }
        }
        String redriveFilter = optional(r, "redriveFilter");
        if (redriveFilter != null && !redriveFilter.equals("REDRIVEN") && !redriveFilter.equals("NOT_REDRIVEN")) {
            throw ApiException.validation("1 validation error detected: Value '" + redriveFilter
                    + "' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]");
        }
        // Redrives start at once locally: no execution is ever PENDING_REDRIVE.
        List<ExecutionService.Execution> all = new ArrayList<>("PENDING_REDRIVE".equals(statusFilter)
                ? List.of() : service.executions(sm.arn(), filter));
        if (redriveFilter != null) {
            all.removeIf(e -> (e.redriveCount() > 0) != redriveFilter.equals("REDRIVEN"));
        }
        int maxResults = maxResults(r, 100);
        // Newest first; the token is a cursor (the last sequence number returned), so executions started while a
        // caller pages do not shift the pages.
        String scope = "executions|" + sm.arn() + "|" + statusFilter + "|" + redriveFilter;
        long before = optional(r, "nextToken") == null ? Long.MAX_VALUE : PageToken.position(optional(r, "nextToken"), scope);
        List<ExecutionService.Execution> page = new ArrayList<>();
        boolean more = false;
        for (ExecutionService.Execution e : all) {
            if (e.sequence() >= before) {
                continue;
            }
            if (page.size() == maxResults) {
                more = true;
                break;
            }
            page.add(e);
        }
        ArrayNode list = Json.array();
        for (ExecutionService.Execution e : page) {
            ObjectNode item = Json.object();
            item.put("executionArn", e.arn());
            item.put("stateMachineArn", e.stateMachine().arn());
            item.put("name", e.name());
            item.put("status", e.status().name());
            item.set("startDate", time(e.startDate()));
            if (e.stopDate() != null) {
                item.set("stopDate", time(e.stopDate()));
            }
            redriveFields(item, e);
            list.add(item);
        }
        ObjectNode o = Json.object();
        o.set("executions", list);
        if (more) {
            o.put("nextToken", PageToken.of(page.get(page.size() - 1).sequence(), scope));
        }
        return o;
    }

    private JsonNode stopExecution(ObjectNode r) {
        ExecutionService.Execution e = standardExecution(required(r, "executionArn"));
        ApiLimits.checkLength(r, "error", ApiLimits.MAX_ERROR_LENGTH);
        ApiLimits.checkLength(r, "cause", ApiLimits.MAX_CAUSE_LENGTH);
        try {
            e = service.stop(e.arn(), optional(r, "error"), optional(r, "cause"));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ApiException("InternalFailure", "Interrupted", 500);
        }
        ObjectNode o = Json.object();
        o.set("stopDate", time(e.stopDate()));
        return o;
    }

    private JsonNode describeStateMachine(ObjectNode r) {
        ExecutionService.StateMachine sm = service.stateMachine(required(r, "stateMachineArn"));
        ObjectNode o = Json.object();
        o.put("stateMachineArn", sm.arn());
        o.put("name", sm.name());
        o.put("status", "ACTIVE");
        o.put("definition", sm.definitionJson());
        o.put("roleArn", sm.roleArn());
        o.put("type", sm.type().name());
        o.set("creationDate", time(sm.creationDate()));
        ObjectNode logging = Json.object();
        logging.put("level", "OFF");
        logging.put("includeExecutionData", false);
        o.set("loggingConfiguration", logging);
        o.set("tracingConfiguration", Json.object().put("enabled", false));
        service.stateMachineOperations().describeExtras(o, sm);
        return o;
    }

    private JsonNode listStateMachines(ObjectNode r) {
        List<ExecutionService.StateMachine> all = service.stateMachines();
        int maxResults = maxResults(r, 100);
        int from = PageToken.offset(optional(r, "nextToken"), "stateMachines");
        int to = Math.min(all.size(), from + maxResults);
        ArrayNode list = Json.array();
        for (ExecutionService.StateMachine sm : all.subList(Math.min(from, all.size()), to)) {
            ObjectNode item = Json.object();
            item.put("stateMachineArn", sm.arn());
            item.put("name", sm.name());
            item.put("type", sm.type().name());
            item.set("creationDate", time(sm.creationDate()));
            list.add(item);
        }
        ObjectNode o = Json.object();
        o.set("stateMachines", list);
        if (to < all.size()) {
            o.put("nextToken", PageToken.of(to, "stateMachines"));
        }
        return o;
    }

    // --------------------------------------------------------------------------------------------------- helpers

    /** AWS cannot describe, list the history of, or stop an Express execution: InvalidArn as AWS answers. */
    private JsonNode localGetExecutionLogs(ObjectNode r) {
        var provider = executionLogs;
        if (provider == null) {
            throw new ApiException("UnknownOperationException", "This server keeps no function logs");
        }
        String executionArn = required(r, "executionArn");
        ExecutionService.Execution e = service.execution(executionArn);
        JsonNode stateName = r.get("stateName");
        return provider.apply(e.arn(), stateName == null || stateName.isNull() ? null : stateName.asText());
    }

    private ExecutionService.Execution standardExecution(String executionArn) {
        if (Arns.isExpressExecution(executionArn)) {
            throw new ApiException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'");
        }
        return service.execution(executionArn);
    }

    private static ObjectNode event(HistoryEvent h, boolean includeData) {
        ObjectNode o = Json.object();
        o.set("timestamp", time(h.timestamp()));
        o.put("type", h.type());
        o.put("id", h.id());
        o.put("previousEventId", h.previousEventId());
        if (h.detailsKey() != null && h.details() != null) {
            JsonNode details = h.details();
            if (!includeData && details.isObject()) {
                ObjectNode copy = (ObjectNode) details.deepCopy();
                // includeExecutionData=false: no input, output or parameters, as AWS.
                copy.remove(List.of("input", "output", "parameters"));
                copy.remove(List.of("inputDetails", "outputDetails", "parametersDetails"));
                details = copy;
            }
            o.set(h.detailsKey(), details);
        }
        return o;
    }

    private static int maxResults(ObjectNode r, int defaultValue) {
        JsonNode v = r.get("maxResults");
        if (v == null || v.isNull() || (v.isInt() && v.asInt() == 0)) {
            return defaultValue;
        }
        if (!v.isIntegralNumber()) {
            throw new ApiException("SerializationException", "Field 'maxResults' must be an integer, got " + v);
        }
        if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() > 1000) {
            throw ApiException.validation("1 validation error detected: Value '" + v
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 1000");
        }
        return v.asInt();
    }

    /** Opaque page tokens bound to the listing they came from; anything else is {@code InvalidToken}. */
    static final class PageToken {
        private PageToken() {
        }

        static String of(long offset, String scope) {
            String raw = offset + "|" + scope;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static int offset(String token, String scope) {
            long value = position(token, scope);
            if (value > Integer.MAX_VALUE) {
                throw new ApiException("InvalidToken", "Invalid Token: '" + token + "'");
            }
            return (int) value;
        }

        static long position(String token, String scope) {
            if (token == null) {
                return 0;
            }
            String raw;
            try {
                raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException("InvalidToken", "Invalid Token: '" + token + "'");
            }
            int bar = raw.indexOf('|');
            if (bar < 0 || !raw.substring(bar + 1).equals(scope)) {
                throw new ApiException("InvalidToken", "Invalid Token: '" + token + "'");
            }
            try {
                long offset = Long.parseLong(raw.substring(0, bar));
                if (offset < 0) {
                    throw new NumberFormatException();
                }
                return offset;
            } catch (NumberFormatException e) {
                throw new ApiException("InvalidToken", "Invalid Token: '" + token + "'");
            }
        }
    }
}
