// ReadOnlyStatements: whether a Query or Parse text only reads, so its transaction may run on a standby.
package dev.switchboard.proxy.sql;

/**
 * Conservative read detection for read/write splitting. A text is a read when every statement in it is a
 * SELECT, SHOW, VALUES or TABLE without a locking clause ({@code FOR UPDATE/SHARE}), {@code INTO}, or a call
 * known to write ({@code nextval}, {@code setval}, advisory locks), or a {@code BEGIN}/{@code START TRANSACTION}
 * that says {@code READ ONLY}. Anything else — WITH (it may modify data), EXPLAIN (ANALYZE runs the statement),
 * DML, DDL, an empty text — is a write. A function that writes from inside a SELECT cannot be seen here: on a
 * standby it fails with 25006, as it would on any read-only node; the client can wrap it in BEGIN.
 */
public final class ReadOnlyStatements {

    private ReadOnlyStatements() {
    }

    public static boolean isRead(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        int statements = 0;
        int type = lexer.next();
        while (type != SqlLexer.EOF) {
            if (type == SqlLexer.SEMICOLON) {
                type = lexer.next();
                continue;
            }
            statements++;
            if (type != SqlLexer.WORD || !readStatement(lexer)) {
                return false;
            }
            type = lexer.type();
        }
        return statements > 0;
    }

    /** Reads one statement from its first word to its end (the lexer is left on ';' or EOF). */
    private static boolean readStatement(SqlLexer lexer) {
        boolean transactionStart = lexer.isWord("begin") || lexer.isWord("start");
        boolean query = lexer.isWord("select") || lexer.isWord("show") || lexer.isWord("values")
                || lexer.isWord("table");
        if (!transactionStart && !query) {
            skipStatement(lexer);
            return false;
        }
        boolean readOnly = false;
        boolean sawRead = false;
        boolean sawFor = false;
        boolean writes = false;
        for (int type = lexer.next(); type != SqlLexer.EOF && type != SqlLexer.SEMICOLON; type = lexer.next()) {
            if (type != SqlLexer.WORD) {
                sawRead = false;
                sawFor = false;
                continue;
            }
            if (transactionStart) {
                readOnly |= sawRead && lexer.isWord("only");
                sawRead = lexer.isWord("read");
                continue;
            }
            if (sawFor && (lexer.isWord("update") || lexer.isWord("share") || lexer.isWord("no")
                    || lexer.isWord("key"))) {
                writes = true;
            }
            sawFor = lexer.isWord("for");
            if (lexer.isWord("into") || lexer.isWord("nextval") || lexer.isWord("setval")
                    || lexer.isWord("pg_advisory_lock") || lexer.isWord("pg_advisory_xact_lock")
                    || lexer.isWord("pg_try_advisory_lock") || lexer.isWord("pg_try_advisory_xact_lock")) {
                writes = true;
            }
        }
        return transactionStart ? readOnly : !writes;
    }

    private static void skipStatement(SqlLexer lexer) {
        int type = lexer.next();
        while (type != SqlLexer.EOF && type != SqlLexer.SEMICOLON) {
            type = lexer.next();
        }
    }
}
