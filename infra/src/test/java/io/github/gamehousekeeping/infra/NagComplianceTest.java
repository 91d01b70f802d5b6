package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.sns.Topic;

class NagComplianceTest {

    private static String describe(List<SynthesisMessage> messages) {
        StringBuilder out = new StringBuilder();
        messages.forEach(m -> out.append('\n').append(m.getId()).append(": ").append(m.getEntry().getData()));
        return out.toString();
    }

    @Test
    void synthHasNoErrorOrWarning_inDefaultAndVariantConfigurations() {
        for (StackFixture f : List.of(StackFixture.defaults(), StackFixture.variant())) {
            Annotations annotations = Annotations.fromStack(f.stack);
            List<SynthesisMessage> errors = annotations.findError("*", Match.anyValue());
            List<SynthesisMessage> warnings = annotations.findWarning("*", Match.anyValue());
            assertTrue(errors.isEmpty(), "errors:" + describe(errors));
            assertTrue(warnings.isEmpty(), "warnings:" + describe(warnings));
        }
    }

    @Test
    void nagFailsTheSynth_whenANonCompliantResourceJoinsTheStack() throws IOException {
        App app = StackFixture.newApp(Map.of());
        HousekeepingStack stack = HousekeepingApp.createStack(app);
        new Topic(stack, "DeliberatelyNonCompliantTopic");
        // An error annotation fails the synthesis (so `cdk synth` fails too) and lands in the validation report.
        RuntimeException failure = assertThrows(RuntimeException.class, () -> Annotations.fromStack(stack));
        assertTrue(failure.getMessage().contains("Validation failed"), failure.getMessage());
        String report = Files.readString(Path.of(app.getOutdir(), "validation-report.json"));
        assertTrue(report.contains("AwsSolutions-SNS3")
                && report.contains("GameHousekeeping/DeliberatelyNonCompliantTopic"), report);
        List<String> findings = Files.readAllLines(
                Path.of(app.getOutdir(), "AwsSolutions-" + HousekeepingApp.STACK_NAME + "-NagReport.csv")).stream()
                .filter(line -> line.contains("DeliberatelyNonCompliantTopic") && line.contains("Non-Compliant")).toList();
        assertEquals(1, findings.size(), "SNS3 (no TLS enforcement): " + findings);
        assertTrue(findings.get(0).startsWith("\"AwsSolutions-SNS3\""), findings.get(0));
    }

    @Test
    void everySuppression_isScopedToNamedWildcards_withAReason() {
        StackFixture f = StackFixture.variant();
        int suppressions = 0;
        for (Map.Entry<String, JsonElement> e : f.resources().entrySet()) {
            JsonObject metadata = e.getValue().getAsJsonObject().getAsJsonObject("Metadata");
            if (metadata == null || !metadata.has("cdk_nag")) {
                continue;
            }
            for (JsonElement rule : metadata.getAsJsonObject("cdk_nag").getAsJsonArray("rules_to_suppress")) {
                JsonObject r = rule.getAsJsonObject();
                assertEquals("AwsSolutions-IAM5", r.get("id").getAsString(), e.getKey());
                assertEquals(List.of("Resource::*"), StackFixture.strings(r.get("applies_to")), e.getKey());
                assertTrue(r.get("reason").getAsString().length() > 60, "a reason a reviewer can check");
                assertFalse(r.get("reason").getAsString().isBlank());
                suppressions++;
            }
        }
        // 5 function roles + the state machine role, each on the role and its default policy.
        assertEquals(12, suppressions);
    }
}
