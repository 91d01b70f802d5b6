package io.github.gamehousekeeping.infra;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Turns the synthesized state machine definition into a Mermaid {@code stateDiagram-v2}: Tasks, Choice (as a choice
 * pseudo-state, its rules labelled with their JSONata conditions or JSONPath comparisons), Parallel (a composite state,
 * one region per branch), Catch edges and Fail states.
 * {@code main} writes {@value #OUTPUT}; a test fails when that file differs from what the stack synthesizes.
 */
public final class WorkflowDiagram {
    /** The generated file, relative to the repository root. */
    public static final String OUTPUT = "docs/workflow.mmd";

    private WorkflowDiagram() {
    }

    /** Synthesizes the stack (with stand-in jars: only the definition matters) and writes {@value #OUTPUT}. */
    public static void main(String[] args) throws IOException {
        Path root = ProjectLayout.findRoot();
        Path jars = ProjectLayout.writePlaceholderJars(Files.createTempDirectory("housekeeping-diagram-jars"));
        Map<String, Object> context = ProjectLayout.cdkContext(root);
        context.put(HousekeepingStackProps.FUNCTIONS_JAR_DIR, jars.toString());
        App app = new App(AppProps.builder().context(context)
                .outdir(Files.createTempDirectory("housekeeping-diagram-out").toString()).build());
        HousekeepingStack stack = HousekeepingApp.createStack(app);
        Object template = app.synth().getStackByName(stack.getStackName()).getTemplate();
        String mermaid = toMermaid(definitionOf(template));
        Path output = root.resolve(OUTPUT);
        Files.createDirectories(output.getParent());
        Files.writeString(output, mermaid, StandardCharsets.UTF_8);
        System.out.println("Wrote " + output);
    }

    /**
     * The state machine definition of a synthesized template (as CDK returns it: maps and lists). Tokens inside the
     * DefinitionString's Fn::Join (ARNs, Refs) become placeholders such as {@code ${Ref:LogicalId}}.
     */
    public static JsonObject definitionOf(Object template) {
        JsonObject resources = new Gson().toJsonTree(template).getAsJsonObject().getAsJsonObject("Resources");
        List<JsonObject> machines = new ArrayList<>();
        for (Map.Entry<String, JsonElement> resource : resources.entrySet()) {
            JsonObject body = resource.getValue().getAsJsonObject();
            if ("AWS::StepFunctions::StateMachine".equals(body.get("Type").getAsString())) {
                machines.add(body.getAsJsonObject("Properties"));
            }
        }
        if (machines.size() != 1) {
            throw new IllegalArgumentException("Expected one state machine in the template, found " + machines.size());
        }
        return JsonParser.parseString(render(machines.get(0).get("DefinitionString"))).getAsJsonObject();
    }

    /** A string, or an Fn::Join of strings and tokens, as text (tokens as placeholders such as {@code ${Ref:Id}}). */
    public static String render(JsonElement value) {
        if (value.isJsonPrimitive()) {
            return value.getAsString();
        }
        JsonObject object = value.getAsJsonObject();
        if (object.has("Fn::Join")) {
            JsonArray join = object.getAsJsonArray("Fn::Join");
            String separator = join.get(0).getAsString();
            List<String> parts = new ArrayList<>();
            for (JsonElement part : join.get(1).getAsJsonArray()) {
                parts.add(render(part));
            }
            return String.join(separator, parts);
        }
        if (object.has("Ref")) {
            return "${Ref:" + object.get("Ref").getAsString() + "}";
        }
        if (object.has("Fn::GetAtt")) {
            JsonArray getAtt = object.getAsJsonArray("Fn::GetAtt");
            return "${GetAtt:" + getAtt.get(0).getAsString() + "." + getAtt.get(1).getAsString() + "}";
        }
        // Any other intrinsic (Fn::Select, Fn::Sub, ...) becomes a placeholder naming it.
        return "${" + object.keySet().iterator().next() + "}";
    }

    /** The Mermaid diagram of an ASL definition. */
    public static String toMermaid(JsonObject definition) {
        StringBuilder out = new StringBuilder();
        out.append("%% Generated from the synthesized state machine by io.github.gamehousekeeping.infra.WorkflowDiagram.\n");
        out.append("%% Do not edit: regenerate with  mvn -B -q -pl infra exec:java@diagram  (a test fails when stale).\n");
        out.append("stateDiagram-v2\n");
        scope(definition, "    ", out);
        return out.toString();
    }

    private static void scope(JsonObject machine, String indent, StringBuilder out) {
        JsonObject states = machine.getAsJsonObject("States");
        String startAt = machine.get("StartAt").getAsString();
        List<String> order = order(states, startAt);
        for (String name : order) {
            if ("Choice".equals(type(states, name))) {
                out.append(indent).append("state ").append(name).append(" <<choice>>\n");
            }
        }
        out.append(indent).append("[*] --> ").append(startAt).append('\n');
        for (String name : order) {
            JsonObject state = states.getAsJsonObject(name);
            switch (type(states, name)) {
                case "Choice" -> {
                    for (JsonElement rule : state.getAsJsonArray("Choices")) {
                        JsonObject choice = rule.getAsJsonObject();
                        edge(out, indent, name, choice.get("Next").getAsString(), condition(choice));
                    }
                    if (state.has("Default")) {
                        edge(out, indent, name, state.get("Default").getAsString(), "otherwise");
                    }
                }
                case "Parallel" -> {
                    out.append(indent).append("state ").append(name).append(" {\n");
                    JsonArray branches = state.getAsJsonArray("Branches");
                    for (int i = 0; i < branches.size(); i++) {
                        if (i > 0) {
                            out.append(indent).append("    --\n");
                        }
                        scope(branches.get(i).getAsJsonObject(), indent + "    ", out);
                    }
                    out.append(indent).append("}\n");
                    flow(state, name, indent, out);
                }
                case "Fail" -> out.append(indent).append(name).append(" : Fail ")
                        .append(state.has("Error") ? state.get("Error").getAsString() : "").append('\n');
                case "Succeed" -> edge(out, indent, name, "[*]", null);
                default -> {
                    if ("Task".equals(state.get("Type").getAsString()) && state.has("Retry")) {
                        int attempts = 0;
                        boolean timeouts = false;
                        for (JsonElement retry : state.getAsJsonArray("Retry")) {
                            JsonObject r = retry.getAsJsonObject();
                            attempts = Math.max(attempts, r.has("MaxAttempts") ? r.get("MaxAttempts").getAsInt() : 3);
                            timeouts |= r.getAsJsonArray("ErrorEquals").contains(new JsonPrimitive("States.Timeout"));
                        }
                        out.append(indent).append(name).append(" : Task, up to ").append(attempts)
                                .append(timeouts ? " retries of transient errors and timeouts\n"
                                        : " retries of transient errors\n");
                    }
                    flow(state, name, indent, out);
                }
            }
        }
    }

    /** Next/End and Catch edges of a Task, Pass or Parallel state. */
    private static void flow(JsonObject state, String name, String indent, StringBuilder out) {
        if (state.has("Next")) {
            edge(out, indent, name, state.get("Next").getAsString(), null);
        } else if (state.has("End") && state.get("End").getAsBoolean()) {
            edge(out, indent, name, "[*]", null);
        }
        if (state.has("Catch")) {
            for (JsonElement catcher : state.getAsJsonArray("Catch")) {
                JsonObject c = catcher.getAsJsonObject();
                List<String> errors = new ArrayList<>();
                for (JsonElement error : c.getAsJsonArray("ErrorEquals")) {
                    errors.add(shortName(error.getAsString()));
                }
                edge(out, indent, name, c.get("Next").getAsString(), "catch " + String.join(", ", errors));
            }
        }
    }

    /** States in the order they are reached from StartAt (Next, Choices, Default, Catch), then any others. */
    private static List<String> order(JsonObject states, String startAt) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(startAt));
        while (!queue.isEmpty()) {
            String name = queue.removeFirst();
            if (!states.has(name) || !seen.add(name)) {
                continue;
            }
            JsonObject state = states.getAsJsonObject(name);
            if (state.has("Choices")) {
                for (JsonElement rule : state.getAsJsonArray("Choices")) {
                    queue.add(rule.getAsJsonObject().get("Next").getAsString());
                }
            }
            for (String key : List.of("Default", "Next")) {
                if (state.has(key)) {
                    queue.add(state.get(key).getAsString());
                }
            }
            if (state.has("Catch")) {
                for (JsonElement catcher : state.getAsJsonArray("Catch")) {
                    queue.add(catcher.getAsJsonObject().get("Next").getAsString());
                }
            }
        }
        seen.addAll(states.keySet());
        return new ArrayList<>(seen);
    }

    private static String type(JsonObject states, String name) {
        return states.getAsJsonObject(name).get("Type").getAsString();
    }

    /**
     * A Choice rule as a label: a JSONata {@code Condition} as written, without its {@code {% %}} delimiters (e.g.
     * {@code $event.gameCompleted}); a JSONPath rule as {@code variable operator value} (e.g. {@code n == 1}).
     */
    static String condition(JsonObject rule) {
        if (rule.has("Condition")) {
            return rule.get("Condition").getAsString().trim().replaceFirst("^\\{%\\s*", "").replaceFirst("\\s*%}$", "");
        }
        String variable = rule.has("Variable") ? rule.get("Variable").getAsString().replaceFirst("^\\$\\.", "") : "";
        return rule.entrySet().stream()
                .filter(e -> !e.getKey().equals("Variable") && !e.getKey().equals("Next"))
                .map(e -> variable + " " + operator(e.getKey()) + " " + e.getValue().toString().replace("\"", ""))
                .collect(Collectors.joining(" and "));
    }

    private static String operator(String comparison) {
        if (comparison.endsWith("Equals") || comparison.endsWith("EqualsPath")) {
            return "==";
        }
        return comparison;
    }

    /** {@code io.github...InvalidEventException} -> {@code InvalidEventException}; {@code States.ALL} stays. */
    private static String shortName(String error) {
        return error.startsWith("States.") || error.startsWith("Lambda.") ? error
                : error.substring(error.lastIndexOf('.') + 1);
    }

    private static void edge(StringBuilder out, String indent, String from, String to, String label) {
        out.append(indent).append(from).append(" --> ").append(to);
        if (label != null) {
            out.append(" : ").append(label.replace(":", " ").replace(";", ","));
        }
        out.append('\n');
    }
}
