package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Paths#read} reads plain {@code .name}/{@code [index]} paths itself: it must select what Jayway selects. */
class PathsReadTest {
    private static final Configuration JAYWAY = Configuration.builder().jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER)).build();

    @Test
    void selectsWhatJaywaySelects_andFailsWhereItFails() throws Exception {
        JsonNode data = Json.parse("{\"a\":{\"b\":[10,{\"c\":\"x\"},null,2.50,12345678901,123456789012345678901234567890,true]},"
                + "\"_u\":1,\"n\":null,\"list\":[[1,2],[3]],\"e\":{}}");
        List<String> paths = List.of("$.a", "$.a.b", "$.a.b[0]", "$.a.b[1].c", "$.a.b[2]", "$.a.b[3]", "$.a.b[4]", "$.a.b[5]", "$.a.b[6]",
                "$._u", "$.n", "$.list[1][0]", "$.e", "$.missing", "$.a.b[7]", "$.a.b[1].c.d", "$.n.x", "$.list[0].x", "$.a[0]",
                "$.a.b[01]", "$['a']['b'][0]", "$.a.b[-1]", "$.a.*", "$.list[*][0]", "$..c", "$.a.b.length()");
        for (String path : paths) {
            JsonNode expected;
            try {
                Object value = JsonPath.compile(path).read(data, JAYWAY);
                expected = Json.toNode(value);
            } catch (RuntimeException e) {
                if (JsonPath.compile(path).isDefinite()) {
                    assertThrows(Paths.PathNotFound.class, () -> Paths.read(path, data, Json.object()), path);
                    continue;
                }
                expected = Json.array();
            }
            JsonNode actual = Paths.read(path, data, Json.object());
            assertNotNull(actual, path);
            assertEquals(Json.write(expected), Json.write(actual), path);
            assertEquals(expected.getNodeType(), actual.getNodeType(), path);
        }
    }

    @Test
    void readsTheContextObject() throws Exception {
        JsonNode context = Json.parse("{\"Execution\":{\"Input\":{\"k\":[1]}}}");
        assertEquals("1", Json.write(Paths.read("$$.Execution.Input.k[0]", Json.object(), context)));
        assertThrows(Paths.PathNotFound.class, () -> Paths.read("$$.Execution.Missing", Json.object(), context));
    }
}
