package io.github.gamehousekeeping.contract;

import java.util.List;

/**
 * A local secondary index of a table (same partition key, another sort key), with the non-key attributes it projects
 * (an INCLUDE projection: the table's keys and the index's sort key are always projected).
 */
public record LocalIndexSchema(String name, KeyAttribute sortKey, List<String> projectedAttributes) {
    public LocalIndexSchema {
        projectedAttributes = List.copyOf(projectedAttributes);
    }
}
