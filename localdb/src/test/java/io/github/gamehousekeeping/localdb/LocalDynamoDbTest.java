package io.github.gamehousekeeping.localdb;

import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void createsATableInProcess_withItsIndexesThroughputAndStream_onceOnly_andRefusesAnInvalidOneWithDynamoDbsMessage() {
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            CreateTableRequest request = CreateTableRequest.builder().tableName("Scores")
                    .attributeDefinitions(attribute("player", ScalarAttributeType.S), attribute("at", ScalarAttributeType.N),
                            attribute("level", ScalarAttributeType.N))
                    .keySchema(key("player", KeyType.HASH), key("at", KeyType.RANGE))
                    .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L).build())
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byLevel")
                            .keySchema(key("level", KeyType.HASH), key("at", KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                            .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(2L).writeCapacityUnits(3L).build())
                            .build())
                    .streamSpecification(StreamSpecification.builder().streamEnabled(true)
                            .streamViewType(StreamViewType.NEW_IMAGE).build())
                    .build();
            assertTrue(db.createTable(request));
            assertFalse(db.createTable(request), "an existing table is left as it is");

            TableDescription table = db.client().describeTable(b -> b.tableName("Scores")).table();
            assertEquals(List.of(key("player", KeyType.HASH), key("at", KeyType.RANGE)), table.keySchema());
            assertEquals(7L, table.provisionedThroughput().writeCapacityUnits());
            assertEquals("byLevel", table.globalSecondaryIndexes().get(0).indexName());
            assertEquals(ProjectionType.KEYS_ONLY, table.globalSecondaryIndexes().get(0).projection().projectionType());
            assertEquals(3L, table.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits());
            assertEquals(StreamViewType.NEW_IMAGE, table.streamSpecification().streamViewType());

            CreateTableRequest undefinedKey = CreateTableRequest.builder().tableName("Broken")
                    .attributeDefinitions(attribute("player", ScalarAttributeType.S))
                    .keySchema(key("player", KeyType.HASH), key("missing", KeyType.RANGE))
                    .billingMode(BillingMode.PAY_PER_REQUEST).build();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> db.createTable(undefinedKey));
            assertTrue(refused.getMessage().startsWith("DynamoDB Local refused to create table Broken: "), refused.getMessage());
            assertTrue(refused.getMessage().contains("ValidationException: Range Key not specified in Attribute Definitions"),
                    refused.getMessage());
            assertEquals(List.of("Scores"), db.client().listTables().tableNames());
        }
    }

    @Test
    void dynamoDbLocalsLogGoesToStderr_warningsAndErrorsOnly_withoutStartingLog4jCore() {
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            db.createTables();
            // log4j-core's start-up (plugin scan, XML configuration) is skipped; its log4j2.xml wrote to stdout.
            assertEquals("org.apache.logging.log4j.simple.SimpleLoggerContext",
                    org.apache.logging.log4j.LogManager.getContext(false).getClass().getName());
            org.apache.logging.log4j.Logger logger = org.apache.logging.log4j.LogManager.getLogger(
                    "com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler");
            assertTrue(logger.isWarnEnabled());
            assertFalse(logger.isInfoEnabled());
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
