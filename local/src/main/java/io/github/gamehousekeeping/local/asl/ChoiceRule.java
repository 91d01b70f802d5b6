package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A Choice rule (boolean expression), parsed and checked when the definition is parsed. */
public abstract class ChoiceRule {
    private static final Set<String> COMPARATORS = Set.of(
            "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
            "StringMatches",
            "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
            "BooleanEquals",
            "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
            "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");
    private static final Set<String> PATH_COMPARATORS = Set.of(
            "StringEqualsPath", "StringLessThanPath", "StringGreaterThanPath", "StringLessThanEqualsPath", "StringGreaterThanEqualsPath",
            "NumericEqualsPath", "NumericLessThanPath", "NumericGreaterThanPath", "NumericLessThanEqualsPath", "NumericGreaterThanEqualsPath",
            "BooleanEqualsPath",
            "TimestampEqualsPath", "TimestampLessThanPath", "TimestampGreaterThanPath", "TimestampLessThanEqualsPath", "TimestampGreaterThanEqualsPath");

    /** The state the rule leads to (top-level rules only), else null. */
    public final String next;

    ChoiceRule(String next) {
        this.next = next;
    }

    /** Evaluates the rule against the Choice state's (effective) input. */
    public abstract boolean matches(JsonNode data, Env env);

    /** JSONata rules and the JSONPath rules of a variables-aware state: Assign and Output applied when the rule leads on. */
    Template assign;
    Template output;

    // ------------------------------------------------------------------------------------------------ parsing

    /** A JSONata rule: {@code Condition} is true, false or a {@code {% %}} expression that must give a boolean. */
    static ChoiceRule condition(String next, Template condition, String text) {
        return new ChoiceRule(next) {
            @Override
            public boolean matches(JsonNode data, Env env) {
                JsonNode v = condition.evaluate(data, env);
                if (!v.isBoolean()) {
                    throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                            + "' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '"
                            + JsonataExpressions.typeName(v) + "' for value: " + Json.write(v));
                }
                return v.booleanValue();
            }
        };
    }

    /** Parses a rule; IllegalArgumentException with a message naming the problem (the caller adds the state name). */
    public static ChoiceRule parse(JsonNode node, boolean topLevel, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        String next = null;
        if (topLevel) {
            JsonNode n = node.get("Next");
            if (n == null || !n.isTextual()) {
                throw new IllegalArgumentException(where + " has no Next (a string naming a state)");
            }
            next = n.textValue();
        } else if (node.has("Next")) {
            throw new IllegalArgumentException(where + " is nested inside And/Or/Not and must not have Next");
        }
        List<String> booleanOps = new ArrayList<>();
        List<String> comparisons = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equals("And") || name.equals("Or") || name.equals("Not")) {
                booleanOps.add(name);
            } else if (COMPARATORS.contains(name) || PATH_COMPARATORS.contains(name)) {
                comparisons.add(name);
            } else if (!name.equals("Next") && !name.equals("Variable") && !name.equals("Comment") && !(topLevel && name.equals("Assign"))) {
                String foreign = QueryLanguage.JSONPATH.foreignField(name);
                throw new IllegalArgumentException(where + (foreign != null ? ": " + foreign : " has an unknown field \"" + name + "\""));
            }
        }
        if (booleanOps.size() + comparisons.size() != 1) {
            throw new IllegalArgumentException(where + " must have exactly one operator (a comparison or And/Or/Not), found "
                    + (booleanOps.size() + comparisons.size()) + (booleanOps.isEmpty() && comparisons.isEmpty() ? "" : " " + concat(booleanOps, comparisons)));
        }
        if (!booleanOps.isEmpty()) {
            String op = booleanOps.get(0);
            if (node.has("Variable")) {
                throw new IllegalArgumentException(where + " combines Variable with " + op);
            }
            JsonNode value = node.get(op);
            if (op.equals("Not")) {
                return new Not(next, parse(value, false, where + ".Not"));
            }
            if (!value.isArray() || value.isEmpty()) {
                throw new IllegalArgumentException(where + "." + op + " must be a non-empty array of rules");
            }
            List<ChoiceRule> rules = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                rules.add(parse(value.get(i), false, where + "." + op + "[" + i + "]"));
            }
            return op.equals("And") ? new And(next, rules) : new Or(next, rules);
        }
        JsonNode variable = node.get("Variable");
        if (variable == null || !variable.isTextual()) {
            throw new IllegalArgumentException(where + " has no Variable (a path)");
        }
        try {
            Paths.check(variable.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " Variable: " + e.getMessage());
        }
        String op = comparisons.get(0);
        JsonNode value = node.get(op);
        if (PATH_COMPARATORS.contains(op)) {
            if (!value.isTextual()) {
                throw new IllegalArgumentException(where + " " + op + " must be a path string");
            }
            try {
                Paths.check(value.textValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " " + op + ": " + e.getMessage());
            }
            return new Comparison(next, variable.textValue(), op.substring(0, op.length() - 4), null, value.textValue());
        }
        String type = op.startsWith("String") ? "string" : op.startsWith("Numeric") ? "number"
                : op.startsWith("Boolean") || op.startsWith("Is") ? "boolean" : "timestamp";
        boolean ok = switch (type) {
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> value.isTextual() && timestamp(value.textValue()) != null;
        };
        if (!ok) {
            throw new IllegalArgumentException(where + " " + op + " must be " + ("timestamp".equals(type) ? "an RFC 3339 timestamp string" : "a " + type)
                    + ", got " + Json.write(value));
        }
        return new Comparison(next, variable.textValue(), op, value, null);
    }

    private static String concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return String.join(", ", all);
    }

    /** Parses an RFC 3339 timestamp (uppercase T and Z as AWS requires), or null. */
    static OffsetDateTime timestamp(String text) {
        if (text.length() < 20 || text.charAt(10) != 'T' || text.indexOf('z') >= 0 || text.indexOf('t') >= 0) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ rules

    static final class And extends ChoiceRule {
        private final List<ChoiceRule> rules;

        And(String next, List<ChoiceRule> rules) {
            super(next);
            this.rules = List.copyOf(rules);
        }

        @Override
        public boolean matches(JsonNode data, Env context) {
            for (ChoiceRule r : rules) {
                if (!r.matches(data, context)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or extends ChoiceRule {
        private final List<ChoiceRule> rules;

        Or(String next, List<ChoiceRule> rules) {
            super(next);
            this.rules = List.copyOf(rules);
        }

        @Override
        public boolean matches(JsonNode data, Env context) {
            for (ChoiceRule r : rules) {
                if (r.matches(data, context)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Not extends ChoiceRule {
        private final ChoiceRule rule;

        Not(String next, ChoiceRule rule) {
            super(next);
            this.rule = rule;
        }

        @Override
        public boolean matches(JsonNode data, Env context) {
            return !rule.matches(data, context);
        }
    }

    static final class Comparison extends ChoiceRule {
        private final String variable;
        private final String operator;
        private final JsonNode value;
        private final String valuePath;
        private final Pattern pattern;

        Comparison(String next, String variable, String operator, JsonNode value, String valuePath) {
            super(next);
            this.variable = variable;
            this.operator = operator;
            this.value = value;
            this.valuePath = valuePath;
            this.pattern = operator.equals("StringMatches") ? wildcard(value.textValue()) : null;
        }

        private static Pattern wildcard(String pattern) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()) {
                    literal.append(pattern.charAt(++i));
                } else if (c == '*') {
                    if (literal.length() > 0) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(".*");
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                regex.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }

        @Override
        public boolean matches(JsonNode data, Env context) {
            JsonNode actual = Paths.readOrNull(variable, data, context);
            if (operator.equals("IsPresent")) {
                return (actual != null) == value.booleanValue();
            }
            if (actual == null) {
                throw StatesError.runtime("Invalid path '" + variable + "': The choice state's condition path references an invalid value.");
            }
            JsonNode expected = value;
            if (valuePath != null) {
                expected = Paths.readOrNull(valuePath, data, context);
                if (expected == null) {
                    throw StatesError.runtime("Invalid path '" + valuePath + "': The choice state's condition path references an invalid value.");
                }
            }
            switch (operator) {
                case "IsNull":
                    return actual.isNull() == expected.booleanValue();
                case "IsNumeric":
                    return actual.isNumber() == expected.booleanValue();
                case "IsString":
                    return actual.isTextual() == expected.booleanValue();
                case "IsBoolean":
                    return actual.isBoolean() == expected.booleanValue();
                case "IsTimestamp":
                    return (actual.isTextual() && timestamp(actual.textValue()) != null) == expected.booleanValue();
                case "StringMatches":
                    return actual.isTextual() && pattern.matcher(actual.textValue()).matches();
                case "BooleanEquals":
                    return actual.isBoolean() && expected.isBoolean() && actual.booleanValue() == expected.booleanValue();
                default:
                    break;
            }
            int cmp;
            String relation;
            if (operator.startsWith("String")) {
                if (!actual.isTextual() || !expected.isTextual()) {
                    return false;
                }
                cmp = actual.textValue().compareTo(expected.textValue());
                relation = operator.substring("String".length());
            } else if (operator.startsWith("Numeric")) {
                if (!actual.isNumber() || !expected.isNumber()) {
                    return false;
                }
                cmp = actual.decimalValue().compareTo(expected.decimalValue());
                relation = operator.substring("Numeric".length());
            } else {
                if (!actual.isTextual() || !expected.isTextual()) {
                    return false;
                }
                OffsetDateTime a = timestamp(actual.textValue());
                OffsetDateTime b = timestamp(expected.textValue());
                if (a == null || b == null) {
                    return false;
                }
                cmp = a.toInstant().compareTo(b.toInstant());
                relation = operator.substring("Timestamp".length());
            }
            return switch (relation) {
                case "Equals" -> cmp == 0;
                case "LessThan" -> cmp < 0;
                case "GreaterThan" -> cmp > 0;
                case "LessThanEquals" -> cmp <= 0;
                case "GreaterThanEquals" -> cmp >= 0;
                default -> throw new IllegalStateException(operator);
            };
        }
    }
}
