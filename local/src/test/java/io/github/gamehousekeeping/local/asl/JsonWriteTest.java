package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link Json#write} writes the tree itself: the text must stay exactly what Jackson's mapper writes. */
class JsonWriteTest {
    private static void assertSameAsJackson(JsonNode node) throws Exception {
        assertEquals(Json.MAPPER.writeValueAsString(node), Json.write(node));
    }

    @Test
    void escapesEveryCharacterAsJacksonDoes() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
            assertSameAsJackson(Json.NODES.textNode(String.valueOf((char) c)));
        }
        ObjectNode o = Json.object();
        o.put(all.toString(), all.toString());
        assertSameAsJackson(o);
        assertSameAsJackson(Json.NODES.textNode("a\"b\\c\u0000\u001f\u007f\u2028\uD83D\uDE00 end"));
    }

    @Test
    void writesNumbersAsJacksonDoes() throws Exception {
        List<JsonNode> numbers = List.of(Json.NODES.numberNode(0), Json.NODES.numberNode(-7), Json.NODES.numberNode(Integer.MIN_VALUE),
                Json.NODES.numberNode(Long.MAX_VALUE), Json.NODES.numberNode((short) 3), Json.NODES.numberNode(new BigInteger("123456789012345678901234567890")),
                Json.NODES.numberNode(1.5d), Json.NODES.numberNode(1e300d), Json.NODES.numberNode(2.5f),
                Json.NODES.numberNode(new BigDecimal("10.0")), Json.NODES.numberNode(new BigDecimal("1E+3")),
                Json.NODES.numberNode(new BigDecimal("-0.000001")), Json.NODES.numberNode(new BigDecimal("1e-10")));
        for (JsonNode n : numbers) {
            assertSameAsJackson(n);
        }
        assertSameAsJackson(Json.parse("[1, 2.50, -3e5, 1.0E-7, 123456789012345678901234567890, 0.1, true, false, null, {}, [], {\"a\":[{}]}]"));
    }

    @Test
    void writesTimestampsAsTheFormatterDoes() {
        java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(11);
        List<java.time.Instant> instants = new java.util.ArrayList<>(List.of(java.time.Instant.EPOCH, java.time.Instant.parse("1969-12-31T23:59:59.999Z"),
                java.time.Instant.parse("2024-02-29T23:59:59.999999999Z"), java.time.Instant.parse("9999-12-31T23:59:59.999Z"),
                java.time.Instant.parse("+10000-01-01T00:00:00Z"), java.time.Instant.parse("0001-01-01T00:00:00.001Z"), java.time.Instant.now()));
        for (int i = 0; i < 10_000; i++) {
            instants.add(java.time.Instant.ofEpochSecond(random.nextLong(253_402_300_800L), random.nextInt(1_000_000_000)));
        }
        for (java.time.Instant t : instants) {
            assertEquals(formatter.format(t), Json.timestamp(t), t::toString);
        }
    }

    @Test
    void writesTheRecordedCorpusAsJacksonDoes() throws Exception {
        Path cases = AwsRecordedCasesTest.corpusDir().resolve("cases");
        assumeTrue(Files.isDirectory(cases), cases + " is absent: recorded corpus not compared");
        try (Stream<Path> files = Files.list(cases)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                assertSameAsJackson(Json.parse(Files.readString(f)));
            }
        }
    }
}
