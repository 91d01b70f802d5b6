package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.github.gamehousekeeping.contract.LocalIndexSchema;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class TablesTest {

    private static String tableId(StackFixture fixture, TableSchema schema) {
        List<String> ids = fixture.idsOfType("AWS::DynamoDB::Table").stream()
                .filter(id -> schema.defaultName().equals(fixture.properties(id).get("TableName").getAsString()))
                .toList();
        assertEquals(1, ids.size(), "one table named " + schema.defaultName());
        return ids.get(0);
    }

    @Test
    void createsExactlyTheContractTables_withTheirDefaultNames() {
        StackFixture f = StackFixture.defaults();
        assertEquals(Tables.ALL.size(), f.idsOfType("AWS::DynamoDB::Table").size());
        for (TableSchema schema : Tables.ALL) {
            tableId(f, schema);
        }
    }

    @Test
    void keySchema_comesFromTheContract() {
        StackFixture f = StackFixture.defaults();
        for (TableSchema schema : Tables.ALL) {
            JsonObject table = f.properties(tableId(f, schema));
            List<JsonElement> keys = table.getAsJsonArray("KeySchema").asList();
            assertEquals(2, keys.size());
            assertEquals(schema.partitionKey().name(), keys.get(0).getAsJsonObject().get("AttributeName").getAsString());
            assertEquals("HASH", keys.get(0).getAsJsonObject().get("KeyType").getAsString());
            assertEquals(schema.sortKey().name(), keys.get(1).getAsJsonObject().get("AttributeName").getAsString());
            assertEquals("RANGE", keys.get(1).getAsJsonObject().get("KeyType").getAsString());
            Map<String, String> types = new HashMap<>();
            table.getAsJsonArray("AttributeDefinitions").forEach(a -> types.put(
                    a.getAsJsonObject().get("AttributeName").getAsString(),
                    a.getAsJsonObject().get("AttributeType").getAsString()));
            Map<String, String> expected = new HashMap<>(Map.of(
                    schema.partitionKey().name(), schema.partitionKey().type().dynamoDbType(),
                    schema.sortKey().name(), schema.sortKey().type().dynamoDbType()));
            schema.localIndexes().forEach(i -> expected.put(i.sortKey().name(), i.sortKey().type().dynamoDbType()));
            assertEquals(expected, types);
        }
    }

    @Test
    void completedLevel_hasTheContractsByLevelIndex() {
        StackFixture f = StackFixture.defaults();
        LocalIndexSchema index = Tables.COMPLETED_LEVEL.localIndexes().get(0);
        f.template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", Tables.COMPLETED_LEVEL.defaultName(),
                "LocalSecondaryIndexes", List.of(Map.of(
                        "IndexName", Tables.BY_LEVEL_INDEX,
                        "KeySchema", List.of(
                                Map.of("AttributeName", Tables.COMPLETED_LEVEL.partitionKey().name(), "KeyType", "HASH"),
                                Map.of("AttributeName", index.sortKey().name(), "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "INCLUDE",
                                "NonKeyAttributes", index.projectedAttributes()))))));
    }

    @Test
    void tablesAreOnDemand_withPointInTimeRecoveryAndKmsEncryption() {
        StackFixture f = StackFixture.defaults();
        for (String id : f.idsOfType("AWS::DynamoDB::Table")) {
            JsonObject table = f.properties(id);
            assertEquals("PAY_PER_REQUEST", table.get("BillingMode").getAsString());
            assertFalse(table.has("ProvisionedThroughput"));
            assertTrue(table.getAsJsonObject("PointInTimeRecoverySpecification")
                    .get("PointInTimeRecoveryEnabled").getAsBoolean());
            JsonObject sse = table.getAsJsonObject("SSESpecification");
            // SSEEnabled true without a key id = the AWS-managed KMS key aws/dynamodb (not the AWS-owned default).
            assertTrue(sse.get("SSEEnabled").getAsBoolean());
            assertFalse(sse.has("KMSMasterKeyId"));
        }
    }

    @Test
    void tablesAreRetainedAndDeletionProtected_byDefault() {
        StackFixture f = StackFixture.defaults();
        for (String id : f.idsOfType("AWS::DynamoDB::Table")) {
            assertEquals("Retain", f.resource(id).get("DeletionPolicy").getAsString());
            assertEquals("Retain", f.resource(id).get("UpdateReplacePolicy").getAsString());
            assertTrue(f.properties(id).get("DeletionProtectionEnabled").getAsBoolean());
        }
    }

    @Test
    void tablesAreDeletedWithTheStack_inDevStage() {
        StackFixture f = StackFixture.variant();
        assertEquals(Tables.ALL.size(), f.idsOfType("AWS::DynamoDB::Table").size());
        for (String id : f.idsOfType("AWS::DynamoDB::Table")) {
            assertEquals("Delete", f.resource(id).get("DeletionPolicy").getAsString());
            JsonElement protection = f.properties(id).get("DeletionProtectionEnabled");
            assertTrue(protection == null || !protection.getAsBoolean(), "no deletion protection in dev");
        }
    }
}
