package io.github.gamehousekeeping.local.asl;

import java.util.List;

/** A state machine definition that is not valid ASL; the message names each state and problem. */
public class InvalidDefinitionException extends Exception {
    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("Invalid state machine definition: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per problem, e.g. {@code State "Foo": Next "Bar" names no state}. */
    public List<String> problems() {
        return problems;
    }
}
