package io.github.gamehousekeeping.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gamehousekeeping.local.cli.ServeCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console in a real browser (Debian's headless Chromium through chromedriver): {@code serve} on the embedded
 * stack in-process, a level completion, a game completion, an invalid event and an input carrying markup, then the
 * pages as a user sees them. Screenshots go to {@code target/}; with {@code -Dhousekeeping.screenshots.update=true} they are also copied to
 * {@code docs/images/} (a plain test run leaves the working tree unchanged).
 * Skipped, with a message, where no Chromium is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final String XSS = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    ServeCommand serve;
    CompletableFuture<Integer> exit;
    String consoleUrl;
    String stateMachineArn;
    Map<String, String> executions = new HashMap<>();
    Map<String, ExecutionStatus> statuses = new java.util.LinkedHashMap<>();
    ChromeDriver driver;
    Path userData;

    @BeforeAll
    void start() throws Exception {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!browser) {
            System.err.println("ConsoleBrowserTest SKIPPED: no Chromium at " + CHROMIUM + " / " + CHROMEDRIVER
                    + " (apt-get install -y chromium chromium-driver)");
        }
        assumeTrue(browser, "no Chromium/chromedriver installed (apt-get install -y chromium chromium-driver)");
        serve = new ServeCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(serve);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        exit = CompletableFuture.supplyAsync(() -> cl.execute("--port", "0", "--wait-scale", "0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!out.toString().contains("\n") && System.nanoTime() < deadline && !exit.isDone()) {
            Thread.sleep(50);
        }
        JsonNode info = MAPPER.readTree(out.toString().lines().findFirst().orElseThrow(() -> new AssertionError(err)));
        consoleUrl = info.get("consoleUrl").asText();
        stateMachineArn = info.get("stateMachineArn").asText();
        assertTrue(consoleUrl.matches("http://127\\.0\\.0\\.1:\\d+/"), consoleUrl);
        assertTrue(err.toString().contains("console at " + consoleUrl), err.toString());

        String level = Files.readString(Path.of("..", "events", "level-completed.json"));
        String game = Files.readString(Path.of("..", "events", "game-completed.json"));
        String invalid = """
                {"eventId":"evt-bad","playerId":"player-42","level":0,"score":1,"durationMs":1,\
                "completedAt":"2026-11-21T10:15:30Z","gameCompleted":false,"cheat":true}""";
        String xss = "{\"eventId\":\"evt-xss\",\"playerId\":" + MAPPER.writeValueAsString(XSS) + ",\"level\":1,\"score\":1,"
                + "\"durationMs\":1,\"completedAt\":\"2026-11-21T10:15:30Z\",\"gameCompleted\":false}";
        try (SfnClient sfn = SfnClient.builder().endpointOverride(URI.create(info.get("stepFunctionsEndpoint").asText()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            // One after the other: the level's report comes before the game's, as a player would play.
            // Warm-ups first: on a busy machine a cold start can outlast a task's TimeoutSeconds (20 s).
            for (int i = 1; i <= 4; i++) {
                String name = "evt-warmup-000" + i;
                String warmup = level.replace("evt-level-0001", name).replace("player-42", "player-warmup");
                executions.put("warmup" + i, run(sfn, name, warmup, deadline));
                if (statuses.get(name) == ExecutionStatus.SUCCEEDED) {
                    break;
                }
            }
            for (String[] run : new String[][] {{"level", "evt-level-0001", level}, {"game", "evt-game-0001", game},
                    {"invalid", "evt-bad", invalid}, {"xss", "evt-xss", xss}}) {
                executions.put(run[0], run(sfn, run[1], run[2], deadline));
            }
            for (String which : List.of("level", "game", "xss")) {
                String arn = executions.get(which);
                var d = sfn.describeExecution(b -> b.executionArn(arn));
                assertEquals(ExecutionStatus.SUCCEEDED, d.status(), which + ": " + d.error() + " " + d.cause());
            }
        }

        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, String> e : executions.entrySet()) {
            String view = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "console/api/execution?arn=" + enc(e.getValue())))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "console-" + e.getKey() + ".json"), view);
        }
        userData = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + userData, "--window-size=1280,800",
                "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    private String run(SfnClient sfn, String name, String input, long deadline) throws InterruptedException {
        String arn = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input)).executionArn();
        ExecutionStatus status;
        do {
            Thread.sleep(100);
            status = sfn.describeExecution(b -> b.executionArn(arn)).status();
        } while (status == ExecutionStatus.RUNNING && System.nanoTime() < deadline);
        statuses.put(name, status);
        return arn;
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (serve != null) {
            serve.stop();
            exit.get(30, TimeUnit.SECONDS);
        }
        if (userData != null) {
            try (var files = Files.walk(userData)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    void stateMachinePage_drawsEveryState_withChoiceLabels_catchEdges_andRetry() throws Exception {
        open(consoleUrl + "#/state-machine/" + enc(stateMachineArn));
        waitFor(By.cssSelector("svg#graph"));
        screenshot("console-state-machine.png", 1280, 1120);
        open(consoleUrl);
        WebElement link = waitFor(By.cssSelector("#state-machines a.sm-link"));
        String row = driver.findElement(By.cssSelector("#state-machines tbody tr")).getText();
        assertTrue(row.contains("Standard") && row.contains("JSONata"), row);
        long succeeded = statuses.values().stream().filter(st -> st == ExecutionStatus.SUCCEEDED).count();
        long failed = statuses.values().stream().filter(st -> st == ExecutionStatus.FAILED).count();
        assertTrue(row.contains("SUCCEEDED " + succeeded) && row.contains("FAILED " + failed), row);
        link.click();
        waitFor(By.cssSelector("svg#graph"));
        String definition = driver.findElement(By.id("definition")).getText();
        JsonNode def = MAPPER.readTree(definition);
        List<String> states = new ArrayList<>();
        collect(def, states);
        assertEquals(11, states.size(), states.toString());
        for (String state : states) {
            assertEquals(1, driver.findElements(By.cssSelector("svg#graph g.node[data-state='" + state + "']")).size(),
                    "state drawn: " + state);
        }
        String choice = driver.findElement(By.cssSelector("g.label.l-choice[data-from='IsGameCompleted']")).getText();
        assertTrue(choice.contains("gameCompleted"), choice);
        assertEquals("Default", driver.findElement(By.cssSelector("g.label.l-default[data-from='IsGameCompleted']")).getText());
        assertFalse(driver.findElements(By.cssSelector("path.edge.e-catch[data-from='ValidateEvent'][data-to='InvalidEvent']")).isEmpty());
        assertTrue(driver.findElement(By.cssSelector("g.node[data-state='ValidateEvent']")).getDomProperty("textContent").contains("retries"));
        // The executions list: newest first, filterable.
        List<WebElement> rows = driver.findElements(By.cssSelector("#executions tbody tr"));
        assertEquals(statuses.size(), rows.size());
        assertTrue(rows.get(0).getText().startsWith("evt-xss"), rows.get(0).getText());
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("status-filter"))).selectByValue("FAILED");
        waitUntil(() -> driver.findElements(By.cssSelector("#executions tbody tr")).size() == failed);
        assertTrue(driver.findElement(By.cssSelector("#executions tbody tr")).getText().startsWith("evt-bad"));
        for (WebElement r : driver.findElements(By.cssSelector("#executions tbody tr"))) {
            assertEquals("FAILED", r.getDomAttribute("data-status"));
        }
        noConsoleErrors();
    }

    @Test
    @Order(2)
    void levelExecution_executedPathSucceeded_statePanelShowsRecordedInputAndOutput_andLambdaColdWarm() {
        openExecution("level");
        for (String s : List.of("ValidateEvent", "Housekeeping", "GenerateReport", "IsGameCompleted", "RecordLevelCompletion", "PublishMetrics")) {
            assertEquals("succeeded", status(s), s);
        }
        for (String s : List.of("RecordGameCompletion", "InvalidEvent", "ReportFailed", "RecordingFailed", "MetricsFailed")) {
            assertEquals("not-run", status(s), s);
        }
        // Keyboard: a state is selected with Enter.
        WebElement node = driver.findElement(By.cssSelector("g.node[data-state='RecordLevelCompletion']"));
        node.sendKeys(Keys.ENTER);
        waitUntil(() -> driver.findElement(By.id("state-h")).getText().equals("RecordLevelCompletion"));
        String input = driver.findElement(By.id("state-input")).getText();
        assertTrue(input.contains("\"eventId\": \"evt-level-0001\""), input);
        String output = driver.findElement(By.id("state-output")).getText();
        assertTrue(output.contains("CompletedLevel"), output);
        assertTrue(driver.findElement(By.id("state-lambda")).getText().matches("(?s).*(warm|cold start).*"), "invocation listed");
        String lambda = driver.findElement(By.id("lambda")).getText();
        assertTrue(lambda.contains("warm"), lambda);
        String history = driver.findElement(By.id("history")).getText();
        assertTrue(history.contains("ExecutionStarted") && history.contains("ExecutionSucceeded"), history);
        // The warm-ups started the execution environments: their cold starts are shown.
        boolean cold = false;
        for (int i = 1; i <= 4 && !cold && executions.containsKey("warmup" + i); i++) {
            openExecution("warmup" + i);
            waitFor(By.id("lambda"));
            cold = driver.findElement(By.id("lambda")).getText().contains("cold start");
        }
        assertTrue(cold, "a cold start shown");
        noConsoleErrors();
    }

    @Test
    @Order(3)
    void gameExecution_takesTheGameBranch() throws Exception {
        openExecution("game");
        driver.findElement(By.cssSelector("g.node[data-state='RecordGameCompletion']")).click();
        screenshot("console-execution.png", 1280, 1120);
        assertEquals("succeeded", status("RecordGameCompletion"));
        assertEquals("not-run", status("RecordLevelCompletion"));
        driver.findElement(By.cssSelector("g.node[data-state='RecordGameCompletion']")).click();
        waitUntil(() -> driver.findElement(By.id("state-h")).getText().equals("RecordGameCompletion"));
        assertTrue(driver.findElement(By.id("state-output")).getText().contains("CompletedGame"));
        assertTrue(driver.findElement(By.id("lambda")).getText().contains("warm"), "the second execution reuses environments");
        noConsoleErrors();
    }

    @Test
    @Order(4)
    void invalidEvent_failedStateMarkedWithItsError_validationCaught() throws Exception {
        openExecution("invalid");
        driver.findElement(By.cssSelector("g.node[data-state='InvalidEvent']")).click();
        screenshot("console-execution-failed.png", 1280, 1120);
        assertEquals("caught", status("ValidateEvent"));
        assertEquals("failed", status("InvalidEvent"));
        WebElement failed = driver.findElement(By.cssSelector("g.node[data-state='InvalidEvent']"));
        assertEquals("Housekeeping.InvalidEvent", failed.getAttribute("data-error"));
        String drawn = failed.getDomProperty("textContent");
        assertTrue(drawn.contains("Housekeeping.InvalidEvent"), drawn);
        assertEquals("not-run", status("Housekeeping"));
        failed.click();
        waitUntil(() -> driver.findElement(By.id("state-h")).getText().equals("InvalidEvent"));
        assertEquals("Housekeeping.InvalidEvent", driver.findElement(By.id("state-error")).getText());
        assertTrue(driver.findElement(By.id("state-cause")).getText().contains("cheat"), "cause names the offending field");
        driver.findElement(By.cssSelector("g.node[data-state='ValidateEvent']")).click();
        waitUntil(() -> driver.findElement(By.id("state-h")).getText().equals("ValidateEvent"));
        assertTrue(driver.findElement(By.id("state-error")).getText().endsWith("InvalidEventException"));
        assertTrue(driver.findElement(By.id("execution-error")).getText().contains("Housekeeping.InvalidEvent"));
        noConsoleErrors();
    }

    @Test
    @Order(5)
    void markupInAnInput_isShownAsText() {
        openExecution("xss");
        String input = driver.findElement(By.id("execution-input")).getText();
        assertTrue(input.contains("<script>window.__xss=1</script>"), input);
        driver.findElement(By.cssSelector("g.node[data-state='ValidateEvent']")).click();
        waitUntil(() -> driver.findElement(By.id("state-h")).getText().equals("ValidateEvent"));
        assertTrue(driver.findElement(By.id("state-input")).getText().contains("<img src=x"));
        Object injected = ((JavascriptExecutor) driver).executeScript(
                "return [window.__xss === undefined, document.querySelectorAll('main script, main img').length]");
        assertEquals(List.of(true, 0L), injected);
        noConsoleErrors();
    }

    @Test
    @Order(6)
    void startExecution_fromThePage_validatesAndShowsTheApiErrorInline() {
        open(consoleUrl + "#/state-machine/" + enc(stateMachineArn));
        waitFor(By.id("start-form"));
        WebElement name = driver.findElement(By.id("start-name"));
        WebElement input = driver.findElement(By.id("start-input"));
        input.clear();
        input.sendKeys("{not json");
        driver.findElement(By.id("start-button")).click();
        waitUntil(() -> driver.findElement(By.id("start-error")).getText().startsWith("The input is not valid JSON"));
        input.clear();
        input.sendKeys("{}");
        name.sendKeys("bad name!");
        driver.findElement(By.id("start-button")).click();
        waitUntil(() -> driver.findElement(By.id("start-error")).getText().startsWith("InvalidName"));
        name.clear();
        name.sendKeys("evt-level-0001");
        input.clear();
        input.sendKeys("{\"other\":1}");
        driver.findElement(By.id("start-button")).click();
        waitUntil(() -> driver.findElement(By.id("start-error")).getText().startsWith("ExecutionAlreadyExists"));
        name.clear();
        name.sendKeys("from-the-console");
        driver.findElement(By.id("start-button")).click();
        waitUntil(() -> driver.getCurrentUrl().contains("#/execution/") && !driver.findElements(By.id("execution-status")).isEmpty()
                && !driver.findElement(By.id("execution-status")).getText().equals("RUNNING"));
        assertEquals("FAILED", driver.findElement(By.id("execution-status")).getText(), "{\"other\":1} is not a valid event");
        noConsoleErrors();
    }

    @Test
    @Order(7)
    void narrowWindow_hasNoHorizontalScroll() throws Exception {
        driver.manage().window().setSize(new Dimension(420, 800));
        try {
            openExecution("game");
            Object fits = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth");
            assertEquals(Boolean.TRUE, fits);
            Files.write(Path.of("target", "console-narrow.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            noConsoleErrors();
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(8)
    void foreignHost_andForeignOrigin_areRefused() throws Exception {
        URI uri = URI.create(consoleUrl);
        assertEquals(403, rawStatus(uri.getPort(), "GET / HTTP/1.1\r\nHost: rebind.example:" + uri.getPort() + "\r\nConnection: close\r\n\r\n"));
        assertEquals(403, rawStatus(uri.getPort(), "POST / HTTP/1.1\r\nHost: rebind.example\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
        assertEquals(200, rawStatus(uri.getPort(), "GET / HTTP/1.1\r\nHost: localhost:" + uri.getPort() + "\r\nConnection: close\r\n\r\n"));
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"stateMachineArn\":\"" + stateMachineArn + "\",\"name\":\"csrf\",\"input\":\"{}\"}";
        HttpResponse<String> csrf = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "console/api/start-execution"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, csrf.statusCode(), csrf.body());
        HttpResponse<String> noOrigin = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "console/api/start-execution"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noOrigin.statusCode(), noOrigin.body());
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "console/api/executions?stateMachineArn="
                + enc(stateMachineArn) + "&status=RUNNING")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains("csrf"));
        assertNotNull(list.headers().firstValue("Content-Security-Policy").orElse(null));
    }

    @Test
    @Order(9)
    void redriveButton_onAFailedExecution_redrivesIt() {
        openExecution("invalid");
        assertTrue(driver.findElements(By.id("redrive-count")).isEmpty(), "never redriven yet");
        driver.findElement(By.cssSelector("button.redrive")).click();
        waitUntil(() -> driver.findElement(By.id("redrive-count")).getText().equals("1")
                && driver.findElement(By.id("execution-status")).getText().equals("FAILED"));
        // AWS's redrive of a failure caught into a Fail state: it re-enters InvalidEvent and fails again (still redrivable).
        assertEquals("Housekeeping.InvalidEvent", driver.findElement(By.id("execution-error")).getText());
        assertFalse(driver.findElements(By.cssSelector("button.redrive")).isEmpty());
        noConsoleErrors();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void openExecution(String which) {
        open(consoleUrl + "#/execution/" + enc(executions.get(which)));
        waitFor(By.cssSelector("svg#graph g.node[data-status]"));
    }

    private void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    private String status(String state) {
        return driver.findElement(By.cssSelector("g.node[data-state='" + state + "']")).getAttribute("data-status");
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d -> condition.getAsBoolean());
    }

    private void noConsoleErrors() {
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                severe.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertEquals(List.of(), severe, "browser console");
    }

    private void screenshot(String name, int width, int maxHeight) throws Exception {
        Object height = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        int h = Math.min(maxHeight, Math.max(800, ((Number) height).intValue()));
        driver.manage().window().setSize(new Dimension(width, h));
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0); document.activeElement.blur()");
        Thread.sleep(300);
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Path target = Path.of("target", name);
            Files.createDirectories(target.getParent());
            Files.write(target, png);
            Path docs = Path.of("..", "docs", "images");
            if (Boolean.getBoolean("housekeeping.screenshots.update") && Files.isDirectory(docs.getParent())) {
                Files.createDirectories(docs);
                Files.copy(target, docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    private static int rawStatus(int port, String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.write(c);
            }
            String status = line.toString(StandardCharsets.UTF_8);
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void collect(JsonNode machine, List<String> names) {
        machine.path("States").fields().forEachRemaining(f -> {
            names.add(f.getKey());
            f.getValue().path("Branches").forEach(b -> collect(b, names));
            JsonNode p = f.getValue().has("ItemProcessor") ? f.getValue().get("ItemProcessor") : f.getValue().get("Iterator");
            if (p != null) {
                collect(p, names);
            }
        });
    }
}
