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
    private static final Set<String> NOT_SUPPORTED = Set.of("ItemReader", "ItemBatcher", "ResultWriter");
    private static final Set<String> FLOW = Set.of("Next", "End", "InputPath", "OutputPath", "Output", "Assign");
    private static final Set<String> RESULT = Set.of("Parameters", "Arguments", "ResultSelector", "ResultPath", "Retry", "Catch");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", union(FLOW, Set.of("Parameters", "ResultPath", "Result")),
            "Task", union(FLOW, RESULT, Set.of("Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Credentials")),
            "Choice", Set.of("Choices", "Default", "InputPath", "OutputPath", "Output", "Assign"),
            "Wait", union(FLOW, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
            "Succeed", Set.of("InputPath", "OutputPath", "Output"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", union(FLOW, RESULT, Set.of("Branches")),
            "Map", union(FLOW, RESULT, Set.of("ItemsPath", "Items", "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency",
                    "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "Label")));

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> x : sets) {
            all.addAll(x);
        }
        return Set.copyOf(all);
    }

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
        Machine machine = parser.machine(json, "", true, QueryLanguage.JSONPATH);
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

        Machine machine(JsonNode node, String where, boolean root, QueryLanguage top) {
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
            if (root && ql != null) {
                QueryLanguage language = ql.isTextual() ? QueryLanguage.named(ql.textValue()) : null;
                if (language == null) {
                    problem(null, where, "QueryLanguage must be JSONPath or JSONata, got " + ql);
                } else {
                    top = language;
                }
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
                State s = state(e.getKey(), e.getValue(), names, where, top);
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
                } else if (!(s instanceof ChoiceState)) {
                    terminal = true;
                }
                if (s instanceof ChoiceState c) {
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

        State state(String name, JsonNode node, Set<String> names, String where, QueryLanguage top) {
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
            QueryLanguage language = top;
            JsonNode ql = node.get("QueryLanguage");
            if (ql != null) {
                QueryLanguage own = ql.isTextual() ? QueryLanguage.named(ql.textValue()) : null;
                if (own == null) {
                    problem(name, where, "QueryLanguage must be JSONPath or JSONata, got " + ql);
                } else if (own == QueryLanguage.JSONPATH && top == QueryLanguage.JSONATA) {
                    problem(name, where, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
                } else {
                    language = own;
                }
            }
            QueryLanguage lang = language;
            Set<String> allowed = FIELDS.get(type);
            node.fieldNames().forEachRemaining(f -> {
                if (NOT_SUPPORTED.contains(f)) {
                    problem(name, where, "field \"" + f + "\" is not supported by this engine (Distributed Map readers, batchers and writers need S3)");
                } else if (!allowed.contains(f) && !COMMON.contains(f)) {
                    String hint = ("Next".equals(f) || "End".equals(f)) && "Choice".equals(type) ? " (a Choice state moves on with Choices and Default)"
                            : ("Next".equals(f) || "End".equals(f)) ? " (a " + type + " state ends its machine)" : "";
                    problem(name, where, "field \"" + f + "\" is not valid in a " + type + " state" + hint);
                } else if (lang.foreignField(f) != null) {
                    problem(name, where, lang.foreignField(f));
                }
            });
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
            State.Common c = new State.Common(name, next, lang, inputPath, outputPath,
                    lang == QueryLanguage.JSONATA ? template(name, where, node, "Output", lang) : null,
                    template(name, where, node, "Assign", lang));
            if (node.has("Assign") && !node.get("Assign").isObject()) {
                problem(name, where, "Assign must be a JSON object of variable names and values");
            }
            State result = switch (type) {
                case "Pass" -> new PassState(c, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                        node.get("Result"), template(name, where, node, "Parameters", lang));
                case "Task" -> task(c, node, names, where, top);
                case "Choice" -> choice(c, node, names, where);
                case "Wait" -> waitState(c, node, where);
                case "Succeed" -> new SucceedState(c);
                case "Fail" -> fail(c, node, where);
                case "Parallel" -> parallel(c, node, names, where, top);
                case "Map" -> map(c, node, names, where, top);
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

        /** Compiles a payload-like field with the state's query language; null when absent. */
        private Template template(String state, String where, JsonNode node, String field, QueryLanguage lang) {
            JsonNode v = node.get(field);
            if (v == null) {
                return null;
            }
            if ("ResultSelector".equals(field) && !v.isObject()) {
                problem(state, where, field + " must be a JSON object");
                return null;
            }
            try {
                return lang.template(v, field);
            } catch (IllegalArgumentException e) {
                problem(state, where, field + ": " + e.getMessage());
                return null;
            }
        }

        /**
         * An integer field that JSONPath gives as a literal or a {@code ...Path}, JSONata as a literal or an expression;
         * null when absent.
         */
        private State.IntField intValue(String state, String where, JsonNode node, String field, QueryLanguage lang, int min, Integer max) {
            JsonNode v = node.get(field);
            String pathField = field + "Path";
            if (v != null && node.has(pathField)) {
                problem(state, where, "There should only be one of the following fields: [" + field + ", " + pathField + "]");
                return null;
            }
            if (v == null) {
                String path = optionalPath(state, where, node, pathField);
                return path == null ? null : new State.IntField(pathField, Template.path(path, pathField), true, path);
            }
            if (lang == QueryLanguage.JSONATA && v.isTextual() && JsonataExpressions.expressionOf(v.textValue()) != null) {
                try {
                    JsonataTemplate t = JsonataTemplate.compile(v, field);
                    return new State.IntField(field, t, false, t.expressionText());
                } catch (IllegalArgumentException e) {
                    problem(state, where, field + ": " + e.getMessage());
                    return null;
                }
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || max != null && v.intValue() > max) {
                problem(state, where, field + " must be an integer >= " + min + (max == null ? "" : " and <= " + max) + ", got " + v);
                return null;
            }
            return new State.IntField(field, Template.constant(v), false, v.toString());
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

        private State task(State.Common c, JsonNode node, Set<String> names, String where, QueryLanguage top) {
            String name = c.name();
            QueryLanguage lang = c.language();
            JsonNode resource = node.get("Resource");
            if (resource == null || !resource.isTextual()) {
                problem(name, where, "has no Resource (a Task needs an ARN)");
            } else if (!resource.textValue().startsWith("arn:") || resource.textValue().split(":", -1).length < 6) {
                problem(name, where, "Resource \"" + resource.textValue() + "\" is not an ARN");
            }
            String argumentsField = lang == QueryLanguage.JSONATA ? "Arguments" : "Parameters";
            if (resource != null && resource.isTextual() && resource.textValue().startsWith("arn:aws:states:::lambda:invoke")) {
                JsonNode params = node.get(argumentsField);
                boolean named = params != null && (params.isObject() && (params.has("FunctionName") || params.has("FunctionName.$"))
                        || lang == QueryLanguage.JSONATA && params.isTextual() && JsonataExpressions.expressionOf(params.textValue()) != null);
                if (!named) {
                    problem(name, where, argumentsField + " must name the function (FunctionName) for " + resource.textValue());
                }
            }
            State.IntField timeout = intValue(name, where, node, "TimeoutSeconds", lang, 1, null);
            State.IntField heartbeat = intValue(name, where, node, "HeartbeatSeconds", lang, 1, null);
            if (timeout != null && heartbeat != null && !timeout.path() && !heartbeat.path() && node.get("TimeoutSeconds").isInt()
                    && node.get("HeartbeatSeconds").isInt() && node.get("HeartbeatSeconds").intValue() >= node.get("TimeoutSeconds").intValue()) {
                problem(name, where, "HeartbeatSeconds (" + node.get("HeartbeatSeconds") + ") must be smaller than TimeoutSeconds ("
                        + node.get("TimeoutSeconds") + ")");
            }
            return new TaskState(c, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                    template(name, where, node, "ResultSelector", lang), retriers(name, where, node), catchers(c, where, node, names),
                    resource == null ? "" : resource.asText(), template(name, where, node, argumentsField, lang), timeout, heartbeat);
        }

        private State choice(State.Common c, JsonNode node, Set<String> names, String where) {
            String name = c.name();
            QueryLanguage lang = c.language();
            JsonNode choices = node.get("Choices");
            List<ChoiceRule> rules = new ArrayList<>();
            if (choices == null || !choices.isArray() || choices.isEmpty()) {
                problem(name, where, "Choices must be a non-empty array of rules");
            } else {
                for (int i = 0; i < choices.size(); i++) {
                    JsonNode ruleNode = choices.get(i);
                    String what = "Choices[" + i + "]";
                    try {
                        ChoiceRule rule = lang == QueryLanguage.JSONATA ? conditionRule(ruleNode, what) : ChoiceRule.parse(ruleNode, true, what);
                        target(name, where, what + ".Next", ruleNode.get("Next"), names);
                        rule.assign = template(name, where, ruleNode, "Assign", lang);
                        if (lang == QueryLanguage.JSONATA) {
                            rule.output = template(name, where, ruleNode, "Output", lang);
                        }
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
            return new ChoiceState(c, rules, defaultNext);
        }

        /** A JSONata Choice rule: Condition (a boolean or an expression), Next, optional Assign and Output. */
        private ChoiceRule conditionRule(JsonNode rule, String what) {
            if (!rule.isObject()) {
                throw new IllegalArgumentException(what + " must be an object");
            }
            rule.fieldNames().forEachRemaining(f -> {
                if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains(f)) {
                    String foreign = QueryLanguage.JSONATA.foreignField(f);
                    throw new IllegalArgumentException(what + ": " + (foreign != null ? foreign
                            : "field '" + f + "' is not valid in a JSONata Choice rule (Condition, Next, Assign, Output)"));
                }
            });
            JsonNode next = rule.get("Next");
            if (next == null || !next.isTextual()) {
                throw new IllegalArgumentException(what + " has no Next (a string naming a state)");
            }
            JsonNode condition = rule.get("Condition");
            if (condition == null) {
                throw new IllegalArgumentException(what + " has no Condition (a JSONata Choice rule needs one)");
            }
            if (condition.isBoolean()) {
                return ChoiceRule.condition(next.textValue(), Template.constant(condition), condition.toString());
            }
            String expression = condition.isTextual() ? JsonataExpressions.expressionOf(condition.textValue()) : null;
            if (expression == null) {
                throw new IllegalArgumentException(what + ".Condition must be true, false or a {% JSONata expression %}, got " + condition);
            }
            return ChoiceRule.condition(next.textValue(), JsonataTemplate.compile(condition, "Condition"), expression);
        }

        private State waitState(State.Common c, JsonNode node, String where) {
            String name = c.name();
            int count = 0;
            for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
                count += node.has(f) ? 1 : 0;
            }
            if (count != 1) {
                problem(name, where, "a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath (found " + count + ")");
                return null;
            }
            boolean jsonata = c.language() == QueryLanguage.JSONATA;
            if (node.has("Seconds")) {
                JsonNode v = node.get("Seconds");
                String expression = jsonata && v.isTextual() ? JsonataExpressions.expressionOf(v.textValue()) : null;
                if (expression != null) {
                    Template t = jsonataField(name, where, v, "Seconds");
                    return new WaitState(c, t, null, WaitState.Source.EXPRESSION, expression);
                }
                if (!v.isIntegralNumber() || v.decimalValue().signum() < 0 || v.decimalValue().compareTo(java.math.BigDecimal.valueOf(WaitState.MAX_SECONDS)) > 0) {
                    problem(name, where, "Seconds must be an integer between 0 and " + WaitState.MAX_SECONDS + ", got " + Strings.abbreviate(v.toString()));
                    return null;
                }
                return new WaitState(c, Template.constant(v), null, WaitState.Source.CONSTANT, v.toString());
            }
            if (node.has("Timestamp")) {
                JsonNode v = node.get("Timestamp");
                String expression = jsonata && v.isTextual() ? JsonataExpressions.expressionOf(v.textValue()) : null;
                if (expression != null) {
                    return new WaitState(c, null, jsonataField(name, where, v, "Timestamp"), WaitState.Source.EXPRESSION, expression);
                }
                if (!v.isTextual() || ChoiceRule.timestamp(v.textValue()) == null) {
                    problem(name, where, "Timestamp must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z, got " + v);
                    return null;
                }
                return new WaitState(c, null, Template.constant(v), WaitState.Source.CONSTANT, v.textValue());
            }
            if (node.has("SecondsPath")) {
                String path = optionalPath(name, where, node, "SecondsPath");
                return path == null ? null : new WaitState(c, Template.path(path, "SecondsPath"), null, WaitState.Source.PATH, path);
            }
            String path = optionalPath(name, where, node, "TimestampPath");
            return path == null ? null : new WaitState(c, null, Template.path(path, "TimestampPath"), WaitState.Source.PATH, path);
        }

        private Template jsonataField(String name, String where, JsonNode v, String field) {
            try {
                return JsonataTemplate.compile(v, field);
            } catch (IllegalArgumentException e) {
                problem(name, where, field + ": " + e.getMessage());
                return null;
            }
        }

        private State fail(State.Common c, JsonNode node, String where) {
            String name = c.name();
            if (node.has("Error") && node.has("ErrorPath")) {
                problem(name, where, "There should only be one of the following fields: [Error, ErrorPath]");
            }
            if (node.has("Cause") && node.has("CausePath")) {
                problem(name, where, "There should only be one of the following fields: [Cause, CausePath]");
            }
            for (String f : List.of("Error", "Cause")) {
                if (node.has(f) && !node.get(f).isTextual()) {
                    problem(name, where, f + " must be a string");
                }
            }
            boolean jsonata = c.language() == QueryLanguage.JSONATA;
            Template error = node.has("ErrorPath") ? dynamicPath(name, where, node, "ErrorPath")
                    : node.has("Error") && node.get("Error").isTextual() ? (jsonata ? jsonataField(name, where, node.get("Error"), "Error")
                    : Template.constant(node.get("Error"))) : null;
            Template cause = node.has("CausePath") ? dynamicPath(name, where, node, "CausePath")
                    : node.has("Cause") && node.get("Cause").isTextual() ? (jsonata ? jsonataField(name, where, node.get("Cause"), "Cause")
                    : Template.constant(node.get("Cause"))) : null;
            return new FailState(c, error, node.has("ErrorPath") ? "ErrorPath" : "Error", cause, node.has("CausePath") ? "CausePath" : "Cause");
        }

        /** ErrorPath/CausePath: a path or an intrinsic function. */
        private Template dynamicPath(String state, String where, JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (!v.isTextual()) {
                problem(state, where, field + " must be a path or an intrinsic function string");
                return null;
            }
            String text = v.textValue();
            try {
                if (Intrinsics.looksLikeCall(text)) {
                    Intrinsics.Call call = Intrinsics.parse(text);
                    return (data, env) -> Intrinsics.evaluate(call, data, env);
                }
                Paths.check(text);
                return Template.path(text, field);
            } catch (IllegalArgumentException e) {
                problem(state, where, field + ": " + e.getMessage());
                return null;
            }
        }

        private State parallel(State.Common c, JsonNode node, Set<String> names, String where, QueryLanguage top) {
            String name = c.name();
            QueryLanguage lang = c.language();
            JsonNode branches = node.get("Branches");
            List<Machine> machines = new ArrayList<>();
            if (branches == null || !branches.isArray() || branches.isEmpty()) {
                problem(name, where, "Branches must be a non-empty array of state machines");
            } else {
                for (int i = 0; i < branches.size(); i++) {
                    Machine m = machine(branches.get(i), " (in branch " + i + " of Parallel \"" + name + "\")" + where, false, top);
                    if (m != null) {
                        machines.add(m);
                    }
                }
            }
            return new ParallelState(c, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                    template(name, where, node, "ResultSelector", lang), retriers(name, where, node), catchers(c, where, node, names),
                    machines, template(name, where, node, lang == QueryLanguage.JSONATA ? "Arguments" : "Parameters", lang));
        }

        private State map(State.Common c, JsonNode node, Set<String> names, String where, QueryLanguage top) {
            String name = c.name();
            QueryLanguage lang = c.language();
            if (node.has("ItemProcessor") == node.has("Iterator")) {
                problem(name, where, "a Map state needs exactly one of ItemProcessor and Iterator");
            }
            if (node.has("ItemSelector") && node.has("Parameters")) {
                problem(name, where, "has both ItemSelector and Parameters");
            }
            JsonNode processorNode = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
            boolean distributed = processorNode != null && "DISTRIBUTED".equals(processorNode.path("ProcessorConfig").path("Mode").asText());
            Machine processor = null;
            if (processorNode != null) {
                JsonNode config = processorNode.get("ProcessorConfig");
                if (config != null) {
                    JsonNode mode = config.get("Mode");
                    if (mode != null && !"INLINE".equals(mode.asText()) && !"DISTRIBUTED".equals(mode.asText())) {
                        problem(name, where, "ProcessorConfig.Mode must be INLINE or DISTRIBUTED");
                    }
                }
                processor = machine(processorNode, " (in the ItemProcessor of Map \"" + name + "\")" + where, false, top);
            }
            Template items = null;
            String itemsText = null;
            boolean itemsIsExpression = false;
            if (node.has("Items")) {
                JsonNode v = node.get("Items");
                itemsText = v.isTextual() ? JsonataExpressions.expressionOf(v.textValue()) : null;
                itemsIsExpression = itemsText != null;
                if (!v.isArray() && !itemsIsExpression) {
                    problem(name, where, "Items must be a JSON array or a {% JSONata expression %}, got " + Strings.abbreviate(v.toString()));
                }
                items = template(name, where, node, "Items", lang);
            } else if (node.has("ItemsPath")) {
                itemsText = optionalPath(name, where, node, "ItemsPath");
                items = itemsText == null ? null : Template.path(itemsText, "ItemsPath");
            }
            JsonNode label = node.get("Label");
            if (label != null && (!label.isTextual() || label.textValue().length() > 40)) {
                problem(name, where, "Label must be a string of at most 40 characters");
            }
            State.IntField tolerated = intValue(name, where, node, "ToleratedFailureCount", lang, 0, null);
            Template toleratedPercent = null;
            JsonNode percent = node.get("ToleratedFailurePercentage");
            if (percent != null && node.has("ToleratedFailurePercentagePath")) {
                problem(name, where, "There should only be one of the following fields: [ToleratedFailurePercentage, ToleratedFailurePercentagePath]");
            } else if (percent != null) {
                if (lang == QueryLanguage.JSONATA && percent.isTextual() && JsonataExpressions.expressionOf(percent.textValue()) != null) {
                    toleratedPercent = jsonataField(name, where, percent, "ToleratedFailurePercentage");
                } else if (!percent.isNumber() || percent.doubleValue() < 0 || percent.doubleValue() > 100) {
                    problem(name, where, "ToleratedFailurePercentage must be a number between 0.0 and 100.0, got " + percent);
                } else {
                    toleratedPercent = Template.constant(percent);
                }
            } else if (node.has("ToleratedFailurePercentagePath")) {
                String path = optionalPath(name, where, node, "ToleratedFailurePercentagePath");
                toleratedPercent = path == null ? null : Template.path(path, "ToleratedFailurePercentagePath");
            }
            Template selector = template(name, where, node, node.has("ItemSelector") ? "ItemSelector" : "Parameters", lang);
            return new MapState(c, resultPath(name, where, node.get("ResultPath"), "ResultPath"),
                    template(name, where, node, "ResultSelector", lang), retriers(name, where, node), catchers(c, where, node, names),
                    items, itemsText, itemsIsExpression, selector, processor, intValue(name, where, node, "MaxConcurrency", lang, 0, null),
                    tolerated, toleratedPercent, label == null ? null : label.asText(), distributed);
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

        private List<State.Catcher> catchers(State.Common common, String where, JsonNode node, Set<String> names) {
            String state = common.name();
            QueryLanguage lang = common.language();
            JsonNode c = node.get("Catch");
            List<State.Catcher> out = new ArrayList<>();
            if (c == null) {
                return out;
            }
            if (!c.isArray()) {
                problem(state, where, "Catch must be an array of catchers");
                return out;
            }
            Set<String> allowed = Set.of("ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment");
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
                    } else if (lang.foreignField(f) != null) {
                        problem(state, where, what + ": " + lang.foreignField(f));
                    }
                });
                List<String> errors = errorEquals(state, where, what, r, i == c.size() - 1);
                String next = null;
                if (!r.has("Next")) {
                    problem(state, where, what + " has no Next");
                } else {
                    next = target(state, where, what + ".Next", r.get("Next"), names);
                }
                out.add(new State.Catcher(List.copyOf(errors), next, resultPath(state, where, r.get("ResultPath"), what + ".ResultPath"),
                        lang == QueryLanguage.JSONATA ? template(state, where, r, "Output", lang) : null,
                        template(state, where, r, "Assign", lang)));
            }
            return out;
        }
    }
}
