package io.github.gamehousekeeping.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;

import java.util.ArrayList;
import java.util.List;

/** Creates a template's DynamoDB tables (key schema, attribute definitions, secondary indexes) in DynamoDB Local. */
public final class TableProvisioner {
    private TableProvisioner() {
    }

    /**
     * Creates every table of the deployment in DynamoDB Local, in process ({@link LocalDynamoDb#createTable}); a
     * table that already exists is left as it is. Returns the names of the tables created.
     */
    public static List<String> createTables(LocalDynamoDb dynamoDb, LocalDeployment deployment) {
        List<String> created = new ArrayList<>();
        for (LocalDeployment.TableSpec table : deployment.tables()) {
            if (dynamoDb.createTable(request(table))) {
                created.add(table.name());
            }
        }
        return created;
    }

    static CreateTableRequest request(LocalDeployment.TableSpec table) {
        JsonNode p = table.properties();
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(table.name())
                .keySchema(keySchema(p.path("KeySchema")))
                .attributeDefinitions(attributes(p.path("AttributeDefinitions")))
                .billingMode(BillingMode.PAY_PER_REQUEST);
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (JsonNode gsi : p.path("GlobalSecondaryIndexes")) {
            gsis.add(GlobalSecondaryIndex.builder().indexName(gsi.path("IndexName").asText())
                    .keySchema(keySchema(gsi.path("KeySchema"))).projection(projection(gsi.path("Projection"))).build());
        }
        if (!gsis.isEmpty()) {
            b.globalSecondaryIndexes(gsis);
        }
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (JsonNode lsi : p.path("LocalSecondaryIndexes")) {
            lsis.add(LocalSecondaryIndex.builder().indexName(lsi.path("IndexName").asText())
                    .keySchema(keySchema(lsi.path("KeySchema"))).projection(projection(lsi.path("Projection"))).build());
        }
        if (!lsis.isEmpty()) {
            b.localSecondaryIndexes(lsis);
        }
        return b.build();
    }

    private static List<KeySchemaElement> keySchema(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("A table in the template has no KeySchema");
        }
        List<KeySchemaElement> out = new ArrayList<>();
        node.forEach(k -> out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return out;
    }

    private static List<AttributeDefinition> attributes(JsonNode node) {
        List<AttributeDefinition> out = new ArrayList<>();
        node.forEach(a -> out.add(AttributeDefinition.builder().attributeName(a.path("AttributeName").asText())
                .attributeType(a.path("AttributeType").asText()).build()));
        return out;
    }

    private static Projection projection(JsonNode node) {
        Projection.Builder b = Projection.builder().projectionType(node.path("ProjectionType").asText("ALL"));
        List<String> nonKey = new ArrayList<>();
        node.path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
        if (!nonKey.isEmpty()) {
            b.nonKeyAttributes(nonKey);
        }
        return b.build();
    }
}
