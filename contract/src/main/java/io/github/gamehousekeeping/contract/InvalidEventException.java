package io.github.gamehousekeeping.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The event breaks the contract. Not retryable: the state machine maps it to the error {@value WorkflowErrors#INVALID_EVENT}.
 * The message names every offending field and why, e.g. {@code Invalid completion event: level: must be >= 1}.
 */
public class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super("Invalid completion event: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The offending field names, in the order reported. */
    public List<String> fields() {
        return violations.stream().map(Violation::field).distinct().toList();
    }
}
