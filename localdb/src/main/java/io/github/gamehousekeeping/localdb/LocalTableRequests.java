package io.github.gamehousekeeping.localdb;

import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

import java.util.List;

/**
 * An SDK v2 CreateTable request as the model DynamoDB Local's request handler takes (the AWS SDK v1 model classes it
 * carries): what its HTTP server builds from a request's JSON. Every field a CreateTable of a template or of
 * {@code Tables} sets is carried over; what is not set stays unset, so DynamoDB Local applies its own defaults and
 * validation.
 */
final class LocalTableRequests {
    private LocalTableRequests() {
    }

    static com.amazonaws.services.dynamodbv2.model.CreateTableRequest toHandlerModel(CreateTableRequest r) {
        var v1 = new com.amazonaws.services.dynamodbv2.model.CreateTableRequest()
                .withTableName(r.tableName())
                .withKeySchema(keys(r.keySchema()))
                .withBillingMode(r.billingModeAsString());
        if (r.hasAttributeDefinitions()) {
            v1.withAttributeDefinitions(r.attributeDefinitions().stream()
                    .map(a -> new com.amazonaws.services.dynamodbv2.model.AttributeDefinition(a.attributeName(),
                            a.attributeTypeAsString()))
                    .toList());
        }
        if (r.provisionedThroughput() != null) {
            v1.withProvisionedThroughput(throughput(r.provisionedThroughput()));
        }
        if (r.hasLocalSecondaryIndexes()) {
            v1.withLocalSecondaryIndexes(r.localSecondaryIndexes().stream()
                    .map(i -> new com.amazonaws.services.dynamodbv2.model.LocalSecondaryIndex()
                            .withIndexName(i.indexName())
                            .withKeySchema(keys(i.keySchema()))
                            .withProjection(projection(i.projection())))
                    .toList());
        }
        if (r.hasGlobalSecondaryIndexes()) {
            v1.withGlobalSecondaryIndexes(r.globalSecondaryIndexes().stream()
                    .map(i -> new com.amazonaws.services.dynamodbv2.model.GlobalSecondaryIndex()
                            .withIndexName(i.indexName())
                            .withKeySchema(keys(i.keySchema()))
                            .withProjection(projection(i.projection()))
                            .withProvisionedThroughput(i.provisionedThroughput() == null ? null
                                    : throughput(i.provisionedThroughput())))
                    .toList());
        }
        if (r.streamSpecification() != null) {
            v1.withStreamSpecification(new com.amazonaws.services.dynamodbv2.model.StreamSpecification()
                    .withStreamEnabled(r.streamSpecification().streamEnabled())
                    .withStreamViewType(r.streamSpecification().streamViewTypeAsString()));
        }
        return v1;
    }

    private static List<com.amazonaws.services.dynamodbv2.model.KeySchemaElement> keys(
            List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> keys) {
        return keys.stream().map(k -> new com.amazonaws.services.dynamodbv2.model.KeySchemaElement(k.attributeName(),
                k.keyTypeAsString())).toList();
    }

    private static com.amazonaws.services.dynamodbv2.model.Projection projection(
            software.amazon.awssdk.services.dynamodb.model.Projection p) {
        if (p == null) {
            return null;
        }
        var v1 = new com.amazonaws.services.dynamodbv2.model.Projection().withProjectionType(p.projectionTypeAsString());
        if (p.hasNonKeyAttributes()) {
            v1.withNonKeyAttributes(p.nonKeyAttributes());
        }
        return v1;
    }

    private static com.amazonaws.services.dynamodbv2.model.ProvisionedThroughput throughput(
            software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput t) {
        return new com.amazonaws.services.dynamodbv2.model.ProvisionedThroughput(t.readCapacityUnits(),
                t.writeCapacityUnits());
    }
}
