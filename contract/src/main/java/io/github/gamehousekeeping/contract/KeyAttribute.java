package io.github.gamehousekeeping.contract;

/** A key attribute of a table: its name and DynamoDB scalar type. */
public record KeyAttribute(String name, Type type) {
    public enum Type {
        /** DynamoDB type S. */
        STRING("S"),
        /** DynamoDB type N. */
        NUMBER("N");

        private final String dynamoDbType;

        Type(String dynamoDbType) {
            this.dynamoDbType = dynamoDbType;
        }

        /** The attribute type as DynamoDB spells it ({@code S}, {@code N}). */
        public String dynamoDbType() {
            return dynamoDbType;
        }
    }
}
