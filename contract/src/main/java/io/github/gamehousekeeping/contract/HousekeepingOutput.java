package io.github.gamehousekeeping.contract;

import com.google.gson.JsonParseException;

/** The output of a successful execution: the event, the report and what was recorded. */
public record HousekeepingOutput(CompletionEvent event, LevelReport report, Recorded recorded) {

    /** Parses an execution's output JSON. */
    public static HousekeepingOutput fromJson(String json) {
        HousekeepingOutput output;
        try {
            output = Json.GSON.fromJson(json, HousekeepingOutput.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("Not a housekeeping output: " + e.getMessage(), e);
        }
        if (output == null || output.event() == null || output.report() == null || output.recorded() == null) {
            throw new IllegalArgumentException("Not a housekeeping output (event, report and recorded are required): " + json);
        }
        return output;
    }

    public String toJson() {
        return Json.GSON.toJson(this);
    }
}
