// SASLprep (RFC 4013) of a password, with PostgreSQL's fallback to the raw bytes when it is not valid.
package dev.switchboard.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * Turns a password into the exact bytes PostgreSQL feeds to Hi(), following its {@code pg_saslprep}
 * and the way the server and libpq use it:
 * <ul>
 *   <li>pure ASCII is used as is (PostgreSQL's shortcut; the RFC would reject control characters);</li>
 *   <li>otherwise non-ASCII spaces become U+0020, "mapped to nothing" characters are dropped and the
 *       result is NFKC-normalised;</li>
 *   <li>if the mapped string is empty, or holds a prohibited or (in Unicode 3.2) unassigned character,
 *       or breaks the bidirectional rules, the raw UTF-8 bytes of the input are used instead.</li>
 * </ul>
 * Like PostgreSQL, the prohibition and bidi checks look at the mapped string before normalisation.
 */
final class SaslPrep {

    private SaslPrep() {
    }

    /** The bytes to hash for {@code password}. */
    static byte[] passwordBytes(String password) {
        String prepared = prepare(password);
        return (prepared != null ? prepared : password).getBytes(StandardCharsets.UTF_8);
    }

    /** The SASLprep result, or null when PostgreSQL would fall back to the raw password. */
    static String prepare(String password) {
        if (isAscii(password)) {
            return password;
        }
        int[] mapped = map(password);
        if (mapped == null || mapped.length == 0 || !allowed(mapped) || !bidiOk(mapped)) {
            return null;
        }
        return Normalizer.normalize(new String(mapped, 0, mapped.length), Normalizer.Form.NFKC);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Step 1 (mapping); null when the string holds an unpaired surrogate, i.e. is not valid UTF-8. */
    private static int[] map(String password) {
        int[] out = new int[password.length()];
        int n = 0;
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                return null;
            }
            // The space table wins over "mapped to nothing" for U+200B, as in PostgreSQL.
            if (SaslPrepTables.contains(SaslPrepTables.NON_ASCII_SPACE, cp)) {
                out[n++] = ' ';
            } else if (!SaslPrepTables.contains(SaslPrepTables.MAPPED_TO_NOTHING, cp)) {
                out[n++] = cp;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean allowed(int[] codePoints) {
        for (int cp : codePoints) {
            if (SaslPrepTables.contains(SaslPrepTables.PROHIBITED, cp)
                    || SaslPrepTables.contains(SaslPrepTables.UNASSIGNED, cp)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3454 section 6: with any RandALCat character, no LCat, and RandALCat at both ends. */
    private static boolean bidiOk(int[] codePoints) {
        boolean anyRandAL = false;
        for (int cp : codePoints) {
            if (SaslPrepTables.contains(SaslPrepTables.RAND_AL_CAT, cp)) {
                anyRandAL = true;
                break;
            }
        }
        if (!anyRandAL) {
            return true;
        }
        for (int cp : codePoints) {
            if (SaslPrepTables.contains(SaslPrepTables.L_CAT, cp)) {
                return false;
            }
        }
        return SaslPrepTables.contains(SaslPrepTables.RAND_AL_CAT, codePoints[0])
                && SaslPrepTables.contains(SaslPrepTables.RAND_AL_CAT, codePoints[codePoints.length - 1]);
    }
}
