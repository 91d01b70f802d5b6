package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.Json;

import java.math.BigDecimal;
import java.time.Instant;

/** Members of an AWS JSON 1.0 request and response, read and written as the Step Functions API does. */
final class RequestFields {
    private RequestFields() {
    }

    /** A string member that must be present, or AWS's validation error naming it. */
    static String required(ObjectNode r, String field) {
        String value = optional(r, field);
        if (value == null) {
            throw ApiException.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /** A string member, or null when absent; another type is a SerializationException. */
    static String optional(ObjectNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException("SerializationException", "Field '" + field + "' must be a string");
        }
        return v.asText();
    }

    /** A timestamp as the API writes it: epoch seconds with milliseconds; null stays null. */
    static JsonNode time(Instant instant) {
        if (instant == null) {
            return Json.NODES.nullNode();
        }
        return Json.NODES.numberNode(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }
}
