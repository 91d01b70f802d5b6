package io.github.gamehousekeeping.contract;

/**
 * The key schema of one table, defined once here and used by the CDK stack, the tests' DynamoDB Local tables and the
 * local runtime.
 *
 * @param defaultName         the table's name unless the stack is told otherwise
 * @param environmentVariable the variable that carries the deployed table's name to the functions
 */
public record TableSchema(String defaultName, String environmentVariable, KeyAttribute partitionKey, KeyAttribute sortKey) {
}
