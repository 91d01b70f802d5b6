package io.github.gamehousekeeping.functions;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The function's configuration source: environment variables only, read once at construction. Tests pass a map.
 */
public final class Environment {
    private final Function<String, String> lookup;

    private Environment(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** The process environment (what the Lambda runtime provides). */
    public static Environment system() {
        return new Environment(System::getenv);
    }

    /** A fixed set of variables (tests). */
    public static Environment of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Environment(copy::get);
    }

    /** The value of a required variable; fails with a message naming it when missing or blank. */
    public String required(String name) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Missing required environment variable " + name);
        }
        return value.trim();
    }

    /** The value of an optional variable, or the default when missing or blank. */
    public String optional(String name, String defaultValue) {
        String value = lookup.apply(Objects.requireNonNull(name));
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
