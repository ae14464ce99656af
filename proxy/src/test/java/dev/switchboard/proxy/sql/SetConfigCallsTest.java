// SetConfigCallsTest: literal set_config calls replay like SET; computed or conditional ones pin; local ones do nothing.
package dev.switchboard.proxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.sql.SettingChange.Reset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetConfigCallsTest {

    private static SettingChange set(String name, String value) {
        return new SettingChange.Set(name, value);
    }

    private static void assertCarried(List<SettingChange> expected, String sql) {
        Classification c = SqlClassifier.classify(sql);
        assertEquals(expected, c.settingChanges(), sql);
        assertEquals(Set.of(), c.pins(), sql);
    }

    private static void assertPinned(String sql) {
        Classification c = SqlClassifier.classify(sql);
        assertEquals(Set.of(PinReason.SET_CONFIG), c.pins(), sql);
        assertEquals(List.of(), c.settingChanges(), sql);
    }

    private static void assertNothing(String sql) {
        assertTrue(SqlClassifier.classify(sql).isPlain(), sql);
    }

    @Test
    void aSelectOfLiteralSessionCallsIsASet() {
        assertCarried(List.of(set("timezone", "Asia/Tokyo")), "SELECT set_config('TimeZone', 'Asia/Tokyo', false)");
        assertCarried(List.of(set("myapp.tenant", "42")), "select pg_catalog.set_config('myapp.tenant', '42', false);");
        assertCarried(List.of(set("search_path", "a, \"B\"")), "SELECT set_config('search_path', 'a, \"B\"', false)");
        assertCarried(List.of(set("application_name", "it's")), "SELECT set_config('application_name', E'it\\'s', false)");
        assertCarried(List.of(set("work_mem", "8MB")), "SELECT set_config($$work_mem$$, $v$8MB$v$, FALSE)");
        assertCarried(List.of(set("work_mem", "8MB")), "SELECT \"set_config\"('work_mem'::text, '8MB'::text, false::boolean)");
        assertCarried(List.of(set("a.b", "1"), set("c.d", "2")),
                "SELECT set_config('a.b', '1', false) AS one, set_config('c.d', '2', 'off') two");
    }

    @Test
    void theServersReadingOfIsLocalAndNullValues() {
        assertCarried(List.of(set("a.b", "1")), "SELECT set_config('a.b', '1', NULL)"); // NULL is_local: session
        assertCarried(List.of(set("a.b", "1")), "SELECT set_config('a.b', '1', 'f')");
        assertCarried(List.of(new Reset("a.b")), "SELECT set_config('a.b', NULL, false)"); // NULL value: RESET
        assertNothing("SELECT set_config('a.b', '1', true)");
        assertNothing("SELECT set_config('a.b', '1', 'yes')");
        assertNothing("SELECT set_config('TimeZone', 'UTC', TRUE), set_config('a.b', 'x', 'on')");
    }

    @Test
    void theCallsKeepTheirPlaceAmongOtherStatements() {
        assertEquals(List.of(set("a.b", "1"), set("a.b", "2"), new Reset("a.b")),
                SqlClassifier.classify("SET a.b = 1; SELECT set_config('a.b', '2', false); RESET a.b").settingChanges());
        Classification block = SqlClassifier.classify("BEGIN; SELECT set_config('a.b', '2', false); COMMIT");
        assertEquals(List.of(set("a.b", "2")), block.settingChanges());
        assertTrue(block.beginsTransaction());
    }

    @Test
    void computedArgumentsPin() {
        assertPinned("SELECT set_config('a.b', $1, false)");
        assertPinned("SELECT set_config($1, $2, $3)");
        assertPinned("SELECT set_config('a.b', 'x', $1)");
        assertPinned("SELECT set_config('a.b', now()::text, false)");
        assertPinned("SELECT set_config('a.b', 'x' || 'y', false)");
        assertPinned("SELECT set_config('a.b', 'x', 1 = 1)");
        assertPinned("SELECT set_config(name, setting, false) FROM pg_settings WHERE name = 'work_mem'");
    }

    @Test
    void literalCallsInALargerQueryPinBecauseTheQueryDecidesWhetherTheyRun() {
        assertPinned("SELECT set_config('a.b', '1', false) FROM t");
        assertPinned("SELECT set_config('a.b', '1', false) WHERE false");
        assertPinned("SELECT set_config('a.b', '1', false) LIMIT 0");
        assertPinned("SELECT 1, set_config('a.b', '1', false)");
        assertPinned("SELECT CASE WHEN x THEN set_config('a.b', '1', false) END FROM t");
        assertPinned("WITH s AS (SELECT set_config('a.b', '1', false)) SELECT * FROM s");
        assertPinned("UPDATE t SET v = set_config('a.b', '1', false)");
        assertPinned("SELECT set_config('a.b', '1', false) UNION SELECT '2'");
        assertPinned("SELECT x FROM t WHERE pg_catalog.set_config('a.b', '1', false) IS NOT NULL");
    }

    @Test
    void localCallsAnywhereNeedNothing() {
        assertNothing("SELECT set_config('a.b', v, true) FROM t");
        assertNothing("SELECT set_config('a.b', $1, true)");
        assertNothing("SELECT set_config('a.b', coalesce($1, 'x'), 'true'::bool) WHERE $2");
    }

    @Test
    void roleAndSessionAuthorizationPinAsTheirSetFormsDo() {
        assertEquals(Set.of(PinReason.SESSION_AUTHORIZATION),
                SqlClassifier.classify("SELECT set_config('role', 'admin', false)").pins());
        assertEquals(Set.of(PinReason.SESSION_AUTHORIZATION),
                SqlClassifier.classify("SELECT set_config('session_authorization', 'bob', false)").pins());
        Classification none = SqlClassifier.classify("SELECT set_config('role', 'none', false)");
        assertEquals(Set.of(), none.pins());
        assertTrue(none.mayReleasePins());
        assertEquals(List.of(), none.settingChanges());
        assertNothing("SELECT set_config('role', 'admin', true)");
    }

    @Test
    void notACallOrNotRunIsNothing() {
        assertNothing("SELECT set_config FROM t");
        assertNothing("SELECT 'set_config(''a.b'', ''1'', false)'");
        assertNothing("EXPLAIN SELECT set_config('a.b', $1, false)");
        assertNothing("EXPLAIN (COSTS off) SELECT set_config('a.b', '1', false)");
        // A routine's body runs when it is called, where the proxy sees the ParameterStatus, if any.
        assertNothing("CREATE FUNCTION f() RETURNS text LANGUAGE sql RETURN set_config('a.b', '1', false)");
        assertNothing("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT set_config('a.b', '1', false) $$");
        assertNothing("CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = x AS 'SELECT 1'");
        assertCarried(List.of(set("a.b", "1")), "EXPLAIN ANALYZE SELECT set_config('a.b', '1', false)");
    }

    @Test
    void theFastPathLetsEveryCallThrough() {
        assertFalse(SqlClassifier.isPlainDml("SELECT set_config('a.b', '1', false)"));
        assertFalse(SqlClassifier.isPlainDml("SELECT SET_CONFIG('a.b', '1', false)"));
        assertFalse(SqlClassifier.isPlainDml("UPDATE t SET v = pg_catalog.set_config('a.b', v, false)"));
        assertTrue(SqlClassifier.isPlainDml("SELECT some_column FROM my_table"));
        assertTrue(SqlClassifier.isPlainDml("SELECT _config FROM t"));
    }
}
