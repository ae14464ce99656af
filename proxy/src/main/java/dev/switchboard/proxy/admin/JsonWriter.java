// JsonWriter: a minimal streaming JSON writer (objects, arrays, strings, numbers, null) for the admin endpoint.
package dev.switchboard.proxy.admin;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON text in document order. It places the commas and colons itself and escapes strings per RFC 8259,
 * so callers only state structure. Numbers that JSON cannot represent (NaN, infinities) are written as null.
 * Not thread-safe; one writer per document.
 */
final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    /** The open containers, innermost first. */
    private final Deque<Container> open = new ArrayDeque<>();
    /** A name was written and its value is due: the value takes no comma of its own. */
    private boolean afterName;

    /** An open object or array; {@code started} once it holds an element, so the next one needs a comma. */
    private static final class Container {
        final boolean object;
        boolean started;

        Container(boolean object) {
            this.object = object;
        }
    }

    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new Container(true));
        return this;
    }

    JsonWriter endObject() {
        return close(true, '}');
    }

    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new Container(false));
        return this;
    }

    JsonWriter endArray() {
        return close(false, ']');
    }

    /** The member name of the value that follows. */
    JsonWriter name(String name) {
        Container container = open.peek();
        if (afterName || container == null || !container.object) {
            throw new IllegalStateException("a member name belongs directly in an object: " + out);
        }
        separate(container);
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter value(double value) {
        beforeValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else {
            // Double.toString yields "2.5", "0.0" or "1.0E-5", all valid JSON numbers.
            out.append(value);
        }
        return this;
    }

    JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    @Override
    public String toString() {
        if (!open.isEmpty() || afterName || out.length() == 0) {
            throw new IllegalStateException("unfinished JSON document: " + out);
        }
        return out.toString();
    }

    private JsonWriter close(boolean object, char bracket) {
        Container container = open.peek();
        if (container == null || container.object != object || afterName) {
            throw new IllegalStateException("nothing to close with " + bracket + " in " + out);
        }
        open.pop();
        out.append(bracket);
        return this;
    }

    private void beforeValue() {
        Container container = open.peek();
        if (afterName) {
            afterName = false;
        } else if (container == null) {
            if (out.length() > 0) {
                throw new IllegalStateException("a JSON document has one top-level value: " + out);
            }
        } else if (container.object) {
            throw new IllegalStateException("an object member needs a name first: " + out);
        } else {
            separate(container);
        }
    }

    private void separate(Container container) {
        if (container.started) {
            out.append(',');
        }
        container.started = true;
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters must be escaped; a lone surrogate would become '?' in UTF-8, so it is
                    // escaped too; U+2028/2029 are escaped because JavaScript string literals reject them raw.
                    boolean loneSurrogate = Character.isSurrogate(c) && !isPairAt(text, i);
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || loneSurrogate) {
                        unicodeEscape(c);
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(text.charAt(++i));
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isPairAt(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }

    private void unicodeEscape(char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }
}
