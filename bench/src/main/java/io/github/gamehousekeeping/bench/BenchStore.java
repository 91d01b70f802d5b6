package io.github.gamehousekeeping.bench;

import io.github.gamehousekeeping.contract.Tables;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.DynamoDb;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** The functions' store as the benchmarks run it on DynamoDB Local in process (tables of {@link Tables}, default names). */
final class BenchStore {
    private BenchStore() {
    }

    /** A client with the functions' production settings ({@link DynamoDb#builder()}) for {@code db}; add to it, build it. */
    static DynamoDbClientBuilder client(LocalDynamoDb db) {
        return DynamoDb.builder().endpointOverride(db.endpoint()).region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.credentials());
    }

    /** The functions' store on {@code client}, on the tables' default names ({@link LocalDynamoDb#createTables()}). */
    static CompletionStore store(DynamoDbClient client) {
        return new CompletionStore(client, Tables.COMPLETED_LEVEL.defaultName(), Tables.COMPLETED_GAME.defaultName(),
                Tables.PLAYER_PROGRESS.defaultName());
    }
}
