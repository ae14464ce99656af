// StatementKeyTest: statement keys compare by query text and parameter type contents, and cannot be changed.
package dev.switchboard.proxy.prepared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatementKeyTest {

    @Test
    void equalByQueryAndTypeContentsNotArrayIdentity() {
        StatementKey a = new StatementKey("select $1, $2", new int[] {23, 25});
        StatementKey b = new StatementKey("select $1, $2", new int[] {23, 25});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        Set<StatementKey> set = new HashSet<>(Set.of(a));
        assertTrue(set.contains(b));
    }

    @Test
    void differentTypesOrOrderOrLengthAreDifferentStatements() {
        StatementKey base = new StatementKey("select $1, $2", new int[] {23, 25});
        assertNotEquals(base, new StatementKey("select $1, $2", new int[] {25, 23}));
        assertNotEquals(base, new StatementKey("select $1, $2", new int[] {23}));
        assertNotEquals(base, new StatementKey("select $1, $2", new int[] {23, 25, 0}));
        assertNotEquals(base, new StatementKey("select $1,  $2", new int[] {23, 25}));
        // "unspecified" written two ways stays two keys: a duplicate preparation, never a wrong one.
        assertNotEquals(new StatementKey("select $1", new int[0]), new StatementKey("select $1", new int[] {0}));
    }

    @Test
    void theSameTextUnderAnotherSearchPathIsAnotherStatement() {
        StatementKey a = new StatementKey("select * from t", new int[0], "a");
        assertNotEquals(a, new StatementKey("select * from t", new int[0], "b"));
        assertNotEquals(a, new StatementKey("select * from t", new int[0]));
        assertEquals(a, new StatementKey("select * from t", new int[0], "b").withSearchPath("a"));
        assertEquals(a.hashCode(), new StatementKey("select * from t", new int[0], "a").hashCode());
        assertEquals(new StatementKey("select 1", new int[0]), new StatementKey("select 1", new int[0], null));
        assertTrue(a.toString().contains("search_path=a"), a.toString());
    }

    @Test
    void emptyTypeArraysAreEqual() {
        assertEquals(new StatementKey("select 1", new int[0]), new StatementKey("select 1", new int[] {}));
    }

    @Test
    void typesAreCopiedInAndOut() {
        int[] types = {23, 25};
        StatementKey key = new StatementKey("select $1, $2", types);
        types[0] = 16;
        assertArrayEquals(new int[] {23, 25}, key.parameterTypes());
        key.parameterTypes()[1] = 16;
        assertArrayEquals(new int[] {23, 25}, key.parameterTypes());
        assertEquals(new StatementKey("select $1, $2", new int[] {23, 25}), key);
    }

    @Test
    void nullsAreRefusedWithAClearMessage() {
        NullPointerException noQuery = assertThrows(NullPointerException.class, () -> new StatementKey(null, new int[0]));
        assertTrue(noQuery.getMessage().contains("query"), noQuery.getMessage());
        NullPointerException noTypes = assertThrows(NullPointerException.class, () -> new StatementKey("select 1", null));
        assertTrue(noTypes.getMessage().contains("parameter type"), noTypes.getMessage());
    }

    @Test
    void toStringShortensLongQueries() {
        String shown = new StatementKey("select " + "x".repeat(10_000), new int[] {23}).toString();
        assertTrue(shown.length() < 120, shown);
        assertTrue(shown.contains("[23]"), shown);
    }
}
