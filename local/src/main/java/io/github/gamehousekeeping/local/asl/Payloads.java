package io.github.gamehousekeeping.local.asl;

import java.nio.charset.StandardCharsets;

/** Step Functions' payload quota: state input/output, Task results and execution input, 256 KiB of UTF-8. */
public final class Payloads {
    public static final int MAX_BYTES = 262_144;

    private Payloads() {
    }

    /** Whether a JSON text is over the quota (cheap for short texts). */
    public static boolean tooLarge(String json) {
        return json.length() > MAX_BYTES / 4 && json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }
}
