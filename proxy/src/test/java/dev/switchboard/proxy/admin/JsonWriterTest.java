// JsonWriterTest: structure, separators and RFC 8259 string escaping of the admin endpoint's JSON writer.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void nestedContainersGetCommasOnlyBetweenElements() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").beginObject().endObject().beginArray().endArray().nullValue().endArray()
                .name("c").value(true)
                .name("d").beginObject().name("e").value(-2.5).endObject()
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",{},[],null],\"c\":true,\"d\":{\"e\":-2.5}}", json);
    }

    @Test
    void numbersJsonCannotRepresentBecomeNull() {
        String json = new JsonWriter().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY)
                .value(Double.NEGATIVE_INFINITY).value(0.0).value(1e-5).value(Long.MIN_VALUE).endArray().toString();
        assertEquals("[null,null,null,0.0,1.0E-5,-9223372036854775808]", json);
    }

    @Test
    void nullStringIsJsonNull() {
        assertEquals("[null]", new JsonWriter().beginArray().value((String) null).endArray().toString());
    }

    @Test
    void stringsAreEscaped() {
        String raw = "q\"b\\s/n\nr\rt\tb\bf\f" + (char) 1 + (char) 0x1f + (char) 0x7f + "é\u2028\u2029";
        assertEquals("[\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\f\\u0001\\u001f" + (char) 0x7f + "é\\u2028\\u2029\"]",
                new JsonWriter().beginArray().value(raw).endArray().toString());
    }

    @Test
    void surrogatePairsStayButLoneSurrogatesAreEscaped() {
        String pair = new String(Character.toChars(0x1F600));
        String raw = pair + '\uD800' + "x" + '\uDC00' + pair.charAt(0);
        assertEquals("[\"" + pair + "\\ud800x\\udc00\\ud83d\"]",
                new JsonWriter().beginArray().value(raw).endArray().toString());
    }

    @Test
    void memberNamesAreEscapedToo() {
        assertEquals("{\"a\\\"b\":null}", new JsonWriter().beginObject().name("a\"b").nullValue().endObject().toString());
    }

    @Test
    void misuseFailsInsteadOfWritingBrokenJson() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("a"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").name("b"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().toString());
    }
}
