package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workflow variables ({@code Assign}) with AWS's scoping: a Parallel branch or Map iteration gets a child scope that
 * reads its parent's variables but whose assignments never leak out; all assignments of one state are applied at once
 * (each evaluated against the values before the state).
 */
final class Variables {
    private final Variables parent;
    private final Map<String, JsonNode> values = new ConcurrentHashMap<>();

    Variables(Variables parent) {
        this.parent = parent;
    }

    Variables child() {
        return new Variables(this);
    }

    /** The variable's value, or null when no scope defines it. */
    JsonNode get(String name) {
        for (Variables v = this; v != null; v = v.parent) {
            JsonNode value = v.values.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    void assignAll(Map<String, JsonNode> assignments) {
        values.putAll(assignments);
    }

    /** The variables this scope assigned itself (not its parents'). */
    Map<String, JsonNode> local() {
        return values.isEmpty() ? Map.of() : Map.copyOf(values);
    }

    /** Every visible variable, inner scopes shadowing outer ones. */
    Map<String, JsonNode> visible() {
        Map<String, JsonNode> all = parent == null ? new LinkedHashMap<>() : parent.visible();
        all.putAll(values);
        return all;
    }
}
