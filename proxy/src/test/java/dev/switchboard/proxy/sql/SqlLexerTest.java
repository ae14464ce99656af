// SqlLexerTest: token boundaries for every kind of quoting and comment PostgreSQL has.
package dev.switchboard.proxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    /** Tokens as "TYPE:text", comments and whitespace dropped. */
    private static List<String> tokens(String sql) {
        SqlLexer lx = new SqlLexer(sql);
        List<String> out = new ArrayList<>();
        String[] names = {"EOF", "WORD", "QIDENT", "STRING", "DOLLAR", "NUMBER", "PARAM", "OP", "SEMI"};
        while (lx.next() != SqlLexer.EOF) {
            out.add(names[lx.type()] + ":" + lx.text());
        }
        return out;
    }

    @Test
    void wordsNumbersOperatorsAndParameters() {
        assertEquals(List.of("WORD:SELECT", "NUMBER:1.5e-3", "OP:+", "PARAM:$1", "OP:,", "WORD:a$b",
                "OP::", "OP::", "WORD:int", "SEMI:;"), tokens("SELECT 1.5e-3+$1, a$b::int;"));
        assertEquals(List.of("NUMBER:.5", "NUMBER:0x1F", "NUMBER:1_000"), tokens(".5 0x1F 1_000"));
    }

    @Test
    void lineCommentsEndAtNewlineOrCarriageReturn() {
        assertEquals(List.of("WORD:a", "WORD:b", "WORD:c"), tokens("a -- ; x\nb -- ;\rc --"));
        assertEquals(List.of("NUMBER:1", "NUMBER:2"), tokens("1--2\n2"));
    }

    @Test
    void blockCommentsNest() {
        assertEquals(List.of("WORD:a", "WORD:b"), tokens("a /* x /* ; */ still comment ; */ b"));
        assertEquals(List.of("WORD:a"), tokens("a /* unterminated /* ; */"));
        assertEquals(List.of("OP:/", "OP:*"), tokens("/ *"));
    }

    @Test
    void singleQuotedStringsWithDoubledQuotes() {
        assertEquals(List.of("STRING:'it''s;'", "SEMI:;"), tokens("'it''s;';"));
        // standard_conforming_strings: a backslash does not escape the quote
        assertEquals(List.of("STRING:'a\\'", "WORD:b"), tokens("'a\\' b"));
    }

    @Test
    void escapeStringsHonourBackslash() {
        assertEquals(List.of("STRING:E'\\';'", "SEMI:;"), tokens("E'\\';';"));
        assertEquals(List.of("STRING:e'\\\\'", "WORD:x"), tokens("e'\\\\' x"));
        assertEquals(List.of("WORD:somee", "STRING:'x'"), tokens("somee'x'"));
    }

    @Test
    void prefixedConstantsAndUnicodeIdentifiers() {
        assertEquals(List.of("STRING:N'a'", "STRING:B'01'", "STRING:X'1f'", "STRING:U&'\\0041'",
                "QIDENT:U&\"\\0041\""), tokens("N'a' B'01' X'1f' U&'\\0041' U&\"\\0041\""));
    }

    @Test
    void stringContinuesAcrossNewlineOnly() {
        assertEquals(List.of("STRING:'a'\n  'b'"), tokens("'a'\n  'b'"));
        assertEquals(List.of("STRING:'a' -- c\n'b'"), tokens("'a' -- c\n'b'"));
        assertEquals(List.of("STRING:'a'", "STRING:'b'"), tokens("'a' 'b'"));
        assertEquals("ab", SqlLiterals.decodeString("'a'\n'b'", 0, 7, '\'', '\\'));
    }

    @Test
    void quotedIdentifiersWithDoubledQuotes() {
        assertEquals(List.of("QIDENT:\"a\"\";b\"", "SEMI:;"), tokens("\"a\"\";b\";"));
        SqlLexer lx = new SqlLexer("\"My\"\"Name\"");
        lx.next();
        assertEquals("My\"Name", lx.identifier());
    }

    @Test
    void dollarQuotes() {
        assertEquals(List.of("WORD:DO", "DOLLAR:$$ BEGIN; END $$", "SEMI:;"), tokens("DO $$ BEGIN; END $$;"));
        assertEquals(List.of("DOLLAR:$fn$ $$ ; $x$ $fn$", "WORD:x"), tokens("$fn$ $$ ; $x$ $fn$ x"));
        assertEquals(List.of("DOLLAR:$a$ unterminated ;"), tokens("$a$ unterminated ;"));
        SqlLexer lx = new SqlLexer("$T$body$t$ $T$");
        lx.next();
        assertEquals("body$t$ ", lx.sql().substring(lx.contentStart(), lx.contentEnd()));
        // a '$' that opens nothing is an operator character
        assertEquals(List.of("OP:$", "OP:+"), tokens("$ +"));
    }

    @Test
    void identifiersFoldAndTruncate() {
        SqlLexer lx = new SqlLexer("MixedCase");
        lx.next();
        assertEquals("mixedcase", lx.identifier());
        String long70 = "A".repeat(70);
        lx = new SqlLexer(long70);
        lx.next();
        assertEquals("a".repeat(63), lx.identifier());
        // 63 bytes never splits a multi-byte character
        assertEquals("é".repeat(31), Identifiers.truncate("é".repeat(40)));
    }

    @Test
    void escapeStringDecoding() {
        assertEquals("it's\n\t\\x", decode("E'it\\'s\\n\\t\\\\x'"));
        assertEquals("é", decode("E'\\xc3\\xa9'"));
        assertEquals("A", decode("E'\\101'"));
        assertEquals("é😀", decode("E'\\u00e9\\U0001F600'"));
        assertEquals("x''y", decode("'x''''y'"));
    }

    @Test
    void unicodeStringDecoding() {
        assertEquals("data", decode("U&'d\\0061t\\+000061'"));
        assertEquals("\\", decode("U&'\\\\'"));
    }

    private static String decode(String literal) {
        SqlLexer lx = new SqlLexer(literal);
        lx.next();
        return SqlLiterals.decodeString(literal, lx.contentStart(), lx.end(), lx.stringKind(), '\\');
    }

    @Test
    void quoteIdentifierMatchesServer() {
        assertEquals("abc_1", Identifiers.quote("abc_1"));
        assertEquals("\"B\"", Identifiers.quote("B"));
        assertEquals("\"$user\"", Identifiers.quote("$user"));
        assertEquals("\"user\"", Identifiers.quote("user"));
        assertEquals("\"a\"\"b\"", Identifiers.quote("a\"b"));
        assertEquals("\"1a\"", Identifiers.quote("1a"));
        assertEquals("public", Identifiers.quote("public"));
    }
}
