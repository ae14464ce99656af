// SetConfigCalls: set_config(...) in client SQL, as a setting change the proxy can replay or as a pin.
package dev.switchboard.proxy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code set_config(name, value, is_local)} changes a setting like SET does. The proxy replays it only
 * when it knows both what and whether: a statement that is nothing but calls with literal arguments,
 * {@code SELECT set_config('a', 'b', false)[, ...]}, runs each call exactly once. A session-level call
 * anywhere else (a computed argument, a FROM or WHERE that decides how often it runs) pins the client;
 * a call that is literally local ({@code true}) ends with its transaction and needs nothing.
 *
 * <p>As in the server, a NULL value resets the setting and a NULL {@code is_local} means session-level.
 */
final class SetConfigCalls {
    private SetConfigCalls() {
    }

    /** True when the current token names the function: {@code set_config} or {@code "set_config"}. */
    static boolean isName(SqlLexer lx) {
        return lx.isWord("set_config")
                || lx.type() == SqlLexer.QUOTED_IDENT && lx.end() - lx.start() == 12 && lx.identifier().equals("set_config");
    }

    /**
     * At the first token after SELECT. When the statement is only set_config calls with literal arguments
     * (each may have an alias), records what they do, leaves the lexer at the statement's end and returns
     * true; otherwise returns false with the lexer where it was.
     */
    static boolean selectList(SqlLexer lx, ClassificationBuilder out) {
        int mark = lx.mark();
        List<Call> calls = new ArrayList<>(1);
        for (;;) {
            Call call = call(lx);
            if (call == null) {
                lx.rewind(mark);
                return false;
            }
            calls.add(call);
            alias(lx);
            if (lx.atStatementEnd()) {
                break;
            }
            if (!lx.isOp(',')) {
                lx.rewind(mark);
                return false;
            }
            lx.next();
        }
        for (Call call : calls) {
            call.record(out);
        }
        return true;
    }

    /**
     * At the '(' of a set_config call inside some larger statement: pins unless the call is literally
     * local. Only looks ahead; the lexer is left where it was.
     */
    static void inStatement(SqlLexer lx, ClassificationBuilder out) {
        int mark = lx.mark();
        int depth = 0;
        int commas = 0;
        Boolean local = null;
        while (!lx.atStatementEnd()) {
            if (lx.isOp('(')) {
                depth++;
            } else if (lx.isOp(')') && --depth == 0) {
                break;
            } else if (lx.isOp(',') && depth == 1 && ++commas == 2) {
                lx.next();
                Arg arg = arg(lx, true);
                local = arg != null && lx.isOp(')') ? isLocal(arg) : null;
                continue;
            }
            lx.next();
        }
        lx.rewind(mark);
        if (!Boolean.TRUE.equals(local)) {
            out.pin(PinReason.SET_CONFIG);
        }
    }

    /** {@code [pg_catalog.]set_config(arg, arg, arg)} with literal arguments, or null. */
    private static Call call(SqlLexer lx) {
        if (lx.isWord("pg_catalog")) {
            lx.next();
            if (!lx.isOp('.')) {
                return null;
            }
            lx.next();
        }
        if (!isName(lx)) {
            return null;
        }
        lx.next();
        if (!lx.isOp('(')) {
            return null;
        }
        lx.next();
        Arg name = arg(lx, false);
        if (name == null || name.text() == null || !lx.isOp(',')) {
            return null;
        }
        lx.next();
        Arg value = arg(lx, false);
        if (value == null || !lx.isOp(',')) {
            return null;
        }
        lx.next();
        Arg local = arg(lx, true);
        if (local == null || !lx.isOp(')')) {
            return null;
        }
        Boolean isLocal = isLocal(local);
        if (isLocal == null) {
            return null;
        }
        lx.next();
        return new Call(Identifiers.lowerAscii(name.text()), value.text(), isLocal);
    }

    /** {@code [AS] alias} after a call. */
    private static void alias(SqlLexer lx) {
        if (lx.isWord("as")) {
            lx.next();
            if (lx.type() == SqlLexer.WORD || lx.type() == SqlLexer.QUOTED_IDENT) {
                lx.next();
            }
        } else if (lx.type() == SqlLexer.QUOTED_IDENT
                || lx.type() == SqlLexer.WORD && !Identifiers.isReserved(Identifiers.lowerAscii(lx.text()))) {
            lx.next();
        }
    }

    /**
     * A literal argument: a string constant or NULL, and for {@code is_local} also TRUE or FALSE, each
     * with an optional cast to its own type. Null when the argument is anything else.
     */
    private static Arg arg(SqlLexer lx, boolean bool) {
        Arg arg;
        if (lx.isWord("null")) {
            lx.next();
            arg = new Arg(null);
        } else if (bool && (lx.isWord("true") || lx.isWord("false"))) {
            arg = new Arg(lx.identifier());
            lx.next();
        } else {
            String constant = SetStatementParser.constant(lx);
            if (constant == null) {
                return null;
            }
            arg = new Arg(constant);
        }
        if (lx.isOp(':')) {
            lx.next();
            if (!lx.isOp(':')) {
                return null;
            }
            lx.next();
            if (bool ? !(lx.isWord("boolean") || lx.isWord("bool")) : !lx.isWord("text")) {
                return null;
            }
            lx.next();
        }
        return arg;
    }

    /** {@code is_local} as the server reads it (NULL is false), or null when the text is no boolean it takes. */
    private static Boolean isLocal(Arg arg) {
        if (arg.text() == null) {
            return false;
        }
        return switch (arg.text().strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> null;
        };
    }

    /** A literal argument; {@code text} is null for NULL. */
    private record Arg(String text) {
    }

    private record Call(String name, String value, boolean local) {
        /** SET ROLE and SESSION AUTHORIZATION are identities, not settings: they pin as their SET forms do. */
        void record(ClassificationBuilder out) {
            if (local) {
                return; // ends with the transaction
            }
            if (name.equals("role") || name.equals("session_authorization")) {
                if (value == null || name.equals("role") && value.equals("none")) {
                    out.mayReleasePins();
                } else {
                    out.pin(PinReason.SESSION_AUTHORIZATION);
                }
            } else if (value == null) {
                out.setting(new SettingChange.Reset(name));
            } else {
                out.setting(new SettingChange.Set(name, value));
            }
        }
    }
}
