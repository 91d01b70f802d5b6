package io.github.gamehousekeeping.local.junit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A JVM-scoped runtime is shared: this class and its @Nested class get the same one (and so does StackTasksTest). */
@HousekeepingLocal(scope = HousekeepingLocal.Scope.JVM)
class SharedRuntimeTest {
    static LocalStepFunctions outer;

    @BeforeAll
    static void remember(LocalStepFunctions local) {
        outer = local;
    }

    @Test
    void injectsTheClientsOfTheRuntime(LocalStepFunctions local, SfnClient sfn, @HousekeepingStateMachineArn String arn) {
        assertSame(outer, local);
        assertSame(local.sfn(), sfn);
        assertEquals(local.housekeepingStateMachineArn(), arn);
        assertEquals(arn, sfn.describeStateMachine(r -> r.stateMachineArn(arn)).stateMachineArn());
    }

    @Nested
    class Inner {
        @Test
        void sharesTheOuterClassesRuntime(LocalStepFunctions local) {
            assertSame(outer, local);
        }
    }
}
