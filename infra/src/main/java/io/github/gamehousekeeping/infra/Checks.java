package io.github.gamehousekeeping.infra;

import java.util.Objects;

/** Argument checks of the Props builders. */
final class Checks {
    private Checks() {
    }

    static <T> T required(T value, String name) {
        return Objects.requireNonNull(value, name + " is required");
    }
}
