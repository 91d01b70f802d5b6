package io.github.gamehousekeeping.local.server;

/** Step Functions naming rules (state machines and executions). */
public final class Names {
    private Names() {
    }

    /**
     * AWS: 1-80 characters; no whitespace, brackets {@code < > { } [ ]}, wildcards {@code ? *}, special characters
     * {@code " # % \ ^ | ~ ` $ & , ; : /}, control characters (U+0000-001F, U+007F-009F). Other non-ASCII is allowed.
     *
     * @return null when valid, otherwise the problem
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "must not be empty";
        }
        int length = name.codePointCount(0, name.length());
        if (length > 80) {
            return "must be at most 80 characters (got " + length + ")";
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "must not contain whitespace";
            }
            if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) {
                return "must not contain control characters";
            }
            if ("<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0) {
                return "must not contain '" + new String(Character.toChars(c)) + "'";
            }
        }
        return null;
    }

    static void checkExecutionName(String name) {
        String problem = problem(name);
        if (problem != null) {
            if (name != null && (name.isEmpty() || name.codePointCount(0, name.length()) > 80)) {
                throw ApiException.validation("1 validation error detected: Value '" + name
                        + "' at 'name' failed to satisfy constraint: Member must have length between 1 and 80");
            }
            throw new ApiException("InvalidName", "Invalid Name: '" + name + "' (" + problem + ")");
        }
    }
}
