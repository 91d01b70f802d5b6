package io.github.gamehousekeeping.local.lambda;

/** JSON text as it crosses the UTF-8 pipe between the Lambda service and a worker JVM. */
final class JsonText {
    private JsonText() {
    }

    /**
     * {@code json} with every unpaired UTF-16 surrogate written as a {@code \}{@code uXXXX} escape. In JSON text such a
     * char can only stand inside a string, where the escape means the same char; written raw, UTF-8 cannot encode it
     * and it would arrive as {@code ?}, so a function could not see (and its contract could not reject) what was sent.
     */
    static String escapeLoneSurrogates(String json) {
        StringBuilder out = null;
        int n = json.length();
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (!Character.isSurrogate(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(json.charAt(i + 1));
            if (out == null) {
                out = new StringBuilder(n + 16).append(json, 0, i);
            }
            if (paired) {
                out.append(c).append(json.charAt(++i));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? json : out.toString();
    }
}
