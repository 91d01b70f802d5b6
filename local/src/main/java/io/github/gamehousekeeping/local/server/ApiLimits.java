package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Field constraints of the Step Functions API model that the server checks as AWS does (ValidationException). */
final class ApiLimits {
    /** StopExecution {@code error}: 0-256 characters. */
    static final int MAX_ERROR_LENGTH = 256;
    /** StopExecution {@code cause}: 0-32768 characters. */
    static final int MAX_CAUSE_LENGTH = 32_768;

    private ApiLimits() {
    }

    /** A string member longer than {@code max} characters: ValidationException, as AWS words it. */
    static void checkLength(ObjectNode request, String field, int max) {
        JsonNode v = request.get(field);
        if (v != null && v.isTextual() && v.asText().codePointCount(0, v.asText().length()) > max) {
            throw new ApiException("ValidationException", "1 validation error detected: Value at '" + field
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }
}
