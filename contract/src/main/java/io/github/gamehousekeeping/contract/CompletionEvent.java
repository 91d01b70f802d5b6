package io.github.gamehousekeeping.contract;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A completion event, v1 of the contract (see {@code completion-event-v1.schema.json}).
 * Instances are only built from input that passed {@link EventContract} validation, so every field holds a valid value.
 */
public record CompletionEvent(
        String eventId,
        String playerId,
        int level,
        long score,
        long durationMs,
        String completedAt,
        boolean gameCompleted) {

    /** {@link #completedAt()} as an instant (the offset is applied). */
    public Instant completedAtInstant() {
        return OffsetDateTime.parse(completedAt).toInstant();
    }

    /** The event as a JSON-ready map, fields in contract order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("eventId", eventId);
        map.put("playerId", playerId);
        map.put("level", level);
        map.put("score", score);
        map.put("durationMs", durationMs);
        map.put("completedAt", completedAt);
        map.put("gameCompleted", gameCompleted);
        return map;
    }

    /** Compact JSON of the event, fields in contract order. */
    public String toJson() {
        return Json.GSON.toJson(toMap());
    }
}
