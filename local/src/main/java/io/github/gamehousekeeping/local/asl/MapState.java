package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * Map: runs its ItemProcessor once per item (ItemsPath/Items), at most MaxConcurrency at a time, each iteration's
 * input made by ItemSelector; the result is the array of their outputs. ToleratedFailureCount/Percentage let some
 * iterations fail.
 */
public final class MapState extends State.ResultState {
    /** JSONPath ItemsPath or JSONata Items (null: the effective input); {@code itemsText} for error causes. */
    final Template items;
    final String itemsText;
    final boolean itemsIsExpression;
    final Template itemSelector;
    public final Machine processor;
    /** Each null when absent. */
    final IntField maxConcurrency;
    final IntField toleratedFailureCount;
    final Template toleratedFailurePercentage;
    final String label;
    /** ProcessorConfig.Mode DISTRIBUTED: iterations are child workflows that do not see the outer variables. */
    final boolean distributed;

    MapState(Common c, Paths.ReferencePath resultPath, Template resultSelector, List<Retrier> retriers, List<Catcher> catchers,
             Template items, String itemsText, boolean itemsIsExpression, Template itemSelector, Machine processor, IntField maxConcurrency,
             IntField toleratedFailureCount, Template toleratedFailurePercentage, String label, boolean distributed) {
        super(c, "Map", resultPath, resultSelector, retriers, catchers);
        this.items = items;
        this.itemsText = itemsText;
        this.itemsIsExpression = itemsIsExpression;
        this.itemSelector = itemSelector;
        this.processor = processor;
        this.maxConcurrency = maxConcurrency;
        this.toleratedFailureCount = toleratedFailureCount;
        this.toleratedFailurePercentage = toleratedFailurePercentage;
        this.label = label;
        this.distributed = distributed;
    }

    @Override
    JsonNode attempt(StateRun r, JsonNode effective, Env env, int attempt) {
        JsonNode list = items == null ? effective : items.evaluate(effective, env);
        if (!list.isArray()) {
            if (language == QueryLanguage.JSONATA) {
                if (items == null || !itemsIsExpression) {
                    throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "Map state input must be an array but was: " + Json.write(list));
                }
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + itemsText
                        + "' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '"
                        + JsonataExpressions.typeName(list) + "' for value: " + Json.write(list));
            }
            throw StatesError.runtime("The ItemsPath of Map state '" + name + "' must select an array, got " + Strings.abbreviate(Json.write(list)));
        }
        int max = maxConcurrency == null ? 0 : maxConcurrency.evaluate(effective, env, 0);
        Integer toleratedCount = toleratedFailureCount == null ? null : toleratedFailureCount.evaluate(effective, env, 0);
        Double toleratedPercent = null;
        if (toleratedFailurePercentage != null) {
            JsonNode p = toleratedFailurePercentage.evaluate(effective, env);
            if (!p.isNumber() || p.decimalValue().compareTo(BigDecimal.ZERO) < 0 || p.decimalValue().compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The ToleratedFailurePercentage must be a number between 0 and 100, got "
                        + Json.write(p));
            }
            toleratedPercent = p.doubleValue();
        }
        return new BranchRunner(r).map(this, (com.fasterxml.jackson.databind.node.ArrayNode) list, effective, env, max, toleratedCount, toleratedPercent);
    }

    /** The input of iteration {@code index}: ItemSelector evaluated with $$.Map.Item, else the item. */
    JsonNode iterationInput(JsonNode effective, Env env, int index, JsonNode item) {
        if (itemSelector == null) {
            return item;
        }
        ObjectNode itemCtx = Json.object().setAll(env.context());
        ObjectNode mapItem = itemCtx.putObject("Map").putObject("Item");
        mapItem.put("Index", index);
        mapItem.set("Value", item);
        return itemSelector.evaluate(effective, env.withContext(itemCtx));
    }

}
