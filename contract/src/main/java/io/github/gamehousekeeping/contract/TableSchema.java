package io.github.gamehousekeeping.contract;

import java.util.List;

/**
 * The key schema of one table, defined once here and used by the CDK stack, the tests' DynamoDB Local tables and the
 * local runtime.
 *
 * @param defaultName         the table's name unless the stack is told otherwise
 * @param environmentVariable the variable that carries the deployed table's name to the functions
 * @param localIndexes        local secondary indexes (created with the table: DynamoDB cannot add them later)
 */
public record TableSchema(String defaultName, String environmentVariable, KeyAttribute partitionKey, KeyAttribute sortKey,
                          List<LocalIndexSchema> localIndexes) {
    public TableSchema {
        localIndexes = List.copyOf(localIndexes);
    }

    /** A table without secondary indexes. */
    public TableSchema(String defaultName, String environmentVariable, KeyAttribute partitionKey, KeyAttribute sortKey) {
        this(defaultName, environmentVariable, partitionKey, sortKey, List.of());
    }
}
