// SettingsSyncTest: the query that brings a server to a client's settings.
package dev.switchboard.proxy.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsSyncTest {

    private static Map<String, String> map(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void aFreshServerGetsOnlyWhatDiffersFromWhatItReportsIgnoringCase() {
        assertEquals("SELECT pg_catalog.set_config(E'search_path', E'a,b', false)",
                SettingsSync.sql(map("datestyle", "ISO, MDY", "search_path", "a,b"), map(), map("DateStyle", "ISO, MDY")));
        assertNull(SettingsSync.sql(map("DateStyle", "ISO, MDY"), map(), map("DateStyle", "ISO, MDY")));
    }

    @Test
    void whatAnotherClientAppliedAndThisOneDoesNotWantIsReset() {
        assertEquals("RESET \"statement_timeout\";",
                SettingsSync.sql(map(), map("statement_timeout", "5s"), map()));
        assertEquals("RESET \"myapp\".\"tenant\";", SettingsSync.sql(map(), map("myapp.tenant", "7"), map()));
    }

    /**
     * A partial DateStyle keeps the other half of the value before it: applied on top of another client's
     * "German, DMY", "ISO" would give "ISO, DMY". It is applied on the server's default, as on a fresh connection.
     */
    @Test
    void aValueAppliedDifferentlyIsResetBeforeItIsSetAgain() {
        assertEquals("RESET \"datestyle\"; SELECT pg_catalog.set_config(E'DateStyle', E'ISO', false)",
                SettingsSync.sql(map("DateStyle", "ISO"), map("datestyle", "German, DMY"), map("DateStyle", "German, DMY")));
    }

    @Test
    void whatIsAppliedAsWantedIsLeftAlone() {
        assertNull(SettingsSync.sql(map("timezone", "UTC"), map("timezone", "UTC"), map("TimeZone", "UTC")));
        assertEquals("SELECT pg_catalog.set_config(E'application_name', E'x', false)",
                SettingsSync.sql(map("timezone", "UTC", "application_name", "x"), map("timezone", "UTC"), map()));
    }
}
