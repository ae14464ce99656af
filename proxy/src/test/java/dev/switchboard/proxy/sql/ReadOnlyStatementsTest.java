// ReadOnlyStatementsTest: which texts may run on a standby under read/write splitting.
package dev.switchboard.proxy.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlyStatementsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "select v from t where id = $1",
            "  /* hint */ SELECT * FROM t;",
            "SHOW search_path",
            "VALUES (1), (2)",
            "TABLE t",
            "SELECT 1; SELECT 2",
            "BEGIN READ ONLY",
            "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            "SELECT 'for update' FROM t",
            "SELECT substring(s for 2) FROM t",
    })
    void readsMayGoToAStandby(String sql) {
        assertTrue(ReadOnlyStatements.isRead(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            ";",
            "INSERT INTO t VALUES (1)",
            "UPDATE t SET v = 1",
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
            "SELECT * FROM t FOR UPDATE",
            "SELECT * FROM t FOR NO KEY UPDATE",
            "SELECT * FROM t FOR SHARE",
            "SELECT * INTO new_t FROM t",
            "SELECT nextval('s')",
            "SELECT pg_advisory_lock(1)",
            "BEGIN",
            "BEGIN READ WRITE",
            "START TRANSACTION",
            "SELECT 1; UPDATE t SET v = 2",
            "EXPLAIN ANALYZE DELETE FROM t",
            "SET search_path = x",
    })
    void everythingElseGoesToThePrimary(String sql) {
        assertFalse(ReadOnlyStatements.isRead(sql), sql);
    }
}
