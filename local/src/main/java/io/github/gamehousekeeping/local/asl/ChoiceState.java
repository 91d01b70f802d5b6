package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Choice: the first rule that matches names the next state (with its own Assign/Output), else Default. */
public final class ChoiceState extends State {
    public final List<ChoiceRule> choices;
    public final String defaultNext;

    ChoiceState(Common c, List<ChoiceRule> choices, String defaultNext) {
        super(c, "Choice");
        this.choices = List.copyOf(choices);
        this.defaultNext = defaultNext;
    }

    @Override
    Step run(StateRun r) {
        Env env = r.env(0);
        JsonNode effective = language.effectiveInput(this, r.raw, env);
        for (ChoiceRule rule : choices) {
            if (rule.matches(effective, env)) {
                return leave(r, env, rule.next, effective, null, rule.assign != null ? rule.assign : assign,
                        rule.output != null ? rule.output : output);
            }
        }
        if (defaultNext == null) {
            throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, "No Choice Rule matched the input and the Choice state \"" + name
                    + "\" has no Default: " + Strings.abbreviate(Json.write(effective)));
        }
        return leave(r, env, defaultNext, effective, null, assign, output);
    }
}
