package io.github.gamehousekeeping.contract;

/**
 * An event reuses an eventId that is already recorded with different content. Not retryable: a retry cannot fix it,
 * and recording it would overwrite history.
 */
public class EventConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventConflictException(String message) {
        super(message);
    }
}
