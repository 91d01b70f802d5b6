package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * TestState's {@code mock.fieldValidationMode}: checks a mocked {@code result} against the output shape of the service
 * API its Task calls, as AWS does (STRICT: required fields present and present fields of the right type; PRESENT:
 * present fields of the right type; NONE: nothing). Fields the shape does not have are accepted. The shapes are those
 * of the integrations listed in {@link #SHAPES} (from the services' API models); other resources are not checked.
 * Messages are AWS's: {@code Mock result schema validation error: Field 'StatusCode' must be a number}.
 */
final class MockResultShapes {
    /** A shape: a structure (members, required), a list (element), a map (element as value type) or a primitive. */
    record Shape(String type, Map<String, Shape> members, List<String> required, Shape element) {
        static Shape of(String type) {
            return new Shape(type, Map.of(), List.of(), null);
        }

        static Shape struct(List<String> required, Map<String, Shape> members) {
            return new Shape("structure", members, required, null);
        }

        static Shape list(Shape element) {
            return new Shape("list", Map.of(), List.of(), element);
        }

        static Shape map(Shape value) {
            return new Shape("map", Map.of(), List.of(), value);
        }
    }

    private static final Shape STRING = Shape.of("string");
    private static final Shape INTEGER = Shape.of("integer");
    private static final Shape DOUBLE = Shape.of("double");
    private static final Shape ANY = Shape.of("document");
    /** DynamoDB's ConsumedCapacity (CapacityUnits and the read/write units are doubles). */
    private static final Shape CONSUMED_CAPACITY = Shape.struct(List.of(), Map.of("TableName", STRING, "CapacityUnits", DOUBLE,
            "ReadCapacityUnits", DOUBLE, "WriteCapacityUnits", DOUBLE));
    private static final Shape ITEM = Shape.map(ANY);

    /** Output shapes by Task resource (optimised integrations; the request-response pattern). */
    static final Map<String, Shape> SHAPES = Map.of(
            "arn:aws:states:::lambda:invoke", Shape.struct(List.of(), Map.of("StatusCode", INTEGER, "FunctionError", STRING,
                    "LogResult", STRING, "ExecutedVersion", STRING, "Payload", ANY)),
            "arn:aws:states:::states:startExecution", Shape.struct(List.of("ExecutionArn", "StartDate"),
                    Map.of("ExecutionArn", STRING, "StartDate", STRING)),
            "arn:aws:states:::sqs:sendMessage", Shape.struct(List.of(), Map.of("MessageId", STRING, "MD5OfMessageBody", STRING,
                    "MD5OfMessageAttributes", STRING, "SequenceNumber", STRING)),
            "arn:aws:states:::sns:publish", Shape.struct(List.of(), Map.of("MessageId", STRING, "SequenceNumber", STRING)),
            "arn:aws:states:::events:putEvents", Shape.struct(List.of(), Map.of("FailedEntryCount", INTEGER,
                    "Entries", Shape.list(Shape.struct(List.of(), Map.of("EventId", STRING, "ErrorCode", STRING, "ErrorMessage", STRING)))))
            , "arn:aws:states:::dynamodb:getItem", Shape.struct(List.of(), Map.of("Item", ITEM, "ConsumedCapacity", CONSUMED_CAPACITY))
            , "arn:aws:states:::dynamodb:putItem", Shape.struct(List.of(), Map.of("Attributes", ITEM, "ConsumedCapacity", CONSUMED_CAPACITY))
            , "arn:aws:states:::dynamodb:updateItem", Shape.struct(List.of(), Map.of("Attributes", ITEM, "ConsumedCapacity", CONSUMED_CAPACITY))
            , "arn:aws:states:::dynamodb:deleteItem", Shape.struct(List.of(), Map.of("Attributes", ITEM, "ConsumedCapacity", CONSUMED_CAPACITY)));

    private MockResultShapes() {
    }

    /** Checks {@code result} of a Task on {@code resource} in {@code mode}; ValidationException naming the field. */
    static void check(String resource, String mode, JsonNode result) {
        Shape shape = resource == null ? null : SHAPES.get(resource);
        if (shape == null || "NONE".equals(mode)) {
            return;
        }
        if (!result.isObject()) {
            throw ApiException.validation("Mock result schema validation error: the result of " + resource + " must be a JSON object");
        }
        check(shape, result, null, "STRICT".equals(mode));
    }

    private static void check(Shape shape, JsonNode value, String field, boolean strict) {
        switch (shape.type()) {
            case "document" -> {
            }
            case "structure" -> {
                if (!value.isObject()) {
                    fail(field, "must be an object");
                }
                if (strict) {
                    for (String required : shape.required()) {
                        if (!value.has(required)) {
                            throw ApiException.validation("Mock result schema validation error: Required field '" + required + "' is missing");
                        }
                    }
                }
                value.fields().forEachRemaining(e -> {
                    Shape member = shape.members().get(e.getKey());
                    if (member != null) {
                        check(member, e.getValue(), e.getKey(), strict);
                    }
                });
            }
            case "list" -> {
                if (!value.isArray()) {
                    fail(field, "must be an array");
                }
                value.forEach(v -> check(shape.element(), v, field, strict));
            }
            case "map" -> {
                if (!value.isObject()) {
                    fail(field, "must be an object");
                }
                value.forEach(v -> check(shape.element(), v, field, strict));
            }
            case "string" -> {
                if (!value.isTextual()) {
                    fail(field, "must be a string");
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    fail(field, "must be a number");
                }
            }
            case "double" -> {
                if (!value.isNumber()) {
                    fail(field, "must be a number");
                }
            }
            default -> throw new IllegalStateException(shape.type());
        }
    }

    private static void fail(String field, String problem) {
        throw ApiException.validation("Mock result schema validation error: Field '" + field + "' " + problem);
    }
}
