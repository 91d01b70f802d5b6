package io.github.gamehousekeeping.infra;

import io.github.gamehousekeeping.contract.KeyAttribute;
import io.github.gamehousekeeping.contract.LocalIndexSchema;
import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The three DynamoDB tables (and CompletedLevel's local secondary index), with the key schema from the contract's {@link Tables}. On-demand billing (the workload is
 * event-driven and spiky: no capacity to plan, nothing paid when idle), point-in-time recovery, encryption at rest
 * with the AWS-managed key {@code aws/dynamodb} (key use is logged in CloudTrail, no key policy to maintain and no
 * monthly key fee; a customer-managed key would only add value for cross-account access or revoking access by key
 * policy, neither of which applies here).
 */
public class HousekeepingTables extends Construct {
    private final Table completedLevel;
    private final Table completedGame;
    private final Table playerProgress;

    public HousekeepingTables(Construct scope, String id, Props props) {
        super(scope, id);
        completedLevel = table("CompletedLevel", Tables.COMPLETED_LEVEL, props.completedLevelTableName, props.retain);
        completedGame = table("CompletedGame", Tables.COMPLETED_GAME, props.completedGameTableName, props.retain);
        playerProgress = table("PlayerProgress", Tables.PLAYER_PROGRESS, props.playerProgressTableName, props.retain);
    }

    private Table table(String id, TableSchema schema, String name, boolean retain) {
        Table table = Table.Builder.create(this, id)
                .tableName(name == null ? schema.defaultName() : name)
                .partitionKey(attribute(schema.partitionKey()))
                .sortKey(attribute(schema.sortKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(retain)
                .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        for (LocalIndexSchema index : schema.localIndexes()) {
            table.addLocalSecondaryIndex(LocalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .sortKey(attribute(index.sortKey()))
                    .projectionType(ProjectionType.INCLUDE)
                    .nonKeyAttributes(index.projectedAttributes())
                    .build());
        }
        return table;
    }

    private static Attribute attribute(KeyAttribute key) {
        AttributeType type = switch (key.type()) {
            case STRING -> AttributeType.STRING;
            case NUMBER -> AttributeType.NUMBER;
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }

    public ITable getCompletedLevel() {
        return completedLevel;
    }

    public ITable getCompletedGame() {
        return completedGame;
    }

    public ITable getPlayerProgress() {
        return playerProgress;
    }

    /** Settings of {@link HousekeepingTables}. */
    public static final class Props {
        private final boolean retain;
        private final String completedLevelTableName;
        private final String completedGameTableName;
        private final String playerProgressTableName;

        private Props(Builder builder) {
            this.retain = builder.retain;
            this.completedLevelTableName = builder.completedLevelTableName;
            this.completedGameTableName = builder.completedGameTableName;
            this.playerProgressTableName = builder.playerProgressTableName;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder of {@link Props}. */
        public static final class Builder {
            private boolean retain = true;
            private String completedLevelTableName;
            private String completedGameTableName;
            private String playerProgressTableName;

            /**
             * {@code true} (default): RemovalPolicy.RETAIN and deletion protection, so neither {@code cdk destroy}
             * nor a replacement deletes player data. {@code false} (dev stage): DESTROY, no deletion protection.
             */
            public Builder retain(boolean retain) {
                this.retain = retain;
                return this;
            }

            /** Physical name of the level table; default {@code Tables.COMPLETED_LEVEL.defaultName()}. */
            public Builder completedLevelTableName(String name) {
                this.completedLevelTableName = name;
                return this;
            }

            /** Physical name of the game table; default {@code Tables.COMPLETED_GAME.defaultName()}. */
            public Builder completedGameTableName(String name) {
                this.completedGameTableName = name;
                return this;
            }

            /** Physical name of the progress table; default {@code Tables.PLAYER_PROGRESS.defaultName()}. */
            public Builder playerProgressTableName(String name) {
                this.playerProgressTableName = name;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
