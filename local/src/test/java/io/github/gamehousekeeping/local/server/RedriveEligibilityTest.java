package io.github.gamehousekeeping.local.server;

import io.github.gamehousekeeping.local.asl.EngineOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which executions AWS lets RedriveExecution restart, and the {@code redriveStatusReason} it gives otherwise (also the
 * message of {@code ExecutionNotRedrivable}), on a clock the test moves.
 */
class RedriveEligibilityTest extends LocalServerFixture {
    static final String FAILS = """
            {"StartAt":"Broken","States":{"Broken":{"Type":"Fail","Error":"Order.Broken","Cause":"always"}}}""";

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-05T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    String stateMachineArn;

    @Override
    ExecutionService newService() {
        return ExecutionService.create(EngineOptions.builder().waitScale(0).clock(clock).build(), 2);
    }

    @BeforeEach
    void createStateMachine() {
        stateMachineArn = sfn.createStateMachine(r -> r.name("Fails").definition(FAILS).roleArn(RedriveExecutionTest.ROLE)).stateMachineArn();
    }

    DescribeExecutionResponse awaitEnd(String executionArn) throws InterruptedException {
        return LocalSfnClient.awaitEnd(sfn, executionArn);
    }

    String failed() throws InterruptedException {
        String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn)).executionArn();
        assertEquals(ExecutionStatus.FAILED, awaitEnd(arn).status());
        return arn;
    }

    void assertNotRedrivable(String arn, String reason) {
        DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(arn));
        assertEquals(ExecutionRedriveStatus.NOT_REDRIVABLE, d.redriveStatus());
        assertEquals(reason, d.redriveStatusReason());
        ExecutionNotRedrivableException e = assertThrows(ExecutionNotRedrivableException.class,
                () -> sfn.redriveExecution(r -> r.executionArn(arn)));
        assertEquals(reason, e.awsErrorDetails().errorMessage());
    }

    @Test
    void redrivablePeriod_is14DaysAfterTheExecutionEnded() throws Exception {
        String arn = failed();
        clock.advance(Duration.ofDays(14));
        DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(arn));
        assertEquals(ExecutionRedriveStatus.REDRIVABLE, d.redriveStatus());
        assertNull(d.redriveStatusReason());

        clock.advance(Duration.ofSeconds(1));
        assertNotRedrivable(arn, "Execution redrivable period exceeded.");
    }

    @Test
    void redrivesWithin14Days_endAfterOneYearOfOpenTime() throws Exception {
        String arn = failed();
        int redrives = 0;
        while (true) {
            clock.advance(Duration.ofDays(13));
            if (sfn.describeExecution(r -> r.executionArn(arn)).redriveStatus() != ExecutionRedriveStatus.REDRIVABLE) {
                break;
            }
            sfn.redriveExecution(r -> r.executionArn(arn));
            assertEquals(ExecutionStatus.FAILED, awaitEnd(arn).status());
            redrives++;
        }
        assertEquals(28, redrives, "the 29th 13-day step passes 365 days after the start");
        assertNotRedrivable(arn, "Execution has exceeded the max execution time.");
    }

    @Test
    void executionOfADeletedStateMachine_isNotRedrivable() throws Exception {
        String arn = failed();
        sfn.deleteStateMachine(r -> r.stateMachineArn(stateMachineArn));
        assertNotRedrivable(arn, "State machine is in DELETING status.");
    }
}
