package io.github.gamehousekeeping.local.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import io.github.gamehousekeeping.local.server.StepFunctionsServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** One running runtime: the housekeeping stack, the Step Functions API server over it, and an SfnClient for it. */
@SuppressWarnings("deprecation") // CloseableResource: closed by JUnit versions that do not close AutoCloseable values
final class LocalRuntime implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    final HousekeepingRuntime runtime;
    final StepFunctionsServer server;
    final SfnClient sfn;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalRuntime(HousekeepingRuntime runtime, StepFunctionsServer server) {
        this.runtime = runtime;
        this.server = server;
        this.sfn = sfnClient(server);
    }

    static LocalRuntime start(HousekeepingLocalExtension.Settings settings) {
        JsonNode mocks = settings.mockConfig() == null ? null : readMockConfig(settings.mockConfig());
        HousekeepingRuntime.Options options = new HousekeepingRuntime.Options().waitScale(settings.waitScale());
        if (settings.workflowType() != null) {
            options.workflowType(settings.workflowType());
        }
        HousekeepingRuntime runtime = HousekeepingRuntime.start(options);
        try {
            if (mocks != null) {
                runtime.executions().taskRouting().mockConfig(mocks);
            }
            return new LocalRuntime(runtime, StepFunctionsServer.start(runtime.executions(), 0));
        } catch (IOException e) {
            runtime.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** A new SfnClient for the server: dummy credentials, us-east-1, no {@code sync-} host prefix. */
    static SfnClient sfnClient(StepFunctionsServer server) {
        return SfnClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    private static JsonNode readMockConfig(String resourceOrFile) {
        String text;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resourceOrFile.replaceFirst("^/", ""))) {
            if (in != null) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } else if (Files.isRegularFile(Path.of(resourceOrFile))) {
                text = Files.readString(Path.of(resourceOrFile));
            } else {
                throw new IllegalArgumentException("mockConfig: no class path resource or file " + resourceOrFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("mockConfig " + resourceOrFile + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sfn.close();
            server.close();
            runtime.close();
        }
    }
}
