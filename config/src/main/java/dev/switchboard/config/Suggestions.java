// Finds the closest known word for "did you mean" hints on misspelt keys and names.
package dev.switchboard.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" lookup using edit distance with transpositions, ignoring case and '-' versus '_'. */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code input}, if any is close enough to be a likely typo. */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String in = normalize(input);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = normalize(candidate);
            int d = distance(in, c);
            if (d > threshold(in) && !isPrefixOfEither(in, c)) {
                continue;
            }
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isPrefixOfEither(String a, String b) {
        return Math.min(a.length(), b.length()) >= 4 && (a.startsWith(b) || b.startsWith(a));
    }

    private static int threshold(String s) {
        return s.length() <= 3 ? 1 : s.length() <= 7 ? 2 : 3;
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Optimal string alignment distance: insert, delete, substitute, swap two adjacent characters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
