package io.github.gamehousekeeping.functions;

import com.google.gson.reflect.TypeToken;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Event fixtures: the shared sample files under /events, read as the Lambda runtime would hand them over (a Map). */
final class Events {
    static final Path DIR = Path.of("..", "events");

    private Events() {
    }

    static String json(String file) {
        try {
            return Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture file as a mutable map. */
    static Map<String, Object> map(String file) {
        return new LinkedHashMap<>(Json.GSON.fromJson(json(file), new TypeToken<Map<String, Object>>() { }.getType()));
    }

    static Map<String, Object> levelCompleted() {
        return map("level-completed.json");
    }

    static Map<String, Object> gameCompleted() {
        return map("game-completed.json");
    }

    static Map<String, Object> invalid() {
        return map("invalid-many-fields.json");
    }

    /** The level-completed sample with some fields replaced. */
    static Map<String, Object> level(String eventId, String playerId, int level, long score, long durationMs, String completedAt) {
        Map<String, Object> event = levelCompleted();
        event.put("eventId", eventId);
        event.put("playerId", playerId);
        event.put("level", level);
        event.put("score", score);
        event.put("durationMs", durationMs);
        event.put("completedAt", completedAt);
        return event;
    }

    static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.put(field, value);
        return copy;
    }

    static CompletionEvent parse(Map<String, Object> event) {
        return EventContract.get().validate(event);
    }
}
