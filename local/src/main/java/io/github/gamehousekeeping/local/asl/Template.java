package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field value compiled by the state's query language (a JSONPath payload template or path, a JSONata template, or a
 * constant). {@code data} is what {@code $} means to JSONPath (JSONata reads {@code $states} from the Env instead).
 */
interface Template {
    JsonNode evaluate(JsonNode data, Env env);

    static Template constant(JsonNode value) {
        return (data, env) -> value;
    }

    /** A JSONPath (or {@code $$} context path, or {@code $var} variable path) read; {@code field} names it in errors. */
    static Template path(String path, String field) {
        return (data, env) -> {
            try {
                return Paths.read(path, data, env);
            } catch (Paths.PathNotFound e) {
                throw StatesError.runtime("Invalid path '" + path + "' : " + e.getMessage() + " (" + field + ")");
            }
        };
    }
}
