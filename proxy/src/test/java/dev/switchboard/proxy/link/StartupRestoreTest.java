// StartupRestoreTest: which startup values a request's resets call back, and the query that does it.
package dev.switchboard.proxy.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.sql.SettingChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupRestoreTest {
    private static final Map<String, String> STARTUP = Map.of("TimeZone", "Asia/Tokyo");

    @Test
    void aResetOfAStartupSettingCallsItBackWhereItIsAtTheServersDefault() {
        String sql = StartupRestore.sql(STARTUP, List.of(new SettingChange.Reset("timezone")), false);
        assertEquals("SELECT pg_catalog.set_config(s.name, v.value, false) FROM pg_catalog.pg_settings s JOIN (VALUES "
                + "(E'timezone', E'Asia/Tokyo')) AS v(name, value) ON pg_catalog.lower(s.name) = v.name "
                + "WHERE s.setting IS NOT DISTINCT FROM s.reset_val", sql);
    }

    @Test
    void nothingIsCalledBackForOtherSettingsOrASetAfterTheReset() {
        assertNull(StartupRestore.sql(STARTUP, List.of(new SettingChange.Reset("work_mem")), false));
        assertNull(StartupRestore.sql(STARTUP, List.of(new SettingChange.ResetAll(),
                new SettingChange.Set("timezone", "UTC")), false));
        assertNull(StartupRestore.sql(Map.of(), List.of(new SettingChange.ResetAll()), true));
        assertNull(StartupRestore.sql(STARTUP, List.of(), false));
    }

    @Test
    void resetAllAndDiscardAllCallBackEveryStartupSetting() {
        assertTrue(StartupRestore.sql(STARTUP, List.of(new SettingChange.ResetAll()), false).contains("Asia/Tokyo"));
        assertTrue(StartupRestore.sql(STARTUP, List.of(), true).contains("Asia/Tokyo"));
    }

    @Test
    void onlyTextsThatMayResetAreClassified() {
        assertTrue(StartupRestore.mayReset("reset all"));
        assertTrue(StartupRestore.mayReset("SET TimeZone TO DEFAULT"));
        assertTrue(StartupRestore.mayReset("DISCARD ALL"));
        assertFalse(StartupRestore.mayReset("SELECT 1"));
    }
}
