package io.github.gamehousekeeping.client;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.HousekeepingOutput;
import io.github.gamehousekeeping.local.junit.HousekeepingLocal;
import io.github.gamehousekeeping.local.junit.HousekeepingStateMachineArn;
import io.github.gamehousekeeping.local.junit.LocalStepFunctions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against the local stack deployed as Express ({@code workflowType=EXPRESS}): submitAndWait is one call. */
@HousekeepingLocal(workflowType = "EXPRESS")
class HousekeepingClientExpressEndToEndTest {
    @Test
    void submitAndWait_onTheExpressStack(LocalStepFunctions local, @HousekeepingStateMachineArn String express) throws Exception {
        try (HousekeepingClient client = HousekeepingClient.builder().stateMachineArn(express).endpointOverride(local.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(local.credentials()).build()) {
            CompletionEvent e = HousekeepingClientEndToEndTest.event(HousekeepingClientEndToEndTest.player(), 2, 200, 20_000,
                    "2026-11-21T12:30:00Z", true);
            assertTrue(client.isExpress()); // DescribeStateMachine once per client; the type is kept
            long before = local.requestCount();
            ExecutionResult result = client.submitAndWait(e, Duration.ofSeconds(60));

            HousekeepingOutput out = assertInstanceOf(ExecutionResult.Succeeded.class, result, result.toString()).output();
            assertEquals(1, local.requestCount() - before, "one StartSyncExecution per submission");
            assertEquals(e, out.event());
            assertEquals(java.util.List.of("CompletedLevel", "CompletedGame"), out.recorded().tables());
        }
    }
}
