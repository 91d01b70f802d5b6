package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and validated Amazon States Language definition (JSONPath query language). Immutable and thread-safe:
 * parse once, run many executions.
 */
public final class StateMachineDefinition {
    private static final int MAX_STATE_NAME = 80;
    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> NOT_SUPPORTED = Set.of("Arguments", "Output", "Assign", "Items", "ItemReader",
            "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailureCount",
            "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "Label");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath", "Result"),
            "Task", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry",
                    "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"),
            "Choice", Set.of("Choices", "Default", "InputPath", "OutputPath"),
            "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry",
                    "Catch", "Branches"),
            "Map", Set.of("Next", "End", "InputPath", "OutputPath", "ItemsPath", "ItemSelector", "Parameters", "ItemProcessor",
                    "Iterator", "MaxConcurrency", "MaxConcurrencyPath", "ResultSelector", "ResultPath", "Retry", "Catch"));

    private final Machine machine;
    private final JsonNode json;

    private StateMachineDefinition(Machine machine, JsonNode json) {
        this.machine = machine;
        this.json = json;
    }

    /** Parses and validates a definition; the exception lists every problem, each naming its state. */
    public static StateMachineDefinition parse(String json) throws InvalidDefinitionException {
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidDefinitionException(List.of("the definition is not valid JSON" + where + ": " + e.getOriginalMessage()));
        }
        return parse(node);
    }

    /** Parses and validates a definition given as a JSON tree. */
    public static StateMachineDefinition parse(JsonNode json) throws InvalidDefinitionException {
        Parser parser = new Parser();
        Machine machine = parser.machine(json, "", true);
        if (!parser.problems.isEmpty()) {
            throw new InvalidDefinitionException(parser.problems);
        }
        return new StateMachineDefinition(machine, json);
    }

    public Machine machine() {
        return machine;
    }

    /** The definition as JSON. */
    public JsonNode json() {
        return json;
    }

    /** The state machine's TimeoutSeconds, or null. */
    public Integer timeoutSeconds() {
        return machine.timeoutSeconds();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final class Parser {
        final List<String> problems = new ArrayList<>();

        private void problem(String state, String where, String message) {
            problems.add((state == null ? "" : "State \"" + state + "\": ") + message + where);
        }

        Machine machine(JsonNode node, String where, boolean root) {
            String what = root ? "the state machine" : "the nested state machine";
            if (node == null || !node.isObject()) {
                problem(null, where, what + " must be a JSON object with StartAt and States");
                return null;
            }
            Set<String> allowed = root ? Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage")
                    : Set.of("StartAt", "States", "Comment", "ProcessorConfig");
            node.fieldNames().forEachRemaining(f -> {
                if (!allowed.contains(f)) {
                    problem(null, where, what + " has an unknown field \"" + f + "\"");
                }
            });
            JsonNode ql = node.get("QueryLanguage");
            if (ql != null && !"JSONPath".equals(ql.asText())) {
                problem(null, where, "QueryLanguage " + ql + " is not supported (only JSONPath)");
            }
            Integer timeout = null;
            if (root && node.has("TimeoutSeconds")) {
                timeout = positiveInt(node.get("TimeoutSeconds"));
                if (timeout == null) {
                    problem(null, where, "TimeoutSeconds must be a positive integer");
                }
            }
            JsonNode startAt = node.get("StartAt");
            JsonNode states = node.get("States");
            if (startAt == null || !startAt.isTextual()) {
                problem(null, where, what + " has no StartAt (a string naming the first state)");
            }
            if (states == null || !states.isObject() || states.isEmpty()) {
                problem(null, where, what + " has no States (a non-empty object)");
                return null;
            }
            Set<String> names = new HashSet<>();
            states.fieldNames().forEachRemaining(names::add);
            Map<String, State> parsed = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = states.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                State s = state(e.getKey(), e.getValue(), names, where);
                if (s != null) {
                    parsed.put(e.getKey(), s);
                }
            }
            if (startAt != null && startAt.isTextual() && !names.contains(startAt.textValue())) {
                problem(null, where, "StartAt \"" + startAt.textValue() + "\" names no state");
                return null;
            }
            if (startAt == null || !startAt.isTextual() || parsed.size() != names.size()) {
                return null;
            }
            // Reachability and termination.
            Set<String> reached = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(startAt.textValue()));
            boolean terminal = false;
            while (!todo.isEmpty()) {
                String n = todo.pop();
                if (!reached.add(n)) {
                    continue;
                }
                State s = parsed.get(n);
                List<String> targets = new ArrayList<>();
                if (s.next != null) {
                    targets.add(s.next);
                } else if (!(s instanceof State.Choice)) {
                    terminal = true;
                }
                if (s instanceof State.Choice c) {
                    c.choices.forEach(r -> targets.add(r.next));
                    if (c.defaultNext != null) {
                        targets.add(c.defaultNext);
                    }
                }
                if (s instanceof State.ResultState r) {
                    r.catchers.forEach(c -> targets.add(c.next()));
                }
                for (String t : targets) {
                    if (parsed.containsKey(t)) {
                        todo.push(t);
                    }
                }
            }
            for (String n : names) {
                if (!reached.contains(n)) {
                    problem(n, where, "is unreachable from StartAt \"" + startAt.textValue() + "\"");
                }
            }
            if (!terminal) {
                problem(null, where, what + " has no terminal state (End: true, Succeed or Fail) reachable from StartAt");
            }
            return new Machine(startAt.textValue(), Map.copyOf(parsed), timeout);
        }

        State state(String name, JsonNode node, Set<String> names, String where) {
            int before = problems.size();
            if (name.length() > MAX_STATE_NAME) {
                problem(name, where, "the name is longer than " + MAX_STATE_NAME + " characters");
            }
            if (!node.isObject()) {
                problem(name, where, "must be a JSON object");
                return null;
            }
            JsonNode typeNode = node.get("Type");
            if (typeNode == null || !typeNode.isTextual()) {
                problem(name, where, "has no Type");
                return null;
            }
            String type = typeNode.textValue();
            if (!TYPES.contains(type)) {
                problem(name, where, "unknown state type \"" + type + "\" (expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)");
                return null;
            }
            Set<String> allowed = FIELDS.get(type);
            node.fieldNames().forEachRemaining(f -> {
                if (NOT_SUPPORTED.contains(f)) {
                    problem(name, where, "field \"" + f + "\" is not supported by this engine (JSONPath states only, inline Map)");
                } else if (!allowed.contains(f) && !COMMON.contains(f)) {
                    String hint = ("Next".equals(f) || "End".equals(f)) && "Choice".equals(type) ? " (a Choice state moves on with Choices and Default)"
                            : ("Next".equals(f) || "End".equals(f)) ? " (a " + type + " state ends its machine)" : "";
                    problem(name, where, "field \"" + f + "\" is not valid in a " + type + " state" + hint);
                }
            });
            JsonNode ql = node.get("QueryLanguage");
            if (ql != null && !"JSONPath".equals(ql.asText())) {
                problem(name, where, "QueryLanguage " + ql + " is not supported (only JSONPath)");
            }
            String next = null;
            boolean flow = Set.of("Pass", "Task", "Wait", "Parallel", "Map").contains(type);
            JsonNode nextNode = node.get("Next");
            JsonNode endNode = node.get("End");
            if (flow) {
                boolean end = endNode != null && endNode.isBoolean() && endNode.booleanValue();
                if (endNode != null && !end) {
                    problem(name, where, "End must be true when present");
                }
                if (nextNode != null && end) {
                    problem(name, where, "has both Next and End");
                } else if (nextNode == null && !end) {
                    problem(name, where, "missing Next (a " + type + " state needs Next or End: true)");
                } else if (nextNode != null) {
                    next = target(name, where, "Next", nextNode, names);
                }
            }
            String inputPath = "Fail".equals(type) ? "$" : path(name, where, node, "InputPath");
            String outputPath = "Fail".equals(type) ? "$" : path(name, where, node, "OutputPath");
            State result = switch (type) {
                case "Pass" -> new State.Pass(name, next, inputPath, outputPath, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                        node.get("Result"), template(name, where, node, "Parameters"));
                case "Task" -> task(name, node, names, where, next, inputPath, outputPath);
                case "Choice" -> choice(name, node, names, where, inputPath, outputPath);
                case "Wait" -> waitState(name, node, where, next, inputPath, outputPath);
                case "Succeed" -> new State.Succeed(name, inputPath, outputPath);
                case "Fail" -> fail(name, node, where);
                case "Parallel" -> parallel(name, node, names, where, next, inputPath, outputPath);
                case "Map" -> map(name, node, names, where, next, inputPath, outputPath);
                default -> null;
            };
            return problems.size() == before ? result : null;
        }

        private String target(String state, String where, String field, JsonNode node, Set<String> names) {
            if (!node.isTextual()) {
                problem(state, where, field + " must be a string naming a state");
                return null;
            }
            if (!names.contains(node.textValue())) {
                problem(state, where, field + " \"" + node.textValue() + "\" names no state");
            }
            return node.textValue();
        }

        private String path(String state, String where, JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                return "$";
            }
            if (v.isNull()) {
                return State.NULL_PATH;
            }
            if (!v.isTextual()) {
                problem(state, where, field + " must be a path string or null");
                return "$";
            }
            try {
                Paths.check(v.textValue());
            } catch (IllegalArgumentException e) {
                problem(state, where, field + ": " + e.getMessage());
            }
            return v.textValue();
        }

        private String optionalPath(String state, String where, JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                problem(state, where, field + " must be a path string");
                return null;
            }
            try {
                Paths.check(v.textValue());
            } catch (IllegalArgumentException e) {
                problem(state, where, field + ": " + e.getMessage());
            }
            return v.textValue();
        }

        /** ResultPath: absent means $, null means discard (returns null); otherwise a reference path. */
        private Paths.ReferencePath resultPath(String state, String where, JsonNode v, String field) {
            if (v == null) {
                return Paths.reference("$");
            }
            if (v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                problem(state, where, field + " must be a reference path string or null");
                return null;
            }
            try {
                return Paths.reference(v.textValue());
            } catch (IllegalArgumentException e) {
                problem(state, where, field + ": " + e.getMessage());
                return null;
            }
        }

        private PayloadTemplate template(String state, String where, JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                return null;
            }
            if ("ResultSelector".equals(field) && !v.isObject()) {
                problem(state, where, field + " must be a JSON object");
                return null;
            }
            try {
                return PayloadTemplate.compile(v);
            } catch (IllegalArgumentException e) {
                problem(state, where, field + ": " + e.getMessage());
                return null;
            }
        }

        private static Integer positiveInt(JsonNode v) {
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() <= 0) {
                return null;
            }
            return v.intValue();
        }

        private Integer intField(String state, String where, JsonNode node, String field, int min) {
            JsonNode v = node.get(field);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
                problem(state, where, field + " must be an integer >= " + min + ", got " + v);
                return null;
            }
            return v.intValue();
        }

        private State task(String name, JsonNode node, Set<String> names, String where, String next, String inputPath, String outputPath) {
            JsonNode resource = node.get("Resource");
            if (resource == null || !resource.isTextual()) {
                problem(name, where, "has no Resource (a Task needs an ARN)");
            } else if (!resource.textValue().startsWith("arn:") || resource.textValue().split(":", -1).length < 6) {
                problem(name, where, "Resource \"" + resource.textValue() + "\" is not an ARN");
            }
            if (resource != null && resource.isTextual() && resource.textValue().startsWith("arn:aws:states:::lambda:invoke")) {
                JsonNode params = node.get("Parameters");
                if (params == null || !params.isObject() || !(params.has("FunctionName") || params.has("FunctionName.$"))) {
                    problem(name, where, "Parameters must name the function (FunctionName) for " + resource.textValue());
                }
            }
            Integer timeout = intField(name, where, node, "TimeoutSeconds", 1);
            Integer heartbeat = intField(name, where, node, "HeartbeatSeconds", 1);
            String timeoutPath = optionalPath(name, where, node, "TimeoutSecondsPath");
            String heartbeatPath = optionalPath(name, where, node, "HeartbeatSecondsPath");
            if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
                problem(name, where, "has both TimeoutSeconds and TimeoutSecondsPath");
            }
            if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
                problem(name, where, "has both HeartbeatSeconds and HeartbeatSecondsPath");
            }
            if (timeout != null && heartbeat != null && heartbeat >= timeout) {
                problem(name, where, "HeartbeatSeconds (" + heartbeat + ") must be smaller than TimeoutSeconds (" + timeout + ")");
            }
            return new State.Task(name, next, inputPath, outputPath, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                    template(name, where, node, "ResultSelector"), retriers(name, where, node), catchers(name, where, node, names),
                    resource == null ? "" : resource.asText(), template(name, where, node, "Parameters"),
                    timeout, timeoutPath, heartbeat, heartbeatPath);
        }

        private State choice(String name, JsonNode node, Set<String> names, String where, String inputPath, String outputPath) {
            JsonNode choices = node.get("Choices");
            List<ChoiceRule> rules = new ArrayList<>();
            if (choices == null || !choices.isArray() || choices.isEmpty()) {
                problem(name, where, "Choices must be a non-empty array of rules");
            } else {
                for (int i = 0; i < choices.size(); i++) {
                    try {
                        ChoiceRule rule = ChoiceRule.parse(choices.get(i), true, "Choices[" + i + "]");
                        target(name, where, "Choices[" + i + "].Next", choices.get(i).get("Next"), names);
                        rules.add(rule);
                    } catch (IllegalArgumentException e) {
                        problem(name, where, e.getMessage());
                    }
                }
            }
            String defaultNext = null;
            if (node.has("Default")) {
                defaultNext = target(name, where, "Default", node.get("Default"), names);
            }
            return new State.Choice(name, inputPath, outputPath, rules, defaultNext);
        }

        private State waitState(String name, JsonNode node, String where, String next, String inputPath, String outputPath) {
            int count = 0;
            for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
                count += node.has(f) ? 1 : 0;
            }
            if (count != 1) {
                problem(name, where, "a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath (found " + count + ")");
            }
            Long seconds = null;
            if (node.has("Seconds")) {
                JsonNode v = node.get("Seconds");
                if (!v.isIntegralNumber() || v.longValue() < 0) {
                    problem(name, where, "Seconds must be a non-negative integer, got " + v);
                } else {
                    seconds = v.longValue();
                }
            }
            String timestamp = null;
            if (node.has("Timestamp")) {
                JsonNode v = node.get("Timestamp");
                if (!v.isTextual() || ChoiceRule.timestamp(v.textValue()) == null) {
                    problem(name, where, "Timestamp must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z, got " + v);
                } else {
                    timestamp = v.textValue();
                }
            }
            return new State.Wait(name, next, inputPath, outputPath, seconds, optionalPath(name, where, node, "SecondsPath"),
                    timestamp, optionalPath(name, where, node, "TimestampPath"));
        }

        private State fail(String name, JsonNode node, String where) {
            if (node.has("Error") && node.has("ErrorPath")) {
                problem(name, where, "has both Error and ErrorPath");
            }
            if (node.has("Cause") && node.has("CausePath")) {
                problem(name, where, "has both Cause and CausePath");
            }
            for (String f : List.of("Error", "Cause")) {
                if (node.has(f) && !node.get(f).isTextual()) {
                    problem(name, where, f + " must be a string");
                }
            }
            String errorPath = dynamicPath(name, where, node, "ErrorPath");
            String causePath = dynamicPath(name, where, node, "CausePath");
            return new State.Fail(name, text(node.get("Error")), errorPath, text(node.get("Cause")), causePath);
        }

        /** ErrorPath/CausePath: a path or an intrinsic function. */
        private String dynamicPath(String state, String where, JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                problem(state, where, field + " must be a path or an intrinsic function string");
                return null;
            }
            try {
                if (Intrinsics.looksLikeCall(v.textValue())) {
                    Intrinsics.parse(v.textValue());
                } else {
                    Paths.check(v.textValue());
                }
            } catch (IllegalArgumentException e) {
                problem(state, where, field + ": " + e.getMessage());
            }
            return v.textValue();
        }

        private static String text(JsonNode v) {
            return v == null || !v.isTextual() ? null : v.textValue();
        }

        private State parallel(String name, JsonNode node, Set<String> names, String where, String next, String inputPath, String outputPath) {
            JsonNode branches = node.get("Branches");
            List<Machine> machines = new ArrayList<>();
            if (branches == null || !branches.isArray() || branches.isEmpty()) {
                problem(name, where, "Branches must be a non-empty array of state machines");
            } else {
                for (int i = 0; i < branches.size(); i++) {
                    Machine m = machine(branches.get(i), " (in branch " + i + " of Parallel \"" + name + "\")" + where, false);
                    if (m != null) {
                        machines.add(m);
                    }
                }
            }
            return new State.Parallel(name, next, inputPath, outputPath, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                    template(name, where, node, "ResultSelector"), retriers(name, where, node), catchers(name, where, node, names),
                    machines, template(name, where, node, "Parameters"));
        }

        private State map(String name, JsonNode node, Set<String> names, String where, String next, String inputPath, String outputPath) {
            if (node.has("ItemProcessor") == node.has("Iterator")) {
                problem(name, where, "a Map state needs exactly one of ItemProcessor and Iterator");
            }
            if (node.has("ItemSelector") && node.has("Parameters")) {
                problem(name, where, "has both ItemSelector and Parameters");
            }
            if (node.has("MaxConcurrency") && node.has("MaxConcurrencyPath")) {
                problem(name, where, "has both MaxConcurrency and MaxConcurrencyPath");
            }
            JsonNode processorNode = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
            Machine processor = null;
            if (processorNode != null) {
                JsonNode config = processorNode.get("ProcessorConfig");
                if (config != null) {
                    JsonNode mode = config.get("Mode");
                    if (mode != null && !"INLINE".equals(mode.asText()) && !"DISTRIBUTED".equals(mode.asText())) {
                        problem(name, where, "ProcessorConfig.Mode must be INLINE or DISTRIBUTED");
                    }
                }
                processor = machine(processorNode, " (in the ItemProcessor of Map \"" + name + "\")" + where, false);
            }
            Integer maxConcurrency = intField(name, where, node, "MaxConcurrency", 0);
            PayloadTemplate selector = template(name, where, node, node.has("ItemSelector") ? "ItemSelector" : "Parameters");
            return new State.MapState(name, next, inputPath, outputPath, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                    template(name, where, node, "ResultSelector"), retriers(name, where, node), catchers(name, where, node, names),
                    optionalPath(name, where, node, "ItemsPath"), selector, processor,
                    maxConcurrency == null ? 0 : maxConcurrency, optionalPath(name, where, node, "MaxConcurrencyPath"));
        }

        private List<String> errorEquals(String state, String where, String what, JsonNode node, boolean last) {
            JsonNode v = node.get("ErrorEquals");
            List<String> names = new ArrayList<>();
            if (v == null || !v.isArray() || v.isEmpty()) {
                problem(state, where, what + " needs ErrorEquals, a non-empty array of error names");
                return names;
            }
            for (JsonNode n : v) {
                if (!n.isTextual()) {
                    problem(state, where, what + ".ErrorEquals must contain strings only");
                } else {
                    names.add(n.textValue());
                }
            }
            if (names.contains(ErrorNames.ALL) && (names.size() > 1 || !last)) {
                problem(state, where, what + ": States.ALL must appear alone and in the last " + (what.startsWith("Retry") ? "retrier" : "catcher"));
            }
            return names;
        }

        private List<State.Retrier> retriers(String state, String where, JsonNode node) {
            JsonNode retry = node.get("Retry");
            List<State.Retrier> out = new ArrayList<>();
            if (retry == null) {
                return out;
            }
            if (!retry.isArray()) {
                problem(state, where, "Retry must be an array of retriers");
                return out;
            }
            Set<String> allowed = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
            for (int i = 0; i < retry.size(); i++) {
                JsonNode r = retry.get(i);
                String what = "Retry[" + i + "]";
                if (!r.isObject()) {
                    problem(state, where, what + " must be an object");
                    continue;
                }
                r.fieldNames().forEachRemaining(f -> {
                    if (!allowed.contains(f)) {
                        problem(state, where, what + " has an unknown field \"" + f + "\"");
                    }
                });
                List<String> errors = errorEquals(state, where, what, r, i == retry.size() - 1);
                Integer interval = intField(state, where, r, "IntervalSeconds", 1);
                Integer max = intField(state, where, r, "MaxAttempts", 0);
                Integer maxDelay = intField(state, where, r, "MaxDelaySeconds", 1);
                double backoff = 2.0;
                if (r.has("BackoffRate")) {
                    JsonNode b = r.get("BackoffRate");
                    if (!b.isNumber() || b.doubleValue() < 1.0) {
                        problem(state, where, what + ".BackoffRate must be a number >= 1.0, got " + b);
                    } else {
                        backoff = b.doubleValue();
                    }
                }
                boolean full = false;
                if (r.has("JitterStrategy")) {
                    String j = r.get("JitterStrategy").asText();
                    if (!j.equals("FULL") && !j.equals("NONE")) {
                        problem(state, where, what + ".JitterStrategy must be FULL or NONE, got " + r.get("JitterStrategy"));
                    }
                    full = j.equals("FULL");
                }
                out.add(new State.Retrier(List.copyOf(errors), interval == null ? 1 : interval, max == null ? 3 : max, backoff, maxDelay, full));
            }
            return out;
        }

        private List<State.Catcher> catchers(String state, String where, JsonNode node, Set<String> names) {
            JsonNode c = node.get("Catch");
            List<State.Catcher> out = new ArrayList<>();
            if (c == null) {
                return out;
            }
            if (!c.isArray()) {
                problem(state, where, "Catch must be an array of catchers");
                return out;
            }
            Set<String> allowed = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");
            for (int i = 0; i < c.size(); i++) {
                JsonNode r = c.get(i);
                String what = "Catch[" + i + "]";
                if (!r.isObject()) {
                    problem(state, where, what + " must be an object");
                    continue;
                }
                r.fieldNames().forEachRemaining(f -> {
                    if (!allowed.contains(f)) {
                        problem(state, where, what + " has an unknown field \"" + f + "\"");
                    }
                });
                List<String> errors = errorEquals(state, where, what, r, i == c.size() - 1);
                String next = null;
                if (!r.has("Next")) {
                    problem(state, where, what + " has no Next");
                } else {
                    next = target(state, where, what + ".Next", r.get("Next"), names);
                }
                out.add(new State.Catcher(List.copyOf(errors), next, resultPath(state, where, r.get("ResultPath"), what + ".ResultPath")));
            }
            return out;
        }
    }
}
