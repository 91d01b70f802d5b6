package io.github.gamehousekeeping.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.harrel.jsonschema.Error;
import dev.harrel.jsonschema.FormatEvaluatorFactory;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.GsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The completion-event contract: the JSON Schema in {@value #SCHEMA_RESOURCE}, enforced by the dev.harrel JSON Schema
 * validator (draft 2020-12, format assertions on). The workflow's ValidateEvent step, every function and the client
 * use this one class, so an event is accepted or rejected the same way everywhere.
 *
 * <p>Thread-safe; build it once ({@link #get()}) and reuse it: compiling the schema is the only costly step.
 */
public final class EventContract {
    public static final String SCHEMA_RESOURCE = "/housekeeping/completion-event-v1.schema.json";
    /** Field name used in a {@link Violation} about the event as a whole. */
    public static final String WHOLE_EVENT = "(event)";

    private static final Map<String, String> PATTERN_PROBLEMS = Map.of(
            "eventId", "must be 1-80 characters from [A-Za-z0-9_-]",
            "playerId", "must not contain control characters",
            "completedAt", "must be an ISO-8601 timestamp with an offset, e.g. 2026-11-21T10:15:30Z");

    private static final class Holder {
        static final EventContract INSTANCE = new EventContract();
    }

    private final String schemaJson;
    private final Validator validator;
    private final URI schemaUri;
    private final List<String> fields;
    private final List<String> required;

    private EventContract() {
        this.schemaJson = readSchema();
        // The schema is ours and fixed: checking it against the draft 2020-12 meta-schema on every cold start costs
        // 100-250 ms, so a unit test does that check once (EventContractTest) and the runtime skips it.
        this.validator = validatorFactory().withDisabledSchemaValidation(true).createValidator();
        this.schemaUri = validator.registerSchema(schemaJson);
        JsonObject schema = JsonParser.parseString(schemaJson).getAsJsonObject();
        this.fields = List.copyOf(schema.getAsJsonObject("properties").keySet());
        List<String> req = new ArrayList<>();
        schema.getAsJsonArray("required").forEach(e -> req.add(e.getAsString()));
        this.required = List.copyOf(req);
    }

    /** The validator configuration: Gson nodes, format assertion for date-time. */
    static ValidatorFactory validatorFactory() {
        return new ValidatorFactory()
                .withJsonNodeFactory(new GsonNode.Factory())
                .withEvaluatorFactory(new FormatEvaluatorFactory(Set.of("date-time")));
    }

    /** The shared instance (the schema is compiled on first use). */
    public static EventContract get() {
        return Holder.INSTANCE;
    }

    /** The JSON Schema text, as published in the repository. */
    public String schemaJson() {
        return schemaJson;
    }

    /** The contract's field names, in schema order. */
    public List<String> fields() {
        return fields;
    }

    /** Violations of a JSON text; a text that is not JSON yields one violation for the whole event. */
    public List<Violation> violations(String json) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            return List.of(new Violation(WHOLE_EVENT, "is not valid JSON (" + rootMessage(e) + ")"));
        }
        return violations(tree);
    }

    /**
     * Violations of an already parsed event: a Gson {@link JsonElement}, or plain Java values as a JSON deserializer
     * produces them ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}).
     */
    public List<Violation> violations(Object event) {
        JsonElement tree = event instanceof JsonElement e ? e : Json.GSON.toJsonTree(event);
        if (tree == null || !tree.isJsonObject()) {
            return List.of(new Violation(WHOLE_EVENT, "must be a JSON object, got " + describe(tree)));
        }
        JsonObject object = tree.getAsJsonObject();
        Map<String, Set<String>> problems = new LinkedHashMap<>();
        for (String name : required) {
            if (!object.has(name)) {
                problems.computeIfAbsent(name, k -> new LinkedHashSet<>()).add("is required");
            }
        }
        for (String name : object.keySet()) {
            if (!fields.contains(name)) {
                problems.computeIfAbsent(printable(name), k -> new LinkedHashSet<>())
                        .add("is not a field of the event contract (unknown fields are rejected)");
            }
        }
        // Strings travel as UTF-8 (DynamoDB, logs): an unpaired surrogate has no encoding and would become '?', so two
        // different player IDs could be stored as one. JSON escapes (\\ud800) and Java strings can carry one.
        for (String name : fields) {
            JsonElement value = object.get(name);
            if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
                int bad = unpairedSurrogate(value.getAsString());
                if (bad >= 0) {
                    problems.computeIfAbsent(name, k -> new LinkedHashSet<>()).add("is not valid Unicode (unpaired UTF-16 "
                            + "surrogate \\u" + Integer.toHexString(value.getAsString().charAt(bad)).toUpperCase(java.util.Locale.ROOT)
                            + " at index " + bad + ")");
                }
            }
        }
        Validator.Result result = validator.validate(schemaUri, tree);
        if (!result.isValid()) {
            for (Error error : result.getErrors()) {
                String field = fieldOf(error.getInstanceLocation());
                if (field.equals(WHOLE_EVENT) || !fields.contains(field)) {
                    continue; // required/additionalProperties: reported above with the field names
                }
                problems.computeIfAbsent(field, k -> new LinkedHashSet<>()).add(problemOf(field, error));
            }
        }
        // The schema's date-time format and pattern accept some impossible dates (2026-02-30): check the calendar too.
        JsonElement completedAt = object.get("completedAt");
        if (completedAt != null && completedAt.isJsonPrimitive() && completedAt.getAsJsonPrimitive().isString()
                && !problems.containsKey("completedAt")) {
            try {
                OffsetDateTime.parse(completedAt.getAsString());
            } catch (DateTimeParseException e) {
                problems.computeIfAbsent("completedAt", k -> new LinkedHashSet<>()).add(PATTERN_PROBLEMS.get("completedAt"));
            }
        }
        // Contract fields in schema order, then unknown fields in input order.
        List<Violation> violations = new ArrayList<>();
        for (String field : fields) {
            Set<String> set = problems.remove(field);
            if (set != null) {
                violations.add(new Violation(field, String.join(", ", set)));
            }
        }
        problems.forEach((field, set) -> violations.add(new Violation(field, String.join(", ", set))));
        return violations;
    }

    /** Parses and validates a JSON text. */
    public CompletionEvent parse(String json) {
        List<Violation> violations = violations(json);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        return toEvent(JsonParser.parseString(json).getAsJsonObject());
    }

    /** Validates an already parsed event (see {@link #violations(Object)}) and returns it as a record. */
    public CompletionEvent validate(Object event) {
        JsonElement tree = event instanceof JsonElement e ? e : Json.GSON.toJsonTree(event);
        List<Violation> violations = violations(tree);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        return toEvent(tree.getAsJsonObject());
    }

    private static CompletionEvent toEvent(JsonObject o) {
        return new CompletionEvent(
                o.get("eventId").getAsString(),
                o.get("playerId").getAsString(),
                o.get("level").getAsBigDecimal().intValueExact(),
                o.get("score").getAsBigDecimal().longValueExact(),
                o.get("durationMs").getAsBigDecimal().longValueExact(),
                o.get("completedAt").getAsString(),
                o.get("gameCompleted").getAsBoolean());
    }

    /** The index of the first unpaired UTF-16 surrogate in {@code s}, or -1 when it is valid Unicode. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A name as it can be printed: unpaired surrogates written as {@code \\uXXXX}. */
    private static String printable(String s) {
        if (unpairedSurrogate(s) < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String fieldOf(String instanceLocation) {
        if (instanceLocation == null || instanceLocation.isEmpty() || instanceLocation.equals("/")) {
            return WHOLE_EVENT;
        }
        String pointer = instanceLocation.startsWith("/") ? instanceLocation.substring(1) : instanceLocation;
        int slash = pointer.indexOf('/');
        String first = slash < 0 ? pointer : pointer.substring(0, slash);
        return first.replace("~1", "/").replace("~0", "~");
    }

    private static String problemOf(String field, Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        return switch (keyword) {
            case "pattern", "format" -> PATTERN_PROBLEMS.getOrDefault(field, error.getError());
            case "type" -> "has the wrong type: " + error.getError();
            case "minimum" -> "is below the minimum: " + error.getError();
            case "maximum" -> "is above the maximum: " + error.getError();
            case "minLength", "maxLength" -> "has the wrong length: " + error.getError();
            default -> error.getError();
        };
    }

    private static String describe(JsonElement tree) {
        if (tree == null || tree.isJsonNull()) {
            return "null";
        }
        if (tree.isJsonArray()) {
            return "an array";
        }
        if (tree.isJsonPrimitive()) {
            var p = tree.getAsJsonPrimitive();
            return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
        }
        return "an object";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static String readSchema() {
        try (InputStream in = EventContract.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("JSON Schema not on the classpath: " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
