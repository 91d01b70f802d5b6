package io.github.gamehousekeeping.contract;

/** One reason an event breaks the contract: the field (or {@code (event)} for the whole document) and the problem. */
public record Violation(String field, String problem) {
    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
