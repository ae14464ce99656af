// Parses byte sizes: plain integers (bytes) or with a binary unit (64KB, 1MiB, 1GB).
package dev.switchboard.config;

import java.util.Locale;

/** Size syntax of the configuration file. Every unit is a power of 1024: 1KB = 1KiB = 1024 bytes. */
public final class Sizes {

    private Sizes() {
    }

    /**
     * Parses {@code <integer>[ ]<unit>} with unit B, KB, KiB, MB, MiB, GB, GiB, TB, TiB (any case), or a plain
     * integer meaning bytes.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static long parse(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("\"" + s + "\" is negative; sizes must be 0 or more");
        }
        if (i == 0) {
            throw new IllegalArgumentException("\"" + s + "\" is not a size; expected e.g. 1048576, 64KB, 1MB, 1GB");
        }
        if (i < s.length() && s.charAt(i) == '.') {
            throw new IllegalArgumentException("\"" + s + "\" is not a size; fractions are not supported, "
                    + "use a smaller unit (1536KB, not 1.5MB)");
        }
        String unit = s.substring(i).strip().toLowerCase(Locale.ROOT);
        int shift;
        switch (unit) {
            case "": case "b": shift = 0; break;
            case "kb": case "kib": shift = 10; break;
            case "mb": case "mib": shift = 20; break;
            case "gb": case "gib": shift = 30; break;
            case "tb": case "tib": shift = 40; break;
            default:
                throw new IllegalArgumentException("unknown unit \"" + s.substring(i).strip() + "\" in \"" + s
                        + "\"; use B, KB, MB, GB, TB (or KiB, MiB, GiB, TiB)");
        }
        try {
            long amount = Long.parseLong(s.substring(0, i));
            if (amount > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\" is too large");
        }
    }
}
