package io.github.gamehousekeeping.local.server;

import static io.github.gamehousekeeping.local.server.RequestFields.optional;
import static io.github.gamehousekeeping.local.server.RequestFields.required;
import static io.github.gamehousekeeping.local.server.RequestFields.time;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.InvalidDefinitionException;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Step Functions operations on users' own state machines, over an {@link ExecutionService}: CreateStateMachine,
 * UpdateStateMachine, DeleteStateMachine, DescribeStateMachineForExecution, ValidateStateMachineDefinition,
 * TagResource, UntagResource, ListTagsForResource. Definitions are validated by the engine's parser as AWS validates
 * them on create ({@code InvalidDefinition}, see {@link DefinitionDiagnostics}); executions of created state machines
 * run on the same engine, their tasks served as {@link TaskRouting} says. Thread-safe.
 */
public final class StateMachineOperations {
    /** AWS: at most 50 tags per resource; keys 1-128, values 0-256 characters. */
    static final int MAX_TAGS = 50;
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");

    /** What the API keeps about a state machine beyond {@link ExecutionService.StateMachine}. */
    private record Metadata(JsonNode logging, JsonNode tracing, String revisionId, Instant updateDate) {
    }

    private final ExecutionService service;
    private final Map<String, Metadata> metadata = new ConcurrentHashMap<>();
    /** Each created or updated revision's metadata, for DescribeStateMachineForExecution of executions it ran. */
    private final Map<ExecutionService.StateMachine, Metadata> revisions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    StateMachineOperations(ExecutionService service) {
        this.service = service;
    }

    /** Answers one of this class's operations; null when {@code operation} is not one of them. */
    public JsonNode dispatch(String operation, ObjectNode request) {
        return switch (operation) {
            case "CreateStateMachine" -> create(request);
            case "UpdateStateMachine" -> update(request);
            case "DeleteStateMachine" -> delete(request);
            case "DescribeStateMachineForExecution" -> describeForExecution(request);
            case "ValidateStateMachineDefinition" -> validate(request);
            case "TagResource" -> tagResource(request);
            case "UntagResource" -> untagResource(request);
            case "ListTagsForResource" -> listTags(request);
            default -> null;
        };
    }

    /** Adds what DescribeStateMachine reports for a created state machine (logging, tracing, revisionId). */
    public void describeExtras(ObjectNode describe, ExecutionService.StateMachine sm) {
        Metadata m = metadata.get(sm.arn());
        if (m == null) {
            return;
        }
        describe.set("loggingConfiguration", m.logging());
        describe.set("tracingConfiguration", m.tracing());
        if (m.revisionId() != null) {
            describe.put("revisionId", m.revisionId());
        }
    }

    // ------------------------------------------------------------------------------------------------ operations

    private JsonNode create(ObjectNode r) {
        String name = required(r, "name");
        String definition = required(r, "definition");
        String roleArn = required(r, "roleArn");
        ExecutionService.Type type = type(r);
        JsonNode logging = logging(r);
        JsonNode tracing = tracing(r);
        rejectPublish(r);
        Map<String, String> newTags = tagList(r.get("tags"), "tags");
        checkRoleArn(roleArn);
        String problem = Names.problem(name);
        if (problem != null) {
            throw new ApiException("InvalidName", "Invalid Name: '" + name + "' (" + problem + ")");
        }
        StateMachineDefinition parsed = parse(definition, type);
        String arn = "arn:aws:states:" + service.region() + ":" + service.account() + ":stateMachine:" + name;
        synchronized (lock) {
            ExecutionService.StateMachine existing = find(arn);
            if (existing != null) {
                Metadata m = metadata.get(arn);
                boolean same = m != null && existing.type() == type && Json.equivalent(existing.definition().json(), parsed.json())
                        && Json.equivalent(m.logging(), logging) && Json.equivalent(m.tracing(), tracing);
                if (!same) {
                    throw new ApiException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
                }
                // Idempotent, as on AWS: the earlier state machine (its role and tags unchanged).
                return Json.object().put("stateMachineArn", arn).set("creationDate", time(existing.creationDate()));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ExecutionService.StateMachine sm = new ExecutionService.StateMachine(arn, name, definition, parsed, type,
                    service.taskRouting().createdStateMachineInvoker(), roleArn, now);
            Metadata m = new Metadata(logging, tracing, null, null);
            service.putStateMachine(sm);
            metadata.put(arn, m);
            revisions.put(sm, m);
            tags.put(arn, new ConcurrentHashMap<>(newTags));
            return Json.object().put("stateMachineArn", arn).set("creationDate", time(now));
        }
    }

    private JsonNode update(ObjectNode r) {
        String arn = required(r, "stateMachineArn");
        String definition = optional(r, "definition");
        String roleArn = optional(r, "roleArn");
        JsonNode logging = r.get("loggingConfiguration");
        JsonNode tracing = r.get("tracingConfiguration");
        rejectPublish(r);
        if (definition == null && roleArn == null && isNull(logging) && isNull(tracing)) {
            throw new ApiException("MissingRequiredParameter",
                    "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        }
        if (roleArn != null) {
            checkRoleArn(roleArn);
        }
        synchronized (lock) {
            ExecutionService.StateMachine sm = service.stateMachine(arn);
            if (!sm.arn().equals(arn)) {
                throw ApiException.validation("Updating a version or an alias is not supported: " + arn);
            }
            StateMachineDefinition parsed = definition == null ? sm.definition() : parse(definition, sm.type());
            Metadata old = metadata.getOrDefault(arn, new Metadata(defaultLogging(), defaultTracing(), null, null));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String revisionId = UUID.randomUUID().toString();
            ExecutionService.StateMachine next = new ExecutionService.StateMachine(arn, sm.name(),
                    definition == null ? sm.definitionJson() : definition, parsed, sm.type(), sm.invoker(),
                    roleArn == null ? sm.roleArn() : roleArn, sm.creationDate());
            Metadata m = new Metadata(isNull(logging) ? old.logging() : logging(r), isNull(tracing) ? old.tracing() : tracing(r),
                    revisionId, now);
            service.putStateMachine(next);
            metadata.put(arn, m);
            revisions.put(next, m);
            ObjectNode o = Json.object();
            o.set("updateDate", time(now));
            o.put("revisionId", revisionId);
            return o;
        }
    }

    /** As AWS: deleting a state machine that does not exist succeeds. Its executions stay readable. */
    private JsonNode delete(ObjectNode r) {
        String arn = required(r, "stateMachineArn");
        if (!Arns.isStateMachine(arn)) {
            throw ApiException.invalidArn(arn);
        }
        synchronized (lock) {
            ExecutionService.StateMachine sm = find(arn);
            if (sm != null) {
                service.removeStateMachine(sm.arn());
                metadata.remove(sm.arn());
                tags.remove(sm.arn());
                service.taskRouting().removeMockConfig(sm.name());
            }
        }
        return Json.object();
    }

    private JsonNode describeForExecution(ObjectNode r) {
        String executionArn = required(r, "executionArn");
        if (Arns.isExpressExecution(executionArn)) {
            throw new ApiException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'");
        }
        ExecutionService.StateMachine sm = service.execution(executionArn).stateMachine();
        Metadata m = revisions.get(sm);
        ObjectNode o = Json.object();
        o.put("stateMachineArn", sm.arn());
        o.put("name", sm.name());
        o.put("definition", sm.definitionJson());
        o.put("roleArn", sm.roleArn());
        o.set("updateDate", time(m != null && m.updateDate() != null ? m.updateDate() : sm.creationDate()));
        o.set("loggingConfiguration", m != null ? m.logging() : defaultLogging());
        o.set("tracingConfiguration", m != null ? m.tracing() : defaultTracing());
        if (m != null && m.revisionId() != null) {
            o.put("revisionId", m.revisionId());
        }
        return o;
    }

    private JsonNode validate(ObjectNode r) {
        String definition = required(r, "definition");
        ExecutionService.Type type = type(r);
        String severity = optional(r, "severity");
        if (severity != null && !severity.equals("ERROR") && !severity.equals("WARNING")) {
            throw ApiException.validation("1 validation error detected: Value '" + severity
                    + "' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]");
        }
        int maxResults = 100;
        JsonNode max = r.get("maxResults");
        if (!isNull(max)) {
            if (!max.canConvertToInt() || max.asInt() < 0 || max.asInt() > 100) {
                throw ApiException.validation("1 validation error detected: Value '" + max
                        + "' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 100");
            }
            maxResults = max.asInt() == 0 ? 100 : max.asInt();
        }
        List<DefinitionDiagnostics.Diagnostic> all = DefinitionDiagnostics.of(definition, type);
        boolean warnings = "WARNING".equals(severity);
        List<DefinitionDiagnostics.Diagnostic> shown = all.stream().filter(d -> warnings || d.severity().equals("ERROR")).toList();
        ArrayNode list = Json.array();
        for (DefinitionDiagnostics.Diagnostic d : shown.subList(0, Math.min(maxResults, shown.size()))) {
            ObjectNode item = list.addObject();
            item.put("severity", d.severity());
            item.put("code", d.code());
            item.put("message", d.message());
            if (d.location() != null) {
                item.put("location", d.location());
            }
        }
        ObjectNode o = Json.object();
        o.put("result", all.stream().anyMatch(d -> d.severity().equals("ERROR")) ? "FAIL" : "OK");
        o.set("diagnostics", list);
        o.put("truncated", shown.size() > maxResults);
        return o;
    }

    private JsonNode tagResource(ObjectNode r) {
        String arn = taggable(required(r, "resourceArn"));
        Map<String, String> add = tagList(r.get("tags"), "tags");
        synchronized (lock) {
            Map<String, String> current = tags.computeIfAbsent(arn, k -> new ConcurrentHashMap<>());
            Map<String, String> merged = new LinkedHashMap<>(current);
            merged.putAll(add);
            if (merged.size() > MAX_TAGS) {
                throw new ApiException("TooManyTags", "Too many tags: a resource has at most " + MAX_TAGS + " tags ("
                        + merged.size() + " requested) on '" + arn + "'");
            }
            current.putAll(add);
        }
        return Json.object();
    }

    private JsonNode untagResource(ObjectNode r) {
        String arn = taggable(required(r, "resourceArn"));
        JsonNode keys = r.get("tagKeys");
        if (keys == null || !keys.isArray()) {
            throw ApiException.validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        }
        Map<String, String> current = tags.get(arn);
        if (current != null) {
            keys.forEach(k -> current.remove(k.asText()));
        }
        return Json.object();
    }

    private JsonNode listTags(ObjectNode r) {
        String arn = taggable(required(r, "resourceArn"));
        ArrayNode list = Json.array();
        tags.getOrDefault(arn, Map.of()).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.addObject().put("key", e.getKey()).put("value", e.getValue()));
        return Json.object().set("tags", list);
    }

    // --------------------------------------------------------------------------------------------------- helpers

    /** The definition parsed, or InvalidDefinition with AWS's message shape and the engine's problems. */
    private static StateMachineDefinition parse(String definition, ExecutionService.Type type) {
        List<DefinitionDiagnostics.Diagnostic> errors = DefinitionDiagnostics.errors(definition, type);
        if (!errors.isEmpty()) {
            throw new ApiException("InvalidDefinition", DefinitionDiagnostics.invalidDefinitionMessage(errors));
        }
        try {
            return StateMachineDefinition.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new ApiException("InvalidDefinition", "Invalid State Machine Definition: '" + e.getMessage() + "'");
        }
    }

    /** The state machine with this (unqualified) ARN, or null. */
    private ExecutionService.StateMachine find(String arn) {
        try {
            return service.stateMachine(arn);
        } catch (ApiException notFound) {
            return null;
        }
    }

    /** Tags apply to state machines (and activities, not served): ResourceNotFound for an unknown one. */
    private String taggable(String arn) {
        if (!Arns.isStateMachine(arn)) {
            throw ApiException.invalidArn(arn);
        }
        ExecutionService.StateMachine sm = find(arn);
        if (sm == null || !sm.arn().equals(arn)) {
            throw new ApiException("ResourceNotFound", "Resource not found: '" + arn + "'");
        }
        return arn;
    }

    private static Map<String, String> tagList(JsonNode node, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (isNull(node)) {
            return out;
        }
        if (!node.isArray()) {
            throw new ApiException("SerializationException", "Field '" + field + "' must be a list of {key, value}");
        }
        for (JsonNode tag : node) {
            String key = tag.path("key").asText(null);
            String value = tag.path("value").asText("");
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw ApiException.validation("1 validation error detected: Value '" + key
                        + "' at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128");
            }
            if (value.length() > 256) {
                throw ApiException.validation("1 validation error detected: Value at 'tags.member.value' of key '" + key
                        + "' failed to satisfy constraint: Member must have length less than or equal to 256");
            }
            out.put(key, value);
        }
        if (out.size() > MAX_TAGS) {
            throw new ApiException("TooManyTags", "Too many tags: a resource has at most " + MAX_TAGS + " tags (" + out.size() + " given)");
        }
        return out;
    }

    private static ExecutionService.Type type(ObjectNode r) {
        String type = optional(r, "type");
        if (type == null) {
            return ExecutionService.Type.STANDARD;
        }
        try {
            return ExecutionService.Type.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("1 validation error detected: Value '" + type
                    + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
    }

    private static JsonNode logging(ObjectNode r) {
        JsonNode v = r.get("loggingConfiguration");
        if (isNull(v)) {
            return defaultLogging();
        }
        if (!v.isObject()) {
            throw new ApiException("SerializationException", "Field 'loggingConfiguration' must be an object");
        }
        String level = v.path("level").asText("OFF");
        if (!List.of("ALL", "ERROR", "FATAL", "OFF").contains(level)) {
            throw ApiException.validation("1 validation error detected: Value '" + level
                    + "' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]");
        }
        if (!level.equals("OFF") && (!v.path("destinations").isArray() || v.path("destinations").isEmpty())) {
            throw new ApiException("InvalidLoggingConfiguration",
                    "Invalid Logging Configuration: Must specify exactly one Log Destination when the level is " + level);
        }
        ObjectNode copy = v.deepCopy();
        copy.put("level", level);
        copy.put("includeExecutionData", v.path("includeExecutionData").asBoolean(false));
        return copy;
    }

    private static JsonNode tracing(ObjectNode r) {
        JsonNode v = r.get("tracingConfiguration");
        if (isNull(v)) {
            return defaultTracing();
        }
        if (!v.isObject()) {
            throw new ApiException("SerializationException", "Field 'tracingConfiguration' must be an object");
        }
        return Json.object().put("enabled", v.path("enabled").asBoolean(false));
    }

    private static JsonNode defaultLogging() {
        return Json.object().put("level", "OFF").put("includeExecutionData", false);
    }

    private static JsonNode defaultTracing() {
        return Json.object().put("enabled", false);
    }

    private static void rejectPublish(ObjectNode r) {
        if (r.path("publish").asBoolean(false)) {
            throw ApiException.validation("publish: state machine versions are not supported by the local Step Functions server");
        }
    }

    private static void checkRoleArn(String roleArn) {
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw new ApiException("InvalidArn", "Invalid Arn: 'Role ARN is not valid: " + roleArn + "'");
        }
    }

    private static boolean isNull(JsonNode v) {
        return v == null || v.isNull();
    }

}
