package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one event file as exactly one JSON document, with errors that name the file and say what is wrong. */
final class EventFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A file that is not one JSON document: the message names the file (and the line and column when known). */
    static final class BadEventFile extends Exception {
        private static final long serialVersionUID = 1L;

        BadEventFile(String message) {
            super(message);
        }
    }

    private EventFiles() {
    }

    static JsonNode read(Path file) throws IOException, BadEventFile {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new BadEventFile(file + " is empty: an event file holds one JSON object");
        }
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonNode node = MAPPER.readTree(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new BadEventFile(file + " holds more than one JSON document: a second one starts" + at(parser.currentTokenLocation())
                        + " (an event file holds one JSON object)");
            }
            return node;
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage();
            if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
                what = "nested too deeply (" + what + ")";
            }
            throw new BadEventFile(file + " is not valid JSON: " + what + at(e.getLocation()));
        } catch (StackOverflowError e) {
            throw new BadEventFile(file + " is not a usable event: JSON nested too deeply");
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
