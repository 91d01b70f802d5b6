package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** The outcome of an execution (like DescribeExecution) plus its history. */
public record ExecutionResult(String executionArn, String name, String stateMachineArn, ExecutionStatus status,
                              JsonNode input, JsonNode output, String error, String cause, Instant startDate,
                              Instant stopDate, List<HistoryEvent> history) {

    /** {"status", "output"} or {"status", "error", "cause"}, optionally with "history". */
    public ObjectNode toJson(boolean withHistory) {
        ObjectNode o = Json.object();
        o.put("status", status.name());
        if (status == ExecutionStatus.SUCCEEDED) {
            o.set("output", output);
        } else {
            o.put("error", error);
            o.put("cause", cause);
        }
        o.put("executionArn", executionArn);
        o.put("startDate", Json.timestamp(startDate));
        o.put("stopDate", Json.timestamp(stopDate));
        if (withHistory) {
            o.set("history", historyJson());
        }
        return o;
    }

    /** The history as GetExecutionHistory's "events" array. */
    public ArrayNode historyJson() {
        ArrayNode events = Json.array();
        history.forEach(e -> events.add(e.toJson()));
        return events;
    }
}
