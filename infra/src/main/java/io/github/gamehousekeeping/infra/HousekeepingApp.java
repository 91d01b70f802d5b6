package io.github.gamehousekeeping.infra;

import com.google.gson.JsonParser;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/**
 * The CDK app. {@code npx cdk synth|deploy [-c stage=dev] [-c workflowType=EXPRESS] [-c metricsMode=api]
 * [-c metricsNamespace=...] [-c alarmEmail=...]}.
 */
public final class HousekeepingApp {
    /** The stack's name (one stage per account and region: the table names are fixed). */
    public static final String STACK_NAME = "GameHousekeeping";

    private HousekeepingApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        createStack(app);
        app.synth();
    }

    /**
     * Builds the stack on {@code app} from its context (see {@link HousekeepingStackProps}) and adds the cdk-nag
     * AwsSolutions checks. The app and the tests both go through here.
     */
    public static HousekeepingStack createStack(App app) {
        Path root = ProjectLayout.findRoot();
        HousekeepingStackProps props = HousekeepingStackProps.fromContext(app.getNode(), root, sampleEvent(root));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new HousekeepingStack(app, STACK_NAME, props);
    }

    private static String sampleEvent(Path root) {
        Path file = root.resolve(ProjectLayout.SAMPLE_EVENT);
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sample event " + file, e);
        }
    }
}
