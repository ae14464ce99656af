// ChannelNames: how a channel name becomes the key PostgreSQL uses and the identifier a LISTEN command carries.
package dev.switchboard.proxy.notify;

import java.nio.charset.StandardCharsets;

/** Channel names as PostgreSQL sees them (identifiers of at most NAMEDATALEN - 1 bytes). */
final class ChannelNames {

    /** PostgreSQL's NAMEDATALEN minus the terminating NUL: longer identifiers are cut to this many bytes. */
    static final int MAX_BYTES = 63;

    private ChannelNames() {
    }

    /**
     * The name PostgreSQL will report in NotificationResponse: the scanner cuts identifiers to 63 bytes
     * (at a character boundary) with a NOTICE, so {@code LISTEN} of a long name listens on the cut name.
     * Assumes a UTF-8 server encoding, which the hub's connection uses.
     */
    static String canonical(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("channel name contains a NUL character: " + name.replace('\0', '?'));
        }
        if (name.length() * 3 <= MAX_BYTES || name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int cp = name.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > MAX_BYTES) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return name.substring(0, i);
    }

    /** A quoted identifier: the name is already folded, so quoting keeps case and any character as is. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A standard-conforming string literal. */
    static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
