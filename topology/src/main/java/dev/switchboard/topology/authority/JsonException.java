// JsonException: a JSON text that breaks the grammar of RFC 8259, with the offset where reading stopped.
package dev.switchboard.topology.authority;

/** Thrown by {@link Json#parse} for malformed input; the message names the character offset. */
public final class JsonException extends RuntimeException {
    private final int offset;

    JsonException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Offset (in chars) into the parsed text where the error was found. */
    public int offset() {
        return offset;
    }
}
