package io.github.gamehousekeeping.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM during a load, on a real {@code java -jar target/housekeeping-local.jar serve}: starts after the signal are
 * refused with ServiceUnavailable, and every execution the server accepted is reported either as ended or as
 * abandoned (by name); none is lost silently.
 */
class ShutdownScenario {
    static final int CALLERS = 16;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void sigtermDuringALoad_everyAcceptedExecutionEndsOrIsListedAsAbandoned() throws Exception {
        long t0 = System.nanoTime();
        Path jar = Path.of("target", "housekeeping-local.jar");
        assertTrue(Files.isRegularFile(jar), "run in the integration-test phase, after package: no " + jar.toAbsolutePath());
        Path stderr = Path.of("target", "shutdown-scenario-serve.log");
        Path stdout = Path.of("target", "shutdown-scenario-serve.out");
        Files.deleteIfExists(stdout);
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "serve", "--port", "0", "--shutdown-grace-seconds", "20")
                .redirectError(stderr.toFile()).redirectOutput(stdout.toFile()).start();
        try {
            // stdout goes to a file (reading a child's pipe while it exits can fail with "Stream closed")
            long upBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while ((!Files.exists(stdout) || !Files.readString(stdout).contains("\n")) && System.nanoTime() < upBy && serve.isAlive()) {
                Thread.sleep(100);
            }
            JsonNode info = Scenarios.MAPPER.readTree(Files.readString(stdout).lines().findFirst()
                    .orElseThrow(() -> new AssertionError("serve did not start: " + readQuietly(stderr))));
            String arn = info.get("stateMachineArn").asText();

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger names = new AtomicInteger();
            AtomicBoolean sent = new AtomicBoolean();
            List<String> unexpected = new CopyOnWriteArrayList<>();
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            List<Future<?>> work = new ArrayList<>();
            try (SfnClient sfn = Scenarios.sfn(URI.create(info.get("stepFunctionsEndpoint").asText()))) {
                for (int c = 0; c < CALLERS; c++) {
                    work.add(callers.submit(() -> {
                        while (true) {
                            String name = "shutdown-" + names.getAndIncrement();
                            try {
                                String input = Scenarios.event("shutdown", names.get(), 5).put("eventId", name).toString();
                                sfn.startExecution(b -> b.stateMachineArn(arn).name(name).input(input));
                                accepted.add(name);
                                Thread.sleep(50);
                            } catch (SfnException e) {
                                if (e.statusCode() == 503 && "ServiceUnavailable".equals(e.awsErrorDetails().errorCode())) {
                                    refused.incrementAndGet();
                                } else {
                                    unexpected.add(name + ": " + e.getMessage());
                                }
                                if (sent.get()) {
                                    return null;
                                }
                            } catch (SdkException e) {
                                if (sent.get()) {
                                    return null; // the server has gone
                                }
                                unexpected.add(name + ": " + e.getMessage());
                            }
                        }
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (accepted.size() < 150 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                int atSignal = accepted.size();
                sent.set(true);
                serve.destroy(); // SIGTERM
                for (Future<?> f : work) {
                    f.get(90, TimeUnit.SECONDS);
                }
                callers.shutdown();
                assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stopped");
                List<String> lines = Files.readAllLines(stdout);

                JsonNode report = null;
                for (String line : lines) {
                    if (line.startsWith("{\"shutdown\"")) {
                        report = Scenarios.MAPPER.readTree(line).get("shutdown");
                    }
                }
                assertTrue(report != null, "a shutdown report on stdout: " + lines + "; exit " + serve.exitValue()
                        + "; stderr: " + readQuietly(stderr));
                int ended = 0;
                for (JsonNode n : report.get("ended")) {
                    ended += n.asInt();
                }
                Set<String> abandoned = new HashSet<>();
                report.get("abandoned").forEach(n -> abandoned.add(n.asText()));
                System.out.printf(java.util.Locale.ROOT, "shutdown: SIGTERM after %d accepted starts; %d accepted in all, "
                                + "%d refused with ServiceUnavailable; report: %s; scenario %.1f s%n", atSignal,
                        accepted.size(), refused.get(), report, (System.nanoTime() - t0) / 1e9);
                assertEquals(List.of(), unexpected);
                assertEquals(accepted.size(), report.get("accepted").asInt(), "the server accounts for every accepted start");
                assertEquals(accepted.size(), ended + abandoned.size(), "every accepted execution ended or is listed as abandoned");
                assertTrue(accepted.containsAll(abandoned), "abandoned ones are accepted ones, by name: " + abandoned);
                assertTrue(refused.get() > 0, "starts after SIGTERM are refused with ServiceUnavailable");
            }
        } finally {
            serve.destroyForcibly();
        }
    }

    private static String readQuietly(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 2000 ? text.substring(0, 2000) : text;
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
