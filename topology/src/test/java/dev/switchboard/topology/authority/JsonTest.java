// JsonTest: the strict JSON reader accepts RFC 8259 values exactly and rejects everything else with an offset.
package dev.switchboard.topology.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void nestedObjectsAndArraysKeepDocumentOrder() {
        Object value = Json.parse(" {\"z\": {\"b\": [1, {\"c\": null}, []], \"a\": {}}, \"d\": [true, false] } ");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("c", null);
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("b", Arrays.asList(1L, inner, List.of()));
        z.put("a", Map.of());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("z", z);
        expected.put("d", List.of(true, false));
        assertEquals(expected, value);
        assertEquals(List.of("z", "d"), new ArrayList<>(((Map<?, ?>) value).keySet()));
        assertEquals(List.of("b", "a"), new ArrayList<>(((Map<?, ?>) ((Map<?, ?>) value).get("z")).keySet()));
    }

    @Test
    void parsedContainersAreUnmodifiable() {
        Map<?, ?> object = (Map<?, ?>) Json.parse("{\"a\": [1]}");
        assertThrows(UnsupportedOperationException.class, object::clear);
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) object.get("a")).clear());
    }

    @Test
    void stringEscapes() {
        assertEquals("\" \\ / \b \f \n \r \t", Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""));
        assertEquals("", Json.parse("\"\""));
    }

    @Test
    void unicodeEscapesAndRawUnicode() {
        assertEquals("é€", Json.parse("\"\\u00e9\\u20AC\""));
        assertEquals("\u0000", Json.parse("\"\\u0000\""));
        // U+1F600 outside the BMP: a surrogate pair, escaped, raw, or mixed.
        assertEquals("😀", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("😀", Json.parse("\"😀\""));
        assertEquals("😀", Json.parse("\"\\ud83d\ude00\""));
        assertEquals("nœud ünïcode 名前", Json.parse("\"nœud ünïcode 名前\""));
    }

    @Test
    void numbers() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(5432L, Json.parse("5432"));
        assertEquals(-17L, Json.parse("-17"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(new BigDecimal("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(new BigDecimal("1.5"), Json.parse("1.5"));
        assertEquals(new BigDecimal("-2.5e3"), Json.parse("-2.5e3"));
        assertEquals(new BigDecimal("1E+2"), Json.parse("1E+2"));
        assertEquals(new BigDecimal("0.25e-1"), Json.parse("0.25e-1"));
        assertInstanceOf(BigDecimal.class, Json.parse("1.0"), "a fraction is not an integer even when it is zero");
    }

    @Test
    void literals() {
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse("\tfalse\r\n"));
        assertNull(Json.parse(" null "));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "[", "}", "]", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{,}", "{a:1}", "{'a':1}",
        "{\"a\" 1}", "{\"a\":}", "{\"a\":1 \"b\":2}", "{\"a\":1,\"a\":2}", "{1:2}",
        "'x'", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\u١٢٣٤\"", "\"tab\there\"", "\"new\nline\"",
        "\"\\ud800\"", "\"\\ud800x\"", "\"\\udc00\"", "\"\udc00\"", "\"\ud83d\"",
        "01", "-01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "0x10", "NaN", "Infinity", "-Infinity",
        "1e99999999999", "tru", "nul", "True", "NULL", "falsey",
        "1 2", "{}{}", "[] x", "null,", "/* c */ 1", "1 // c", "\u00a01",
    })
    void malformedInputIsRejected(String text) {
        assertThrows(JsonException.class, () -> Json.parse(text), () -> "accepted: " + text);
    }

    @Test
    void errorsNameTheOffset() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"members\": [1, 2,]}"));
        assertEquals(18, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("offset 18"), e.getMessage());

        JsonException duplicate = assertThrows(JsonException.class, () -> Json.parse("{\"a\":1, \"a\":2}"));
        assertEquals(8, duplicate.offset(), duplicate.getMessage());
        assertTrue(duplicate.getMessage().contains("duplicate key \"a\""), duplicate.getMessage());
    }

    @Test
    void nestingIsBounded() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(ok));
        String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(tooDeep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
        // Far past the bound: rejected, not a StackOverflowError.
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":".repeat(100_000)));
    }
}
