package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One event of an execution's history, shaped like GetExecutionHistory's HistoryEvent: {@code timestamp},
 * {@code type}, {@code id}, {@code previousEventId} and the details object named after the type (for example
 * {@code taskScheduledEventDetails}, or {@code stateEnteredEventDetails} for every *StateEntered). Read-only: events
 * share parts of their details (copy before changing them).
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsKey, JsonNode details) {

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("timestamp", Json.timestamp(timestamp));
        o.put("type", type);
        o.put("id", id);
        o.put("previousEventId", previousEventId);
        if (detailsKey != null && details != null) {
            o.set(detailsKey, details);
        }
        return o;
    }
}
