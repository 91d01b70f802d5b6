package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What to start: execution name (default: a UUID), input, the state machine's ARN or name (for the context object
 * and the execution ARN), the role ARN, the Task invoker (default: the engine's) and history listeners.
 */
public final class ExecutionRequest {
    final String name;
    final JsonNode input;
    final String stateMachine;
    final String roleArn;
    final String executionArn;
    final TaskInvoker invoker;
    final List<HistoryListener> listeners;
    final RedrivePoint redrive;
    final com.fasterxml.jackson.databind.node.ObjectNode context;

    private ExecutionRequest(Builder b) {
        this.name = b.name;
        this.input = b.input;
        this.stateMachine = b.stateMachine;
        this.roleArn = b.roleArn;
        this.executionArn = b.executionArn;
        this.invoker = b.invoker;
        this.listeners = List.copyOf(b.listeners);
        this.redrive = b.redrive;
        this.context = b.context;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String name;
        private JsonNode input = Json.object();
        private String stateMachine = "StateMachine";
        private String roleArn;
        private String executionArn;
        private TaskInvoker invoker;
        private final List<HistoryListener> listeners = new ArrayList<>();
        private RedrivePoint redrive;
        private com.fasterxml.jackson.databind.node.ObjectNode context;

        public Builder name(String v) {
            this.name = v;
            return this;
        }

        public Builder input(JsonNode v) {
            this.input = v;
            return this;
        }

        /** Input as JSON text; IllegalArgumentException if it is not valid JSON. */
        public Builder input(String json) {
            this.input = Json.parseUnchecked(json);
            return this;
        }

        /** A state machine ARN (arn:aws:states:...:stateMachine:Name) or just its name. */
        public Builder stateMachine(String v) {
            this.stateMachine = v;
            return this;
        }

        public Builder roleArn(String v) {
            this.roleArn = v;
            return this;
        }

        /**
         * The execution ARN, when the caller has built it (the API server, with {@link ExecutionArns}); default: the
         * Standard execution ARN of the state machine and name.
         */
        public Builder executionArn(String v) {
            this.executionArn = v;
            return this;
        }

        public Builder invoker(TaskInvoker v) {
            this.invoker = v;
            return this;
        }

        public Builder listener(HistoryListener v) {
            this.listeners.add(v);
            return this;
        }

        /** RedriveExecution: continue an ended execution (same ARN, input and history) from this point. */
        public Builder redrive(RedrivePoint v) {
            this.redrive = v;
            return this;
        }

        /**
         * Context object members that replace the engine's ({@code $$} / {@code $states.context}), merged member by
         * member into objects (TestState's {@code context}); null: none.
         */
        public Builder context(com.fasterxml.jackson.databind.node.ObjectNode v) {
            this.context = v;
            return this;
        }

        public ExecutionRequest build() {
            return new ExecutionRequest(this);
        }
    }
}
