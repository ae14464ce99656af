// SharedStrings: one copy of the startup names and values that thousands of clients send alike.
package dev.switchboard.protocol.startup;

/**
 * A small direct-mapped table of recently decoded strings: a string equal to the one in its slot is replaced by
 * that slot's copy, any other takes the slot. Clients of one application send the same {@code user},
 * {@code database} and {@code application_name}, so an idle client then holds shared copies, not its own.
 *
 * <p>Cheaper per connection than {@link String#intern()} (a hash and an {@code equals}, no call into the JVM's
 * string table), and bounded: at most {@link #SLOTS} strings of at most {@link #MAX_LENGTH} characters stay
 * referenced. The table is read and written without a lock from every event loop. That race is harmless: a
 * {@code String} is immutable with final fields, so any thread sees a whole string in a slot, and a lost write
 * only costs a later client its share.
 */
final class SharedStrings {

    static final int SLOTS = 1024;
    /** Longer values are rare and rarely shared (a long {@code options}): they are kept as they are. */
    static final int MAX_LENGTH = 64;

    private static final String[] TABLE = new String[SLOTS];

    private SharedStrings() {
    }

    /** {@code s} itself, or an equal string decoded earlier. */
    static String shared(String s) {
        if (s.length() > MAX_LENGTH) {
            return s;
        }
        int slot = spread(s.hashCode()) & (SLOTS - 1);
        String known = TABLE[slot];
        if (s.equals(known)) {
            return known;
        }
        TABLE[slot] = s;
        return s;
    }

    /** Mixes the high bits in, so strings that differ only at the end do not share a slot. */
    private static int spread(int h) {
        return h ^ (h >>> 16) ^ (h >>> 10);
    }
}
