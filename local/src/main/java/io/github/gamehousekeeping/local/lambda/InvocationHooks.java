package io.github.gamehousekeeping.local.lambda;

/** What a caller learns about, and can do to, one invocation while it runs. */
public interface InvocationHooks {
    InvocationHooks NONE = new InvocationHooks() {
        @Override
        public void ready() {
        }

        @Override
        public void onCancel(Runnable cancel) {
        }
    };

    /** The execution environment is initialized (after a cold start's init): the invocation itself begins now. */
    void ready();

    /** Receives the action that stops the invocation (its environment is destroyed, as Lambda does on a timeout). */
    void onCancel(Runnable cancel);
}
