package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.Tables;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/** One DynamoDB Local for the whole test JVM (tables from the contract's {@link Tables}), emptied per test. */
final class TestDb {
    static final String LEVEL_TABLE = Tables.COMPLETED_LEVEL.defaultName();
    static final String GAME_TABLE = Tables.COMPLETED_GAME.defaultName();
    static final String PROGRESS_TABLE = Tables.PLAYER_PROGRESS.defaultName();

    private static final class Holder {
        static final LocalDynamoDb DB = start();

        private static LocalDynamoDb start() {
            LocalDynamoDb db = LocalDynamoDb.start();
            db.createTables();
            Runtime.getRuntime().addShutdownHook(new Thread(db::close));
            return db;
        }
    }

    private TestDb() {
    }

    /**
     * The environment of a function's own JVM started by a test, as Lambda sets it (region, credentials) plus the
     * shared DynamoDB Local's endpoint and the table names; no other AWS_ variable of this JVM leaks in.
     */
    static void functionEnvironment(java.util.Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_REGION", LocalDynamoDb.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", LocalDynamoDb.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", LocalDynamoDb.SECRET_ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", db().endpoint().toString());
        env.put(Tables.COMPLETED_LEVEL.environmentVariable(), LEVEL_TABLE);
        env.put(Tables.COMPLETED_GAME.environmentVariable(), GAME_TABLE);
        env.put(Tables.PLAYER_PROGRESS.environmentVariable(), PROGRESS_TABLE);
    }

    static LocalDynamoDb db() {
        return Holder.DB;
    }

    /** A client with the functions' production settings (HTTP client, retries, timeouts) pointed at DynamoDB Local. */
    static DynamoDbClient productionConfiguredClient() {
        return io.github.gamehousekeeping.functions.store.DynamoDb.builder()
                .endpointOverride(db().endpoint())
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.credentials())
                .build();
    }

    static CompletionStore store() {
        return new CompletionStore(productionConfiguredClient(), LEVEL_TABLE, GAME_TABLE, PROGRESS_TABLE);
    }

    static void reset() {
        db().deleteAll();
    }

    static List<Map<String, AttributeValue>> levels() {
        return db().scanAll(LEVEL_TABLE);
    }

    static List<Map<String, AttributeValue>> progress() {
        return db().scanAll(PROGRESS_TABLE);
    }

    static List<Map<String, AttributeValue>> games() {
        return db().scanAll(GAME_TABLE);
    }
}
