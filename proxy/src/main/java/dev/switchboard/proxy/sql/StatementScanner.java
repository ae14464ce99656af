// StatementScanner: splits a text into statements and classifies each by its first keyword.
package dev.switchboard.proxy.sql;

/**
 * One pass over the tokens of a Query or Parse text. Each statement is dispatched on its first keyword;
 * the rest of every statement is still walked for advisory lock calls and opaque bodies, and only the
 * statement kinds that need it look further (SELECT for INTO TEMP, CREATE for temporary objects, DECLARE
 * for WITH HOLD).
 */
final class StatementScanner {
    private static final int PLAIN = 0;
    private static final int SELECT = 1;
    private static final int CREATE = 2;
    private static final int DECLARE = 3;
    private static final int DO = 4;

    private final SqlLexer lx;
    private final ClassificationBuilder out = new ClassificationBuilder();

    /** False inside an EXPLAIN without ANALYZE: the statement is planned, not run. */
    private boolean runs = true;
    // Per-statement state of CREATE statements.
    private boolean createsRoutine;
    private boolean pgTempName;
    private boolean onCommitDrop;

    StatementScanner(String sql, boolean standardConformingStrings) {
        this.lx = new SqlLexer(sql, standardConformingStrings);
    }

    Classification run() {
        int count = 0;
        int t = lx.next();
        while (t != SqlLexer.EOF) {
            if (t == SqlLexer.SEMICOLON) {
                t = lx.next();
                continue;
            }
            count++;
            runs = true;
            statement();
            t = lx.type() == SqlLexer.EOF ? SqlLexer.EOF : lx.next();
        }
        return out.build(count);
    }

    /** Classifies the statement starting at the current token; returns on its ';' or at the end of the text. */
    private void statement() {
        while (lx.isOp('(')) {
            lx.next();
        }
        if (lx.type() != SqlLexer.WORD) {
            rest(PLAIN);
            return;
        }
        switch (keyword()) {
            case "select" -> {
                lx.next();
                if (!runs || !SetConfigCalls.selectList(lx, out)) {
                    rest(SELECT);
                }
            }
            case "with", "values", "table" -> rest(SELECT);
            case "create" -> create();
            case "set" -> {
                SetStatementParser.set(lx, out);
                rest(PLAIN);
            }
            case "reset" -> {
                SetStatementParser.reset(lx, out);
                rest(PLAIN);
            }
            case "listen" -> {
                lx.next();
                if (isName()) {
                    out.listen(lx.identifier());
                    lx.next();
                }
                rest(PLAIN);
            }
            case "unlisten" -> unlisten();
            case "deallocate" -> deallocate();
            case "discard" -> {
                out.mayReleasePins();
                lx.next();
                if (lx.isWord("all")) {
                    out.discardAll();
                }
                rest(PLAIN);
            }
            case "begin" -> {
                out.beginsTransaction();
                rest(PLAIN);
            }
            case "start" -> {
                lx.next();
                if (lx.isWord("transaction")) {
                    out.beginsTransaction();
                }
                rest(PLAIN);
            }
            case "prepare" -> prepare();
            case "declare" -> rest(DECLARE);
            case "load" -> {
                out.pin(PinReason.LOAD);
                rest(PLAIN);
            }
            case "close", "drop" -> {
                out.mayReleasePins();
                rest(PLAIN);
            }
            case "do" -> {
                // The body is opaque: it may take pins (scanned conservatively) or drop what pinned.
                out.mayReleasePins();
                rest(DO);
            }
            case "explain" -> explain();
            default -> rest(PLAIN);
        }
    }

    /**
     * The first keyword in lower case when it is one this class dispatches on, else "". Interned constants
     * are returned, so nothing is allocated.
     */
    private String keyword() {
        switch (lx.end() - lx.start()) {
            case 2 -> {
                return lx.isWord("do") ? "do" : "";
            }
            case 3 -> {
                return lx.isWord("set") ? "set" : "";
            }
            case 4 -> {
                return lx.isWord("with") ? "with" : lx.isWord("drop") ? "drop" : lx.isWord("load") ? "load" : "";
            }
            case 5 -> {
                return lx.isWord("reset") ? "reset" : lx.isWord("begin") ? "begin" : lx.isWord("start") ? "start"
                        : lx.isWord("close") ? "close" : lx.isWord("table") ? "table" : "";
            }
            case 6 -> {
                return lx.isWord("select") ? "select" : lx.isWord("create") ? "create" : lx.isWord("listen") ? "listen"
                        : lx.isWord("values") ? "values" : "";
            }
            case 7 -> {
                return lx.isWord("discard") ? "discard" : lx.isWord("prepare") ? "prepare"
                        : lx.isWord("declare") ? "declare" : lx.isWord("explain") ? "explain" : "";
            }
            case 8 -> {
                return lx.isWord("unlisten") ? "unlisten" : "";
            }
            case 10 -> {
                return lx.isWord("deallocate") ? "deallocate" : "";
            }
            default -> {
                return "";
            }
        }
    }

    private void unlisten() {
        lx.next();
        if (lx.isOp('*')) {
            out.unlisten("*");
            lx.next();
        } else if (isName()) {
            out.unlisten(lx.identifier());
            lx.next();
        }
        rest(PLAIN);
    }

    /** DEALLOCATE [PREPARE] {name | ALL}; "DEALLOCATE prepare" names a statement called prepare. */
    private void deallocate() {
        lx.next();
        if (lx.isWord("prepare")) {
            lx.next();
            if (lx.atStatementEnd()) {
                out.deallocate("prepare");
                return;
            }
        }
        if (lx.isWord("all")) {
            out.deallocateAll();
            lx.next();
        } else if (isName()) {
            out.deallocate(lx.identifier());
            lx.next();
        }
        rest(PLAIN);
    }

    /** PREPARE name ... AS pins; PREPARE TRANSACTION 'gid' (two-phase commit) does not. */
    private void prepare() {
        lx.next();
        if (lx.isWord("transaction")) {
            lx.next();
            if (lx.type() == SqlLexer.STRING) {
                rest(PLAIN);
                return;
            }
            out.pin(PinReason.SQL_PREPARE);
        } else if (isName()) {
            out.pin(PinReason.SQL_PREPARE);
        }
        rest(PLAIN);
    }

    /** EXPLAIN [(options)] [ANALYZE] [VERBOSE] statement: EXPLAIN ANALYZE runs it, so classify the inner one. */
    private void explain() {
        lx.next();
        boolean analyze = false; // only ANALYZE runs the statement ("(ANALYZE false)" is taken as ANALYZE)
        if (lx.isOp('(')) {
            int depth = 0;
            do {
                if (lx.isOp('(')) {
                    depth++;
                } else if (lx.isOp(')')) {
                    depth--;
                }
                analyze |= lx.isWord("analyze") || lx.isWord("analyse");
                lx.next();
            } while (depth > 0 && !lx.atStatementEnd());
        }
        while (lx.isWord("analyze") || lx.isWord("analyse") || lx.isWord("verbose")) {
            analyze |= !lx.isWord("verbose");
            lx.next();
        }
        runs = analyze;
        if (lx.atStatementEnd()) {
            return;
        }
        statement();
    }

    /** CREATE [OR REPLACE] [GLOBAL|LOCAL] TEMP|TEMPORARY ..., or a name in pg_temp; ON COMMIT DROP needs no pin. */
    private void create() {
        lx.next();
        if (lx.isWord("or")) {
            lx.next();
            if (lx.isWord("replace")) {
                lx.next();
            }
        }
        if (lx.isWord("global") || lx.isWord("local")) {
            lx.next();
        }
        boolean temporary = false;
        if (lx.isWord("temp") || lx.isWord("temporary")) {
            temporary = true;
            lx.next();
        }
        createsRoutine = lx.isWord("function") || lx.isWord("procedure");
        pgTempName = false;
        onCommitDrop = false;
        rest(CREATE);
        // A temporary table dropped at commit is gone before the backend is released: it never needs a pin.
        if ((temporary || pgTempName) && !onCommitDrop) {
            out.pin(PinReason.TEMPORARY_TABLE);
        }
    }

    /**
     * Walks the statement to its end from the current token: advisory lock calls anywhere, opaque bodies,
     * and the per-kind checks of {@code mode}.
     */
    private void rest(int mode) {
        int pendingAdvisory = AdvisoryFunctions.NONE;
        boolean pendingSetConfig = false;
        boolean afterInsertOrMerge = false;
        boolean afterWith = false;
        boolean afterPgTemp = false;
        int onCommit = 0; // words of ON COMMIT DROP seen in a row
        int beginDepth = 0; // BEGIN ATOMIC ... END in a routine body may hold ';'
        int parenDepth = 0;
        boolean afterBegin = false;
        for (;;) {
            int t = lx.type();
            if (t == SqlLexer.EOF || (t == SqlLexer.SEMICOLON && beginDepth == 0)) {
                return;
            }
            int advisory = AdvisoryFunctions.NONE;
            boolean setConfig = false;
            switch (t) {
                case SqlLexer.WORD -> {
                    advisory = AdvisoryFunctions.kind(lx.sql(), lx.start(), lx.end());
                    setConfig = SetConfigCalls.isName(lx);
                    if (mode == SELECT) {
                        if (lx.isWord("into") && !afterInsertOrMerge) {
                            selectInto();
                            continue;
                        }
                        afterInsertOrMerge = lx.isWord("insert") || lx.isWord("merge");
                    } else if (mode == CREATE) {
                        afterPgTemp = isPgTemp();
                        onCommit = lx.isWord("on") ? 1 : onCommit == 1 && lx.isWord("commit") ? 2
                                : onCommit == 2 && lx.isWord("drop") ? 3 : 0;
                        onCommitDrop |= onCommit == 3;
                        if (createsRoutine) {
                            if (parenDepth == 0) {
                                beginDepth = routineDepth(beginDepth, afterBegin);
                            }
                            afterBegin = lx.isWord("begin");
                        }
                    } else if (mode == DECLARE) {
                        if (afterWith && lx.isWord("hold")) {
                            out.pin(PinReason.HOLD_CURSOR);
                        }
                        afterWith = lx.isWord("with");
                        if (lx.isWord("for")) {
                            mode = PLAIN; // the query after FOR may use WITH freely
                        }
                    }
                }
                case SqlLexer.QUOTED_IDENT -> {
                    advisory = quotedAdvisory();
                    setConfig = SetConfigCalls.isName(lx);
                    afterPgTemp = mode == CREATE && isPgTemp();
                }
                case SqlLexer.OP -> {
                    if (lx.isOp('(')) {
                        parenDepth++;
                    } else if (lx.isOp(')') && parenDepth > 0) {
                        parenDepth--;
                    }
                    if (pendingAdvisory == AdvisoryFunctions.LOCK && lx.isOp('(')) {
                        out.pin(PinReason.ADVISORY_LOCK);
                    } else if (pendingAdvisory == AdvisoryFunctions.UNLOCK && lx.isOp('(')) {
                        out.mayReleasePins();
                    }
                    // A routine's body (here a standard one, not quoted) runs when called, not now.
                    if (pendingSetConfig && lx.isOp('(') && runs && !(mode == CREATE && createsRoutine)) {
                        SetConfigCalls.inStatement(lx, out);
                    }
                    if (afterPgTemp && lx.isOp('.')) {
                        pgTempName = true;
                    }
                    afterPgTemp = false;
                }
                case SqlLexer.DOLLAR_STRING -> {
                    // A routine's body runs later, when called, where no classifier sees it anyway.
                    if (!(mode == CREATE && createsRoutine)) {
                        OpaqueBodyScan.scan(lx.sql(), lx.contentStart(), lx.contentEnd(), out);
                    }
                }
                case SqlLexer.STRING -> {
                    if (mode == DO) {
                        OpaqueBodyScan.scan(lx.sql(), lx.contentStart(), lx.end(), out);
                    }
                }
                default -> { }
            }
            if (t != SqlLexer.WORD && t != SqlLexer.QUOTED_IDENT) {
                afterWith = false;
                onCommit = 0;
                afterBegin = false;
            }
            pendingAdvisory = advisory;
            pendingSetConfig = setConfig;
            lx.next();
        }
    }

    /** At INTO in a SELECT: INTO [GLOBAL|LOCAL] TEMP|TEMPORARY [TABLE] name, or INTO pg_temp.name, pins. */
    private void selectInto() {
        lx.next();
        if (lx.isWord("global") || lx.isWord("local")) {
            lx.next();
        }
        if (lx.isWord("temp") || lx.isWord("temporary")) {
            lx.next();
            if (lx.isWord("table")) {
                lx.next();
            }
            // "SELECT 1 INTO temp FROM t" creates a permanent table named temp: FROM cannot be a name.
            if (lx.type() == SqlLexer.QUOTED_IDENT
                    || lx.type() == SqlLexer.WORD && !Identifiers.isReserved(Identifiers.lowerAscii(lx.text()))) {
                out.pin(PinReason.TEMPORARY_TABLE);
            }
        } else if (isPgTemp()) {
            lx.next();
            if (lx.isOp('.')) {
                out.pin(PinReason.TEMPORARY_TABLE);
            }
        }
    }

    /**
     * SQL-standard routine bodies ({@code BEGIN ATOMIC ... END}) hold semicolons. As in psql, only words
     * outside parentheses count: ATOMIC after BEGIN opens, CASE nests inside, END closes.
     */
    private int routineDepth(int depth, boolean afterBegin) {
        if (afterBegin && lx.isWord("atomic")) {
            return depth + 1;
        }
        if (depth > 0 && lx.isWord("case")) {
            return depth + 1;
        }
        if (depth > 0 && lx.isWord("end")) {
            return depth - 1;
        }
        return depth;
    }

    /** pg_temp, or a backend's own pg_temp_N, as a schema name. */
    private boolean isPgTemp() {
        if (lx.type() == SqlLexer.WORD) {
            int length = lx.end() - lx.start();
            return length >= 7 && lx.sql().regionMatches(true, lx.start(), "pg_temp", 0, 7)
                    && (length == 7 || lx.sql().charAt(lx.start() + 7) == '_');
        }
        return lx.type() == SqlLexer.QUOTED_IDENT && lx.end() - lx.start() >= 9
                && lx.identifier().startsWith("pg_temp") && (lx.identifier().equals("pg_temp")
                || lx.identifier().startsWith("pg_temp_"));
    }

    /** {@code "pg_advisory_lock"(...)} written as a quoted identifier (exact case). */
    private int quotedAdvisory() {
        if (lx.end() - lx.start() < 18 || lx.sql().charAt(lx.start() + 1) != 'p') {
            return AdvisoryFunctions.NONE;
        }
        String name = lx.identifier();
        return name.equals(Identifiers.lowerAscii(name))
                ? AdvisoryFunctions.kind(name, 0, name.length()) : AdvisoryFunctions.NONE;
    }

    private boolean isName() {
        return lx.type() == SqlLexer.WORD || lx.type() == SqlLexer.QUOTED_IDENT;
    }
}
