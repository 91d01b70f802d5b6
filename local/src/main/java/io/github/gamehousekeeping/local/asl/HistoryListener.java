package io.github.gamehousekeeping.local.asl;

/** Receives history events as they happen, in id order (called while the history is locked: keep it quick). */
@FunctionalInterface
public interface HistoryListener {
    void onEvent(String executionArn, HistoryEvent event);
}
