package io.github.gamehousekeeping.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every item of every table as plain JSON (numbers as numbers, sets as arrays), sorted by key for stable output. */
public final class TableDump {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private TableDump() {
    }

    /** {@code {"TableName": [item, ...], ...}}, tables in name order, items ordered by their key attributes. */
    public static ObjectNode dump(DynamoDbClient dynamoDb) {
        ObjectNode out = NODES.objectNode();
        List<String> tables = dynamoDb.listTablesPaginator().tableNames().stream().sorted().toList();
        for (String table : tables) {
            List<String> keys = dynamoDb.describeTable(b -> b.tableName(table)).table().keySchema().stream()
                    .map(k -> k.attributeName()).toList();
            ArrayNode items = out.putArray(table);
            dynamoDb.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build()).items().stream()
                    .map(TableDump::item)
                    .sorted(Comparator.comparing((ObjectNode item) -> sortKey(item, keys)))
                    .forEach(items::add);
        }
        return out;
    }

    private static String sortKey(ObjectNode item, List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append(item.path(k).asText()).append('\u0000');
        }
        return sb.toString();
    }

    /** One item as JSON, attributes in name order. */
    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(item).forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    static JsonNode value(AttributeValue v) {
        if (v.s() != null) {
            return NODES.textNode(v.s());
        }
        if (v.n() != null) {
            return number(v.n());
        }
        if (v.bool() != null) {
            return NODES.booleanNode(v.bool());
        }
        if (Boolean.TRUE.equals(v.nul())) {
            return NODES.nullNode();
        }
        if (v.b() != null) {
            return NODES.textNode(Base64.getEncoder().encodeToString(v.b().asByteArray()));
        }
        if (v.hasM()) {
            return item(v.m());
        }
        ArrayNode array = NODES.arrayNode();
        if (v.hasL()) {
            v.l().forEach(e -> array.add(value(e)));
        } else if (v.hasSs()) {
            v.ss().stream().sorted().forEach(array::add);
        } else if (v.hasNs()) {
            v.ns().stream().map(BigDecimal::new).sorted().forEach(n -> array.add(number(n.toPlainString())));
        } else if (v.hasBs()) {
            v.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        }
        return array;
    }

    private static JsonNode number(String n) {
        BigDecimal d = new BigDecimal(n);
        if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
            try {
                return NODES.numberNode(d.longValueExact());
            } catch (ArithmeticException tooLarge) {
                return NODES.numberNode(d.toBigIntegerExact());
            }
        }
        return NODES.numberNode(d);
    }
}
