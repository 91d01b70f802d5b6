package io.github.gamehousekeeping.local.asl;

final class Strings {
    private Strings() {
    }

    static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
