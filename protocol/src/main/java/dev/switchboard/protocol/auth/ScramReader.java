// Reads the comma-separated "a=value" attributes of one SCRAM message (RFC 5802 section 7).
package dev.switchboard.protocol.auth;

/** A cursor over one SCRAM message; every complaint is a {@link ScramException} naming the message. */
final class ScramReader {

    private final String message;
    private final String what;
    private int pos;

    ScramReader(String message, String what) throws ScramException {
        if (message == null) {
            throw ScramException.malformed("missing SCRAM " + what);
        }
        this.message = message;
        this.what = what;
    }

    boolean atEnd() {
        return pos >= message.length();
    }

    int position() {
        return pos;
    }

    /** The attribute letter at the cursor, or 0 at the end. */
    char peek() {
        return atEnd() ? 0 : message.charAt(pos);
    }

    /** Reads {@code name=value} and the comma after it (if any); the value may be empty. */
    String read(char name) throws ScramException {
        if (atEnd()) {
            throw ScramException.malformed("malformed SCRAM " + what + ": attribute '" + name
                    + "' expected but the message ended");
        }
        if (message.charAt(pos) != name) {
            throw ScramException.malformed("malformed SCRAM " + what + ": attribute '" + name
                    + "' expected, found '" + safe(message.charAt(pos)) + "'");
        }
        return readValueAfterName(name);
    }

    /** Reads any attribute (an extension) and returns its name; the value is skipped. */
    char skipAny() throws ScramException {
        char name = peek();
        if (!(name >= 'a' && name <= 'z' || name >= 'A' && name <= 'Z')) {
            throw ScramException.malformed("malformed SCRAM " + what + ": attribute name expected, found '"
                    + safe(name) + "'");
        }
        readValueAfterName(name);
        return name;
    }

    /** Reads a non-empty printable value (nonces). */
    String readPrintable(char name) throws ScramException {
        String value = read(name);
        if (!ScramCrypto.isPrintable(value)) {
            throw ScramException.malformed("malformed SCRAM " + what + ": attribute '" + name
                    + "' must be non-empty printable ASCII");
        }
        return value;
    }

    /** Reads a base64 value. */
    byte[] readBase64(char name) throws ScramException {
        byte[] bytes = ScramCrypto.unbase64(read(name));
        if (bytes == null) {
            throw ScramException.malformed("malformed SCRAM " + what + ": attribute '" + name
                    + "' is not valid base64");
        }
        return bytes;
    }

    void expectEnd() throws ScramException {
        if (!atEnd()) {
            throw ScramException.malformed("malformed SCRAM " + what + ": unexpected data at the end");
        }
    }

    /** Consumes a character that must be next (the gs2 header's fixed commas). */
    void expect(char c, String meaning) throws ScramException {
        if (atEnd() || message.charAt(pos) != c) {
            throw ScramException.malformed("malformed SCRAM " + what + ": " + meaning + " expected");
        }
        pos++;
    }

    private String readValueAfterName(char name) throws ScramException {
        if (pos + 1 >= message.length() || message.charAt(pos + 1) != '=') {
            throw ScramException.malformed("malformed SCRAM " + what + ": '=' expected after attribute '"
                    + name + "'");
        }
        int start = pos + 2;
        int comma = message.indexOf(',', start);
        int end = comma < 0 ? message.length() : comma;
        pos = comma < 0 ? end : comma + 1;
        if (comma >= 0 && pos == message.length()) {
            throw ScramException.malformed("malformed SCRAM " + what + ": message ends with a comma");
        }
        return message.substring(start, end);
    }

    /** Quotes a character of untrusted input only when it is plain visible ASCII. */
    private static String safe(char c) {
        return c > 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
