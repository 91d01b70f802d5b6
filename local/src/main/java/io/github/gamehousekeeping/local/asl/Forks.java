package io.github.gamehousekeeping.local.asl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The children (Parallel branches, Map iterations) a thread started and no thread runs yet. A child runs on the thread
 * that started it, after its earlier siblings ({@link Group#runNext}), unless that thread is about to wait (a Task
 * waiting for its invoker, a Wait or retry delay, a Parallel or Map waiting for children run elsewhere): then
 * {@link #release} hands every child still waiting to the engine's pool, so children that wait, wait concurrently, as
 * on AWS. Children that never wait (Pass, Choice, mocked Tasks, waits scaled to zero) cost no thread hand-off.
 */
final class Forks {
    private static final ThreadLocal<List<Fork>> WAITING = ThreadLocal.withInitial(ArrayList::new);

    private Forks() {
    }

    /** A child: runs once, on whichever thread claims it first. */
    private static final class Fork implements Runnable {
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final Runnable body;
        private final Executor executor;

        Fork(Runnable body, Executor executor) {
            this.body = body;
            this.executor = executor;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        /** On a pool thread: runs the child unless a thread claimed it; leaves nothing waiting behind. */
        @Override
        public void run() {
            if (claim()) {
                try {
                    body.run();
                } finally {
                    release();
                }
            }
        }
    }

    /** The children of one Parallel or Map, in the order they were started. */
    static final class Group {
        private final Executor executor;
        private final List<Fork> forks = new ArrayList<>();
        private int cursor;

        Group(Executor executor) {
            this.executor = executor;
        }

        /** Starts a child: it waits for this thread ({@link #runNext}) or for {@link Forks#release}. */
        void fork(Runnable body) {
            Fork f = new Fork(body, executor);
            forks.add(f);
            WAITING.get().add(f);
        }

        /** Runs the earliest child no thread has claimed on this thread; false when there is none. */
        boolean runNext() {
            while (cursor < forks.size()) {
                Fork f = forks.get(cursor++);
                if (f.claim()) {
                    WAITING.get().remove(f);
                    f.body.run();
                    return true;
                }
            }
            return false;
        }
    }

    /** This thread is about to wait: every child it started that no thread runs yet goes to the pool. */
    static void release() {
        List<Fork> waiting = WAITING.get();
        if (waiting.isEmpty()) {
            return;
        }
        List<Fork> handed = new ArrayList<>(waiting);
        waiting.clear();
        for (Fork f : handed) {
            f.executor.execute(f);
        }
    }
}
