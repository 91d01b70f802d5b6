package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The append-only event history of one execution. Thread-safe; ids are assigned in append order from 1. */
final class History {
    /** A thread of events (the execution, a Parallel branch, a Map iteration) for previousEventId. */
    static final class Lane {
        long lastId;
        /** Redrive bookkeeping of the state machine running on this lane. */
        final RedriveCursor cursor;

        Lane(long lastId, RedriveCursor cursor) {
            this.lastId = lastId;
            this.cursor = cursor;
        }
    }

    /** AWS's quota: an execution whose history reaches 25,000 events fails. */
    static final int MAX_EVENTS = 25_000;

    private final List<HistoryEvent> events = new ArrayList<>();
    private Runnable onLimit = () -> { };
    private boolean limitReached;
    private final String executionArn;
    private final Clock clock;
    private final List<HistoryListener> listeners;
    private boolean closed;

    History(String executionArn, Clock clock, List<HistoryListener> listeners) {
        this.executionArn = executionArn;
        this.clock = clock;
        this.listeners = listeners;
    }

    /** A redriven execution's history: continues the ended one's events (ids go on from them). */
    History(String executionArn, Clock clock, List<HistoryListener> listeners, List<HistoryEvent> earlier) {
        this(executionArn, clock, listeners);
        events.addAll(earlier);
    }

    /** Appends an event on a lane; returns its id (0 if the history is already closed). */
    synchronized long add(Lane lane, String type, String detailsKey, JsonNode details) {
        return append(lane, type, detailsKey, details, false);
    }

    /** Appends the execution's final event and closes the history. */
    synchronized long close(Lane lane, String type, String detailsKey, JsonNode details) {
        return append(lane, type, detailsKey, details, true);
    }

    /** Called once when the history is full (all but the final event): the execution must stop. */
    synchronized void onLimit(Runnable r) {
        this.onLimit = r;
    }

    synchronized boolean limitReached() {
        return limitReached;
    }

    private long append(Lane lane, String type, String detailsKey, JsonNode details, boolean last) {
        if (closed) {
            return 0;
        }
        if (!last && events.size() >= MAX_EVENTS - 1) {
            if (!limitReached) {
                limitReached = true;
                onLimit.run();
            }
            return 0;
        }
        long id = events.size() + 1;
        HistoryEvent e = new HistoryEvent(id, lane.lastId, clock.instant(), type, detailsKey, details);
        events.add(e);
        lane.lastId = id;
        closed = last;
        for (HistoryListener l : listeners) {
            try {
                l.onEvent(executionArn, e);
            } catch (RuntimeException ignored) {
                // a listener must not break the execution
            }
        }
        return id;
    }

    synchronized List<HistoryEvent> snapshot() {
        return List.copyOf(events);
    }

    synchronized int size() {
        return events.size();
    }
}
