package io.github.gamehousekeeping.local.asl;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Engine settings. {@code waitScale} multiplies Wait durations and retry delays (0 skips them, 1 is real time);
 * {@code timeoutScale} multiplies TimeoutSeconds/HeartbeatSeconds of Tasks and of the state machine (1 = real time);
 * {@code clock} supplies timestamps (history, context object, Wait Timestamp); {@code executor} runs executions,
 * Parallel branches, Map iterations and Task invocations (it must not be bounded below the number of branches and
 * iterations in flight: the default is an engine-owned cached pool of daemon threads); {@code random} drives FULL
 * jitter; {@code delayListener} sees every computed delay.
 */
public record EngineOptions(double waitScale, double timeoutScale, Clock clock, ExecutorService executor,
                            Supplier<Random> random, DelayListener delayListener, TaskInvoker defaultInvoker,
                            String region, String accountId) {

    /** Observes Wait and retry delays as computed (before scaling) and as applied (after scaling). */
    @FunctionalInterface
    public interface DelayListener {
        /** kind is "Wait" or "Retry". */
        void onDelay(String executionArn, String stateName, String kind, java.time.Duration computed, java.time.Duration applied);
    }

    public EngineOptions {
        if (waitScale < 0 || Double.isNaN(waitScale)) {
            throw new IllegalArgumentException("waitScale must be >= 0");
        }
        if (timeoutScale <= 0 || Double.isNaN(timeoutScale)) {
            throw new IllegalArgumentException("timeoutScale must be > 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EngineOptions defaults() {
        return builder().build();
    }

    public static final class Builder {
        private double waitScale = 1.0;
        private double timeoutScale = 1.0;
        private Clock clock = Clock.systemUTC();
        private ExecutorService executor;
        private Supplier<Random> random = java.util.concurrent.ThreadLocalRandom::current;
        private DelayListener delayListener;
        private TaskInvoker defaultInvoker;
        private String region = "us-east-1";
        private String accountId = "123456789012";

        public Builder waitScale(double v) {
            this.waitScale = v;
            return this;
        }

        public Builder timeoutScale(double v) {
            this.timeoutScale = v;
            return this;
        }

        public Builder clock(Clock v) {
            this.clock = v;
            return this;
        }

        public Builder executor(ExecutorService v) {
            this.executor = v;
            return this;
        }

        public Builder random(Supplier<Random> v) {
            this.random = v;
            return this;
        }

        public Builder delayListener(DelayListener v) {
            this.delayListener = v;
            return this;
        }

        public Builder defaultInvoker(TaskInvoker v) {
            this.defaultInvoker = v;
            return this;
        }

        public Builder region(String v) {
            this.region = v;
            return this;
        }

        public Builder accountId(String v) {
            this.accountId = v;
            return this;
        }

        public EngineOptions build() {
            return new EngineOptions(waitScale, timeoutScale, clock, executor, random, delayListener, defaultInvoker, region, accountId);
        }
    }
}
