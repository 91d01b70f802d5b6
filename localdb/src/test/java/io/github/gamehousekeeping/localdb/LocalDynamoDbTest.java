package io.github.gamehousekeeping.localdb;

import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDynamoDbTest {

    @Test
    void createsTablesWithTheContractKeySchema_andResetsThem() {
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            assertEquals("127.0.0.1", db.endpoint().getHost());
            Map<TableSchema, String> names = db.createTables();
            assertEquals(Map.of(Tables.COMPLETED_LEVEL, "CompletedLevel", Tables.COMPLETED_GAME, "CompletedGame",
                    Tables.PLAYER_PROGRESS, "PlayerProgress"), names);
            for (TableSchema schema : Tables.ALL) {
                TableDescription table = db.client().describeTable(b -> b.tableName(schema.defaultName())).table();
                assertEquals(List.of(
                        KeySchemaElement.builder().attributeName(schema.partitionKey().name()).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(schema.sortKey().name()).keyType(KeyType.RANGE).build()),
                        table.keySchema());
                assertEquals(schema.localIndexes().stream().map(i -> i.name()).toList(), table.hasLocalSecondaryIndexes()
                        ? table.localSecondaryIndexes().stream().map(i -> i.indexName()).toList() : List.of());
            }
            assertEquals(List.of("level", "score", "durationMs", "completedAtUtc"), db.client()
                    .describeTable(b -> b.tableName("CompletedLevel")).table().localSecondaryIndexes().get(0)
                    .projection().nonKeyAttributes());
            db.client().putItem(b -> b.tableName("CompletedLevel").item(Map.of(
                    "playerId", AttributeValue.fromS("p"), "eventId", AttributeValue.fromS("e"))));
            assertEquals(1, db.scanAll("CompletedLevel").size());
            db.deleteAll();
            assertTrue(db.scanAll("CompletedLevel").isEmpty());
            // creating again is idempotent
            db.createTables();
        }
    }

    @Test
    void createsTablesUnderGivenNames_andTwoServersRunSideBySide() {
        try (LocalDynamoDb a = LocalDynamoDb.start(); LocalDynamoDb b = LocalDynamoDb.start()) {
            assertTrue(a.endpoint().getPort() != b.endpoint().getPort());
            a.createTables("LevelsA", "GamesA");
            assertEquals(List.of("GamesA", "LevelsA"), a.client().listTables().tableNames());
            assertEquals(List.of(), b.client().listTables().tableNames());
        }
    }
}
