package io.github.gamehousekeeping.local.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What Lambda puts in the runtime's environment from a function's LoggingConfig, as the local runtime does. */
class LoggingVariablesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void jsonFormat_setsTheFormatAndTheApplicationLevel_textOnlyTheFormat() throws Exception {
        assertEquals(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON", "AWS_LAMBDA_LOG_LEVEL", "DEBUG"),
                LocalDeployment.loggingVariables(MAPPER.readTree(
                        "{\"LogFormat\":\"JSON\",\"ApplicationLogLevel\":\"DEBUG\",\"SystemLogLevel\":\"DEBUG\"}")));
        assertEquals(Map.of("AWS_LAMBDA_LOG_FORMAT", "Text"),
                LocalDeployment.loggingVariables(MAPPER.readTree("{\"LogFormat\":\"Text\"}")));
        assertEquals(Map.of(), LocalDeployment.loggingVariables(null));
    }
}
