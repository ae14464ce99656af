// SetStatementParser: SET and RESET statements turned into the setting changes (or pins) they cause.
package dev.switchboard.proxy.sql;

import java.util.Set;

/**
 * Follows gram.y's VariableSetStmt / VariableResetStmt closely enough to replay session-level settings.
 * A value is rebuilt the way the server's flatten_set_variable_args() does: unquoted words are folded to
 * lower case, string constants and quoted identifiers are taken as written, elements are joined with ", ",
 * and for list GUCs whose elements are identifiers (search_path…) each element is quote_identifier()-ed, so
 * {@code SET search_path TO a, "B"} gives {@code a, "B"}. A statement the server would reject is ignored.
 *
 * <p>Each method starts on the statement's first token and leaves the lexer on the first token it did not
 * use.
 */
final class SetStatementParser {
    /** GUC_LIST_QUOTE variables a session can set: their elements are identifiers. */
    private static final Set<String> LIST_QUOTE = Set.of(
            "search_path", "temp_tablespaces", "local_preload_libraries", "session_preload_libraries");

    private SetStatementParser() {
    }

    static void set(SqlLexer lx, ClassificationBuilder out) {
        lx.next();
        if (lx.isWord("local")) {
            return; // stays in its transaction
        }
        if (lx.isWord("session")) {
            lx.next();
            if (lx.isWord("authorization")) {
                lx.next();
                authorization(lx, out);
                return;
            }
            if (lx.isWord("characteristics")) {
                out.pin(PinReason.SESSION_CHARACTERISTICS);
                return;
            }
        }
        if (lx.isWord("transaction") || lx.isWord("constraints") || lx.isWord("catalog")) {
            return; // transaction-scoped, or rejected by the server
        }
        if (lx.isWord("time")) {
            lx.next();
            if (lx.isWord("zone")) {
                lx.next();
                timeZone(lx, out);
            }
            return;
        }
        if (lx.isWord("schema")) {
            lx.next();
            String schema = constant(lx);
            if (schema != null && lx.atStatementEnd()) {
                out.setting(new SettingChange.Set("search_path", Identifiers.quote(schema)));
            }
            return;
        }
        if (lx.isWord("names")) {
            names(lx, out);
            return;
        }
        if (lx.isWord("xml")) {
            lx.next();
            if (lx.isWord("option")) {
                lx.next();
                if ((lx.isWord("document") || lx.isWord("content"))) {
                    String value = lx.identifier();
                    if (lx.next() == SqlLexer.SEMICOLON || lx.type() == SqlLexer.EOF) {
                        out.setting(new SettingChange.Set("xmloption", value));
                    }
                }
            }
            return;
        }
        generic(lx, out);
    }

    static void reset(SqlLexer lx, ClassificationBuilder out) {
        lx.next();
        if (lx.isWord("all")) {
            if (endsAfter(lx)) {
                out.setting(new SettingChange.ResetAll());
            }
            return;
        }
        if (lx.isWord("time")) {
            lx.next();
            if (lx.isWord("zone") && endsAfter(lx)) {
                out.setting(new SettingChange.Reset("timezone"));
            }
            return;
        }
        if (lx.isWord("session")) {
            lx.next();
            if (lx.isWord("authorization")) {
                out.mayReleasePins();
            }
            return;
        }
        if (lx.isWord("transaction")) {
            return; // RESET TRANSACTION ISOLATION LEVEL
        }
        String name = varName(lx);
        if (name == null || !lx.atStatementEnd()) {
            return;
        }
        if (name.equals("role") || name.equals("session_authorization")) {
            out.mayReleasePins();
        } else {
            out.setting(new SettingChange.Reset(name));
        }
    }

    /** {@code name {TO|=} value[, ...] | DEFAULT}; also ROLE, which has its own production. */
    private static void generic(SqlLexer lx, ClassificationBuilder out) {
        boolean roleKeyword = lx.isWord("role");
        String name = varName(lx);
        if (name == null) {
            return;
        }
        if (lx.isWord("to") || lx.isOp('=')) {
            lx.next();
        } else if (!roleKeyword) {
            return; // includes SET name FROM CURRENT, a no-op outside a function definition
        }
        if (name.equals("role")) {
            role(lx, out);
            return;
        }
        if (name.equals("session_authorization")) {
            authorization(lx, out);
            return;
        }
        if (lx.isWord("default")) {
            if (endsAfter(lx)) {
                out.setting(new SettingChange.Reset(name));
            }
            return;
        }
        String value = valueList(lx, LIST_QUOTE.contains(name));
        if (value != null) {
            out.setting(new SettingChange.Set(name, value));
        }
    }

    /** SET ROLE: NONE (or RESET ROLE) gives the session back its own identity and may end the pin. */
    private static void role(SqlLexer lx, ClassificationBuilder out) {
        if (lx.isWord("none") || lx.isWord("default")) {
            out.mayReleasePins();
        } else if (lx.type() == SqlLexer.STRING || lx.type() == SqlLexer.QUOTED_IDENT) {
            String role = lx.type() == SqlLexer.STRING ? constant(lx) : lx.identifier();
            if ("none".equals(role)) {
                out.mayReleasePins();
            } else {
                out.pin(PinReason.SESSION_AUTHORIZATION);
            }
        } else if (!lx.atStatementEnd()) {
            out.pin(PinReason.SESSION_AUTHORIZATION);
        }
    }

    /** SET SESSION AUTHORIZATION: DEFAULT gives the session back its login identity and may end the pin. */
    private static void authorization(SqlLexer lx, ClassificationBuilder out) {
        if (lx.isWord("default")) {
            out.mayReleasePins();
        } else if (!lx.atStatementEnd()) {
            out.pin(PinReason.SESSION_AUTHORIZATION);
        }
    }

    /** SET NAMES ['value' | DEFAULT]: client_encoding. */
    private static void names(SqlLexer lx, ClassificationBuilder out) {
        lx.next();
        if (lx.isWord("default")) {
            if (endsAfter(lx)) {
                out.setting(new SettingChange.Reset("client_encoding"));
            }
            return;
        }
        if (lx.atStatementEnd()) {
            out.setting(new SettingChange.Reset("client_encoding"));
            return;
        }
        String value = constant(lx); // the grammar takes a string constant only, not a bare word
        if (value != null && lx.atStatementEnd()) {
            out.setting(new SettingChange.Set("client_encoding", value));
        }
    }

    /** SET TIME ZONE {'value' | identifier | number | INTERVAL '...' [qualifier] | LOCAL | DEFAULT}. */
    private static void timeZone(SqlLexer lx, ClassificationBuilder out) {
        String value;
        if (lx.isWord("local") || lx.isWord("default")) {
            if (endsAfter(lx)) {
                out.setting(new SettingChange.Reset("timezone"));
            }
            return;
        }
        if (lx.isWord("interval")) {
            value = intervalZone(lx);
        } else if (lx.type() == SqlLexer.WORD || lx.type() == SqlLexer.QUOTED_IDENT) {
            value = wordThenNext(lx);
        } else if (lx.type() == SqlLexer.STRING || lx.type() == SqlLexer.DOLLAR_STRING) {
            value = constant(lx);
        } else {
            value = number(lx);
        }
        if (value != null && lx.atStatementEnd()) {
            out.setting(new SettingChange.Set("timezone", value));
        }
    }

    /**
     * {@code INTERVAL [(p)] 'text' [qualifier]}: the server stores {@code INTERVAL 'normalized'}; its TimeZone
     * check accepts the same spelling with the text as written, which names the same offset.
     */
    private static String intervalZone(SqlLexer lx) {
        lx.next();
        if (lx.isOp('(')) {
            while (!lx.isOp(')') && !lx.atStatementEnd()) {
                lx.next();
            }
            lx.next();
        }
        String text = constant(lx);
        if (text == null || text.indexOf('\'') >= 0) {
            return null;
        }
        while (lx.type() == SqlLexer.WORD) { // HOUR TO MINUTE and the like
            lx.next();
        }
        return "INTERVAL '" + text + "'";
    }

    /** A comma-separated var_list; null when it is not one the server would accept. */
    private static String valueList(SqlLexer lx, boolean identifierList) {
        StringBuilder sb = new StringBuilder();
        for (;;) {
            String element;
            boolean quotable = true;
            switch (lx.type()) {
                case SqlLexer.WORD, SqlLexer.QUOTED_IDENT -> element = wordThenNext(lx);
                case SqlLexer.STRING, SqlLexer.DOLLAR_STRING -> element = constant(lx);
                default -> {
                    element = number(lx);
                    quotable = false;
                }
            }
            if (element == null) {
                return null;
            }
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(identifierList && quotable ? Identifiers.quote(element) : element);
            if (lx.isOp(',')) {
                lx.next();
            } else {
                return lx.atStatementEnd() ? sb.toString() : null;
            }
        }
    }

    /** {@code name[.name...]} lower-cased (GUC names are case-insensitive), or null; the lexer is left after it. */
    private static String varName(SqlLexer lx) {
        if (lx.type() != SqlLexer.WORD && lx.type() != SqlLexer.QUOTED_IDENT) {
            return null;
        }
        String name = Identifiers.lowerAscii(lx.identifier());
        lx.next();
        while (lx.isOp('.')) {
            lx.next();
            if (lx.type() != SqlLexer.WORD && lx.type() != SqlLexer.QUOTED_IDENT) {
                return null;
            }
            name = name + '.' + Identifiers.lowerAscii(lx.identifier());
            lx.next();
        }
        return name;
    }

    private static String wordThenNext(SqlLexer lx) {
        String value = lx.identifier();
        lx.next();
        return value;
    }

    /**
     * The value of a string constant (any prefix but B/X, with its UESCAPE clause) or dollar-quoted string;
     * null if the current token is not one. The lexer is left after it.
     */
    static String constant(SqlLexer lx) {
        if (lx.type() == SqlLexer.DOLLAR_STRING) {
            String body = lx.sql().substring(lx.contentStart(), lx.contentEnd());
            lx.next();
            return body;
        }
        if (lx.type() != SqlLexer.STRING || lx.stringKind() == 'B' || lx.stringKind() == 'X') {
            return null;
        }
        char kind = lx.stringKind();
        int quote = lx.contentStart();
        int end = lx.end();
        char escape = '\\';
        lx.next();
        if (kind == 'U' && lx.isWord("uescape")) {
            lx.next();
            if (lx.type() != SqlLexer.STRING || lx.end() - lx.contentStart() != 3) {
                return null;
            }
            escape = lx.sql().charAt(lx.contentStart() + 1);
            lx.next();
        }
        return SqlLiterals.decodeString(lx.sql(), quote, end, kind, escape);
    }

    /**
     * A NumericOnly value as the server prints it: integers that fit in 32 bits as decimal, others as
     * written; a leading '-' kept, '+' dropped. Null if the current token is not a number.
     */
    private static String number(SqlLexer lx) {
        String sign = "";
        if (lx.isOp('-') || lx.isOp('+')) {
            sign = lx.isOp('-') ? "-" : "";
            lx.next();
        }
        if (lx.type() != SqlLexer.NUMBER) {
            return null;
        }
        String text = lx.text();
        lx.next();
        Long integer = integerValue(text);
        if (integer != null) {
            long v = sign.isEmpty() ? integer : -integer;
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return Long.toString(v);
            }
        }
        return sign + text;
    }

    /** Decimal, 0x, 0o and 0b integer literals (underscores allowed, PostgreSQL 16+); null for anything else. */
    private static Long integerValue(String text) {
        String digits = text.replace("_", "");
        int radix = 10;
        if (digits.length() > 2 && digits.charAt(0) == '0') {
            switch (Character.toLowerCase(digits.charAt(1))) {
                case 'x' -> radix = 16;
                case 'o' -> radix = 8;
                case 'b' -> radix = 2;
                default -> { }
            }
            if (radix != 10) {
                digits = digits.substring(2);
            }
        }
        if (digits.isEmpty() || digits.length() > 18) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        return Long.parseLong(digits, radix);
    }

    /** True when the statement ends right after the current token (which is consumed). */
    private static boolean endsAfter(SqlLexer lx) {
        lx.next();
        return lx.atStatementEnd();
    }
}
