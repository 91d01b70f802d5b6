package io.github.gamehousekeeping.local.asl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A cancellable region of an execution (the whole execution, or the branches/iterations of one Parallel/Map). */
final class Scope {
    enum Reason { ABORTED, TIMED_OUT, SIBLING_FAILED, HISTORY_LIMIT }

    /** Unwinds the interpreter when its scope is cancelled. */
    static final class Cancelled extends RuntimeException {
        final Reason reason;

        Cancelled(Reason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }

    final CompletableFuture<Reason> cancelled = new CompletableFuture<>();
    private final Scope parent;
    private final List<Scope> children = new ArrayList<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Scope child() {
        Scope c = new Scope(this);
        synchronized (this) {
            children.add(c);
        }
        if (cancelled.isDone()) {
            c.cancel(cancelled.join());
        }
        return c;
    }

    void close() {
        if (parent != null) {
            synchronized (parent) {
                parent.children.remove(this);
            }
        }
    }

    void cancel(Reason reason) {
        if (cancelled.complete(reason)) {
            List<Scope> copy;
            synchronized (this) {
                copy = new ArrayList<>(children);
            }
            copy.forEach(c -> c.cancel(reason));
        }
    }

    boolean isCancelled() {
        return cancelled.isDone();
    }

    void check() {
        if (cancelled.isDone()) {
            throw new Cancelled(cancelled.join());
        }
    }

    /** Sleeps, waking early (with Cancelled) when the scope is cancelled. */
    void sleep(long nanos) {
        check();
        if (nanos <= 0) {
            return;
        }
        Forks.release(); // this thread waits: its waiting siblings go to the pool
        try {
            Reason r = cancelled.get(nanos, TimeUnit.NANOSECONDS);
            throw new Cancelled(r);
        } catch (TimeoutException e) {
            // slept the full time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled(Reason.ABORTED);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
