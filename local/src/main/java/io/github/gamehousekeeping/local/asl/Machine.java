package io.github.gamehousekeeping.local.asl;

import java.util.Map;

/** A state machine or a nested one (Parallel branch, Map ItemProcessor): StartAt and its states. */
public record Machine(String startAt, Map<String, State> states, Integer timeoutSeconds) {
    public State state(String name) {
        return states.get(name);
    }
}
