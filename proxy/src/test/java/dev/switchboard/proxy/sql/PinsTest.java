// PinsTest: every pinning cause, what releases it, and look-alikes that must not pin.
package dev.switchboard.proxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PinsTest {

    private static Set<PinReason> pins(String sql) {
        return SqlClassifier.classify(sql).pins();
    }

    private static void assertPins(PinReason reason, List<String> statements) {
        for (String sql : statements) {
            assertEquals(Set.of(reason), pins(sql), sql);
        }
    }

    private static void assertNoPin(List<String> statements) {
        for (String sql : statements) {
            assertEquals(Set.of(), pins(sql), sql);
        }
    }

    @Test
    void sessionAdvisoryLocksPin() {
        assertPins(PinReason.ADVISORY_LOCK, List.of(
                "SELECT pg_advisory_lock(1)",
                "select PG_ADVISORY_LOCK_SHARED(1, 2)",
                "SELECT pg_try_advisory_lock(42)",
                "SELECT pg_try_advisory_lock_shared(42)",
                "SELECT pg_catalog.pg_advisory_lock (7)",
                "SELECT \"pg_advisory_lock\"(7)",
                "WITH x AS (SELECT pg_advisory_lock(id) FROM t) SELECT 1",
                "UPDATE t SET a = 1 WHERE pg_try_advisory_lock(id)",
                "SELECT 1; SELECT pg_advisory_lock(1)",
                "PERFORM pg_advisory_lock(1)",
                "SELECT pg_advisory_lock(/* comment */ 1)"));
    }

    @Test
    void lookAlikesOfAdvisoryLocksDoNotPin() {
        assertNoPin(List.of(
                "SELECT pg_advisory_xact_lock(1)",
                "SELECT pg_try_advisory_xact_lock_shared(1)",
                "SELECT 'pg_advisory_lock('",
                "SELECT E'\\'pg_advisory_lock(1)'",
                "SELECT 1 -- pg_advisory_lock(1)",
                "SELECT 1 /* pg_advisory_lock(1) /* nested */ still */",
                "SELECT \"pg_advisory_lock(1)\" FROM t",
                "SELECT pg_advisory_lock FROM t",
                "SELECT \"PG_ADVISORY_LOCK\"(1)",
                "SELECT my_pg_advisory_lock(1)"));
    }

    @Test
    void advisoryUnlockMayRelease() {
        for (String sql : List.of("SELECT pg_advisory_unlock(1)", "SELECT pg_advisory_unlock_all()",
                "SELECT pg_advisory_unlock_shared(1, 2)")) {
            Classification c = SqlClassifier.classify(sql);
            assertTrue(c.mayReleasePins(), sql);
            assertEquals(Set.of(), c.pins(), sql);
        }
        assertFalse(SqlClassifier.classify("SELECT 'pg_advisory_unlock_all()'").mayReleasePins());
    }

    @Test
    void temporaryObjectsPin() {
        assertPins(PinReason.TEMPORARY_TABLE, List.of(
                "CREATE TEMP TABLE t (a int)",
                "create temporary table t as select 1",
                "CREATE GLOBAL TEMPORARY TABLE t (a int)",
                "CREATE LOCAL TEMP TABLE t (a int)",
                "CREATE TEMP VIEW v AS SELECT 1",
                "CREATE OR REPLACE TEMP VIEW v AS SELECT 1",
                "CREATE TEMP RECURSIVE VIEW v(n) AS SELECT 1",
                "CREATE TEMPORARY SEQUENCE s",
                "CREATE TABLE pg_temp.t (a int)",
                "CREATE TABLE IF NOT EXISTS PG_TEMP.t (a int)",
                "CREATE VIEW \"pg_temp\".v AS SELECT 1",
                "CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "CREATE TEMP TABLE t (a int) ON COMMIT DELETE ROWS",
                "SELECT * INTO TEMP t FROM s",
                "SELECT a INTO TEMPORARY TABLE t FROM s",
                "SELECT a INTO LOCAL TEMP t FROM s",
                "select a into pg_temp.t from s",
                "WITH x AS (SELECT 1) SELECT * INTO TEMP t FROM x",
                "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1",
                "EXPLAIN (ANALYZE, BUFFERS) SELECT 1 INTO TEMP t"));
    }

    @Test
    void temporaryLookAlikesDoNotPin() {
        assertNoPin(List.of(
                "CREATE TABLE temp (a int)",
                "CREATE TABLE t (temp int)",
                "INSERT INTO temp VALUES (1)",
                "WITH x AS (SELECT 1) INSERT INTO temp SELECT * FROM x",
                "SELECT temperature INTO t FROM s",
                // a permanent table named temp: FROM cannot be the name of a temporary one
                "SELECT 1 INTO temp FROM pg_class",
                "SELECT 1 INTO temp",
                "SELECT 'CREATE TEMP TABLE x'",
                "SELECT * FROM pg_temp_schemas",
                "CREATE UNLOGGED TABLE t (a int)",
                // dropped at commit: gone before the backend is released
                "CREATE TEMP TABLE t (a int) ON COMMIT DROP",
                "CREATE TEMP TABLE t ON COMMIT DROP AS SELECT 1"));
    }

    @Test
    void holdCursorsPin() {
        assertPins(PinReason.HOLD_CURSOR, List.of(
                "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
                "declare c binary insensitive no scroll cursor with hold for select 1",
                "DECLARE \"C\" SCROLL CURSOR WITH /* x */ HOLD FOR SELECT 1"));
        assertNoPin(List.of(
                "DECLARE c CURSOR FOR SELECT 1",
                "DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1",
                "DECLARE c CURSOR FOR WITH hold AS (SELECT 1) SELECT * FROM hold",
                "SELECT 'DECLARE c CURSOR WITH HOLD FOR SELECT 1'"));
    }

    @Test
    void sqlPreparePins() {
        assertPins(PinReason.SQL_PREPARE, List.of(
                "PREPARE p AS SELECT 1",
                "prepare p (int, text) as select $1, $2",
                "PREPARE \"Q\" AS SELECT 1"));
        assertNoPin(List.of("PREPARE TRANSACTION 'gid-1'", "SELECT 'PREPARE p AS SELECT 1'"));
    }

    @Test
    void loadPins() {
        assertPins(PinReason.LOAD, List.of("LOAD 'auto_explain'", "load '$libdir/plugins/x'"));
    }

    @Test
    void doBlocksAreScannedConservatively() {
        assertEquals(Set.of(PinReason.ADVISORY_LOCK),
                pins("DO $$BEGIN PERFORM pg_advisory_lock(1); END$$"));
        assertEquals(Set.of(PinReason.ADVISORY_LOCK),
                pins("DO 'BEGIN PERFORM pg_advisory_lock(1); END'"));
        assertEquals(Set.of(PinReason.TEMPORARY_TABLE),
                pins("DO $body$ BEGIN CREATE TEMP TABLE t (a int); END $body$"));
        assertEquals(Set.of(PinReason.TEMPORARY_TABLE),
                pins("DO $$BEGIN EXECUTE $q$create or replace temporary view v as select 1$q$; END$$"));
        assertEquals(Set.of(), pins("DO $$BEGIN PERFORM pg_advisory_xact_lock(1); END$$"));
        assertTrue(SqlClassifier.classify("DO $$BEGIN DROP TABLE t; END$$").mayReleasePins());
        // the documented price: a dollar-quoted string that merely mentions it pins too
        assertEquals(Set.of(PinReason.ADVISORY_LOCK), pins("SELECT $$pg_advisory_lock$$"));
    }

    @Test
    void routineDefinitionsDoNotRunTheirBody() {
        assertNoPin(List.of(
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$BEGIN PERFORM pg_advisory_lock(1); END$$",
                "CREATE OR REPLACE PROCEDURE p() LANGUAGE plpgsql AS $$BEGIN CREATE TEMP TABLE t(a int); END$$"));
    }

    @Test
    void severalPinsInOneText() {
        assertEquals(Set.of(PinReason.ADVISORY_LOCK, PinReason.TEMPORARY_TABLE, PinReason.LOAD),
                pins("SELECT pg_advisory_lock(1); CREATE TEMP TABLE t(a int); LOAD 'x'"));
    }

    @Test
    void releasingStatements() {
        for (String sql : List.of("DROP TABLE t", "drop view v", "CLOSE c", "CLOSE ALL", "DEALLOCATE p",
                "DISCARD TEMP", "DISCARD ALL", "DISCARD PLANS")) {
            Classification c = SqlClassifier.classify(sql);
            assertTrue(c.mayReleasePins(), sql);
            assertFalse(c.isPlain(), sql);
        }
    }
}
