package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.OffsetDateTime;

/** Wait: a number of seconds or until a timestamp, each constant, read by a path or computed by JSONata. */
public final class WaitState extends State {
    /** AWS refuses larger Seconds at validation. */
    static final long MAX_SECONDS = 99_999_999L;

    enum Source { CONSTANT, PATH, EXPRESSION }

    /** Exactly one of seconds and timestamp is set; {@code text} is the path or expression for error causes. */
    final Template seconds;
    final Template timestamp;
    final Source source;
    final String text;

    WaitState(Common c, Template seconds, Template timestamp, Source source, String text) {
        super(c, "Wait");
        this.seconds = seconds;
        this.timestamp = timestamp;
        this.source = source;
        this.text = text;
    }

    @Override
    Step run(StateRun r) {
        Env env = r.env(0);
        JsonNode effective = language.effectiveInput(this, r.raw, env);
        Duration duration;
        if (seconds != null) {
            JsonNode v = seconds.evaluate(effective, env);
            duration = Duration.ofSeconds(validSeconds(v));
        } else {
            JsonNode v = timestamp.evaluate(effective, env);
            OffsetDateTime target = v.isTextual() ? ChoiceRule.timestamp(v.textValue()) : null;
            if (target == null) {
                if (source == Source.EXPRESSION) {
                    throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                            + "' specified for the field 'Timestamp' returned an unexpected result type. Expected a timestamp string, but was: "
                            + Json.write(v));
                }
                throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                        + Json.write(v));
            }
            duration = Duration.between(r.interpreter.options.clock().instant(), target.toInstant());
            if (duration.isNegative()) {
                duration = Duration.ZERO;
            }
        }
        r.interpreter.delay(name, "Wait", duration, r.scope);
        return leave(r, env, next, effective, null, assign, output);
    }

    private long validSeconds(JsonNode v) {
        boolean integral = v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
        if (source == Source.EXPRESSION) {
            if (!integral || v.decimalValue().signum() < 0 || v.decimalValue().compareTo(java.math.BigDecimal.valueOf(MAX_SECONDS)) > 0) {
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                        + "' specified for the field 'Seconds' returned an unexpected result type. Expected an integer between 0 and "
                        + MAX_SECONDS + ", but was '" + JsonataExpressions.typeName(v) + "' for value: " + Json.write(v));
            }
            return v.longValue();
        }
        if (v.isNumber() && !integral) {
            throw StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: " + text + " == " + Json.write(v));
        }
        if (!integral || v.decimalValue().signum() < 0 || !v.canConvertToLong()) {
            throw StatesError.runtime("The SecondsPath parameter does not reference a valid non-negative integer: " + Json.write(v));
        }
        return v.longValue();
    }
}
