package io.github.gamehousekeeping.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** The baseline: a trivial RequestHandler (what a JVM + the Lambda interface cost without any of our code). */
public final class HelloHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        return "hello " + input.get("playerId");
    }
}
