package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.server.TaskRouting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code serve --mock-config FILE}: reads and checks a Step Functions Local mock configuration before anything starts. */
final class MockConfigFile {
    private MockConfigFile() {
    }

    /** The parsed file, or a usage error naming the file and the problem. */
    static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LocalCli.UsageError("--mock-config file not found: " + file);
        } catch (IOException e) {
            throw new LocalCli.UsageError("--mock-config file cannot be read: " + file + " (" + e.getMessage() + ")");
        }
        JsonNode config;
        try {
            config = Json.parse(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new LocalCli.UsageError("--mock-config " + file + ": invalid JSON" + where + ": " + e.getOriginalMessage());
        }
        try {
            TaskRouting.validate(config);
        } catch (IllegalArgumentException e) {
            throw new LocalCli.UsageError("--mock-config " + file + ": " + e.getMessage());
        }
        return config;
    }
}
