// SqlClassifierTest: statement splitting, LISTEN/UNLISTEN, DEALLOCATE, DISCARD, BEGIN and the plain fast path.
package dev.switchboard.proxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlClassifierTest {

    private static int count(String sql) {
        return SqlClassifier.classify(sql).statementCount();
    }

    @Test
    void countsNonEmptyStatements() {
        assertEquals(0, count(""));
        assertEquals(0, count(" ; ;; -- only a comment\n /* and another */ ;"));
        assertEquals(1, count("SELECT 1"));
        assertEquals(1, count("SELECT 1;"));
        assertEquals(2, count("SELECT 1; SELECT 2"));
        assertEquals(3, count("BEGIN;UPDATE t SET a=1;COMMIT;"));
    }

    @Test
    void semicolonsInsideQuotesAndCommentsDoNotSplit() {
        assertEquals(1, count("SELECT 'a;b'"));
        assertEquals(1, count("SELECT 'it''s; fine'"));
        assertEquals(1, count("SELECT E'\\'; SET x = 1; '"));
        assertEquals(1, count("SELECT \"weird;name\" FROM t"));
        assertEquals(1, count("SELECT 1 -- ; SET x = 1\n + 1"));
        assertEquals(1, count("SELECT 1 /* ; /* ; */ ; */"));
        assertEquals(1, count("SELECT $$;$$, $q$ $$; $q$"));
        assertEquals(2, count("SELECT $$;$$; SELECT 2"));
        assertEquals(List.of(), SqlClassifier.classify("SELECT 'x; SET a.b = 1'").settingChanges());
        assertEquals(List.of(), SqlClassifier.classify("SELECT $$; LISTEN x$$").listens());
        assertEquals(List.of(), SqlClassifier.classify("SELECT 1 /* */ -- ; LISTEN x").listens());
    }

    @Test
    void standardRoutineBodiesKeepTheirSemicolons() {
        String sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                + "SELECT CASE WHEN true THEN 1 END; END; SELECT 2";
        assertEquals(2, count(sql));
        assertEquals(2, count("CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); "
                + "SELECT (CASE WHEN true THEN 1 END); END; LISTEN x"));
        // BEGIN is an unreserved keyword: as a parameter name it opens nothing
        Classification c = SqlClassifier.classify(
                "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql AS 'SELECT 1'; SET a.b = 1");
        assertEquals(2, c.statementCount());
        assertEquals(List.of(new SettingChange.Set("a.b", "1")), c.settingChanges());
        assertEquals(2, count("CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql; SELECT 1"));
    }

    @Test
    void listenFoldsChannelNames() {
        Classification c = SqlClassifier.classify("LISTEN Orders; listen \"MixedCase\"; LISTEN \"a\"\"b\"");
        assertEquals(List.of("orders", "MixedCase", "a\"b"), c.listens());
        assertFalse(c.isPlain());
        assertEquals(3, c.statementCount());
        assertEquals(List.of("c".repeat(63)), SqlClassifier.classify("LISTEN " + "C".repeat(80)).listens());
    }

    @Test
    void unlistenNamesAndStar() {
        Classification c = SqlClassifier.classify("UNLISTEN Orders; UNLISTEN *; unlisten \"X\"");
        assertEquals(List.of("orders", "*", "X"), c.unlistens());
        assertEquals(List.of(), c.listens());
    }

    @Test
    void deallocateForms() {
        Classification c = SqlClassifier.classify(
                "DEALLOCATE S_1; deallocate prepare \"Q2\"; DEALLOCATE prepare; DEALLOCATE \"all\"");
        assertEquals(List.of("s_1", "Q2", "prepare", "all"), c.deallocates());
        assertFalse(c.deallocateAll());
        assertTrue(c.mayReleasePins());
        assertTrue(SqlClassifier.classify("DEALLOCATE ALL").deallocateAll());
        assertTrue(SqlClassifier.classify("deallocate prepare all").deallocateAll());
        assertEquals(List.of(), SqlClassifier.classify("DEALLOCATE ALL").deallocates());
    }

    @Test
    void discard() {
        Classification all = SqlClassifier.classify("DISCARD ALL");
        assertTrue(all.discardAll());
        assertTrue(all.mayReleasePins());
        assertFalse(all.isPlain());
        Classification plans = SqlClassifier.classify("discard plans");
        assertFalse(plans.discardAll());
        assertTrue(plans.mayReleasePins());
    }

    @Test
    void beginAndStartTransaction() {
        for (String sql : List.of("BEGIN", "begin;", "BEGIN ISOLATION LEVEL SERIALIZABLE", "BEGIN WORK",
                "START TRANSACTION", "start transaction read only", "/* c */ BEGIN")) {
            Classification c = SqlClassifier.classify(sql);
            assertTrue(c.beginsTransaction(), sql);
            assertTrue(c.isPlain(), sql);
            assertEquals(1, c.statementCount(), sql);
        }
        assertTrue(SqlClassifier.classify("BEGIN; SELECT 1").beginsTransaction());
        assertFalse(SqlClassifier.classify("COMMIT").beginsTransaction());
        assertFalse(SqlClassifier.classify("SELECT 'BEGIN'").beginsTransaction());
        assertFalse(SqlClassifier.classify("START").beginsTransaction());
    }

    @Test
    void plainStatementsAreNone() {
        for (String sql : List.of("SELECT 1", "select * from t where a = $1", "  (SELECT 1)",
                "INSERT INTO t VALUES (1, 'x;y')", "UPDATE t SET a = 1", "DELETE FROM t", "WITH x AS (SELECT 1) SELECT * FROM x",
                "VALUES (1)", "SELECT 1;  \n")) {
            assertSame(Classification.NONE, SqlClassifier.classify(sql), sql);
        }
        Classification two = SqlClassifier.classify("SELECT 1; SELECT 2");
        assertTrue(two.isPlain());
        assertEquals(2, two.statementCount());
        // the slow path gives the same answer for plain statements the fast path declines
        Classification viaLexer = SqlClassifier.classify("/* c */ SELECT temperature FROM t");
        assertEquals(Classification.NONE, viaLexer);
        assertTrue(SqlClassifier.classify("COMMIT").isPlain());
        assertTrue(SqlClassifier.classify("CALL p()").isPlain());
    }

    @Test
    void fastPathDeclinesOnlyWhatMightMatter() {
        assertTrue(SqlClassifier.isPlainDml("SELECT a, b FROM t WHERE c = 'x'"));
        assertTrue(SqlClassifier.isPlainDml("insert into t values (1);"));
        assertFalse(SqlClassifier.isPlainDml("SELECT 1; SET x = 1"));
        assertFalse(SqlClassifier.isPlainDml("SELECT pg_advisory_lock(1)"));
        assertFalse(SqlClassifier.isPlainDml("SELECT * INTO TEMP t FROM s"));
        assertFalse(SqlClassifier.isPlainDml("SET x = 1"));
        assertFalse(SqlClassifier.isPlainDml("selector"));
        assertFalse(SqlClassifier.isPlainDml("-- c\nSELECT 1"));
        assertTrue(SqlClassifier.isPlainDml("SELECT a"));
        assertTrue(SqlClassifier.isPlainDml("SELECT t"));
        assertFalse(SqlClassifier.isPlainDml("SELECT x FROM ADVISORY"));
        assertFalse(SqlClassifier.isPlainDml("select tEmP"));
    }

    @Test
    void fastPathAgreesWithTheFullScan() {
        for (String sql : List.of("SELECT 1", "SELECT a FROM t WHERE b = 'x;y'", "select $$drop table t$$",
                "WITH a AS (SELECT 1) DELETE FROM t", "UPDATE t SET a = 'discard all'", "VALUES ('listen x')",
                "SELECT pg_advisory_lock(1)", "SELECT 1 INTO TEMP t", "SELECT 1; SET a.b = 1", "INSERT INTO temp VALUES (1)",
                "SELECT $$ CREATE TEMP TABLE t() $$", "SELECT 1 -- advisory", "DELETE FROM t;  ", "SELECT 'a' \n 'b'",
                "SELECT set_config('a.b', '1', false)", "SELECT set_config('a.b', $1, false)", "SELECT my_config FROM t")) {
            Classification full = new StatementScanner(sql, true).run();
            if (SqlClassifier.isPlainDml(sql)) {
                assertEquals(Classification.NONE, full, sql);
            }
            assertEquals(full, SqlClassifier.classify(sql), sql);
        }
    }

    @Test
    void classificationIsImmutableAndIsPlainCoversEveryAction() {
        Classification c = SqlClassifier.classify("SET a.b = 1; LISTEN x");
        assertThrows(UnsupportedOperationException.class, () -> c.listens().add("y"));
        assertThrows(UnsupportedOperationException.class, () -> c.settingChanges().clear());
        assertFalse(SqlClassifier.classify("UNLISTEN x").isPlain());
        assertFalse(SqlClassifier.classify("DEALLOCATE ALL").isPlain());
        assertFalse(SqlClassifier.classify("LOAD 'x'").isPlain());
        assertFalse(SqlClassifier.classify("RESET ALL").isPlain());
        assertEquals(Set.of(), Classification.NONE.pins());
        assertEquals(1, Classification.NONE.statementCount());
        assertThrows(NullPointerException.class, () -> SqlClassifier.classify(null));
    }

    @Test
    void mixedScriptInOnePass() {
        Classification c = SqlClassifier.classify("""
                BEGIN;
                SET search_path TO app, "Audit";  -- session level
                SET LOCAL work_mem = '1GB';
                LISTEN jobs;
                SELECT pg_advisory_lock(1), 'pg_advisory_unlock(1)';
                /* DISCARD ALL; */
                COMMIT;
                """);
        assertEquals(List.of(new SettingChange.Set("search_path", "app, \"Audit\"")), c.settingChanges());
        assertEquals(List.of("jobs"), c.listens());
        assertEquals(Set.of(PinReason.ADVISORY_LOCK), c.pins());
        assertFalse(c.mayReleasePins());
        assertFalse(c.discardAll());
        assertTrue(c.beginsTransaction());
        assertEquals(6, c.statementCount());
    }

    @Test
    void standardConformingStringsOffMakesBackslashEscapeInPlainStrings() {
        String sql = "SELECT 'a\\'; LISTEN x; '";
        assertEquals(List.of("x"), SqlClassifier.classify(sql).listens());
        assertEquals(3, SqlClassifier.classify(sql).statementCount());
        Classification off = SqlClassifier.classify(sql, false);
        assertEquals(List.of(), off.listens());
        assertEquals(1, off.statementCount());
        assertEquals(List.of(new SettingChange.Set("application_name", "it's")),
                SqlClassifier.classify("SET application_name = 'it\\'s'", false).settingChanges());
    }

    @Test
    void unterminatedTextIsNotAnError() {
        assertEquals(1, count("SELECT 'unterminated; SET a.b = 1"));
        assertEquals(1, count("SELECT $x$ unterminated; LISTEN y"));
        assertEquals(1, count("SELECT /* unterminated; LISTEN y"));
        assertEquals(List.of(), SqlClassifier.classify("SELECT \"unterminated; LISTEN y").listens());
    }
}
