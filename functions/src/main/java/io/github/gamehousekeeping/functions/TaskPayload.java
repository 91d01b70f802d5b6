package io.github.gamehousekeeping.functions;

import java.util.Map;
import java.util.Set;

/**
 * What a task hands a function. The state machine sends the envelope {@code {"event": <event>, "executionName":
 * "<execution name>"}} (for ValidateEvent, {@code event} is the raw execution input, which may be any JSON value);
 * older definitions, tests and direct invocations send the bare event. A JSON object is an envelope when it has both
 * keys and no other, so a bare event (which has neither) is never mistaken for one.
 *
 * @param event         the event part (a {@code Map} for a JSON object, else whatever JSON value was sent)
 * @param executionName the execution's name, or null when the payload is a bare event
 */
public record TaskPayload(Object event, String executionName) {
    public static final String EVENT = "event";
    public static final String EXECUTION_NAME = "executionName";
    private static final Set<String> ENVELOPE_KEYS = Set.of(EVENT, EXECUTION_NAME);

    /** The payload as the Lambda runtime deserialized it ({@code Map}, {@code List}, {@code String}, number, boolean or null). */
    public static TaskPayload of(Object input) {
        if (input instanceof Map<?, ?> map && map.containsKey(EVENT) && map.containsKey(EXECUTION_NAME)
                && ENVELOPE_KEYS.containsAll(map.keySet())) {
            Object name = map.get(EXECUTION_NAME);
            return new TaskPayload(map.get(EVENT), name instanceof String s ? s : null);
        }
        return new TaskPayload(input, null);
    }
}
