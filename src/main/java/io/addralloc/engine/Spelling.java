package io.addralloc.engine;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for names users type: a rule id, a property. */
final class Spelling {
    private Spelling() {}

    /**
     * The candidate {@code typed} most likely meant, or null when none is close: one that differs
     * only in case first, else the one fewest edits away (case ignored; ties to the first in
     * {@code candidates}' order), if at most a third of its last dotted part is edited
     * ({@code addralloc.dryrn} is {@code addralloc.dryRun}, {@code addralloc.foo} is not {@code addralloc.skip}).
     */
    static String closest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            if (c.equalsIgnoreCase(typed)) {
                return c;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return null;
        }
        int lastPart = best.length() - best.lastIndexOf('.') - 1;
        return bestDistance <= Math.max(1, lastPart / 3) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
