// TargetRoleTest: in_hot_standby and default_transaction_read_only describe the database's target.
package dev.switchboard.proxy.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetRoleTest {

    private static Map<String, String> server(String inHotStandby) {
        return server(inHotStandby, "off");
    }

    private static Map<String, String> server(String inHotStandby, String readOnly) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("application_name", "");
        params.put("default_transaction_read_only", readOnly);
        params.put("in_hot_standby", inHotStandby);
        params.put("TimeZone", "UTC");
        return params;
    }

    @Test
    void aReadWriteDatabaseIsAPrimaryEvenWhenItsServerStillReportsThePromotedStandby() {
        Map<String, String> shown = TargetRole.shown(server("on"), Target.READ_WRITE);
        assertEquals("off", shown.get("in_hot_standby"));
        assertEquals(List.of("application_name", "default_transaction_read_only", "in_hot_standby", "TimeZone"),
                List.copyOf(shown.keySet()),
                "the order of the greeting stays the server's");
    }

    @Test
    void aReadOnlyDatabaseIsAStandby() {
        Map<String, String> shown = TargetRole.shown(server("off"), Target.READ_ONLY);
        assertEquals("on", shown.get("in_hot_standby"));
        assertEquals("on", shown.get("default_transaction_read_only"));
    }

    @Test
    void aReadWriteDatabaseIsWritableEvenOnAServerConfiguredReadOnly() {
        Map<String, String> shown = TargetRole.shown(server("off", "on"), Target.READ_WRITE);
        assertEquals("off", shown.get("default_transaction_read_only"));
        assertEquals("off", shown.get("in_hot_standby"));
    }

    @Test
    void aPromotionIsKeptFromClientsOfDatabasesWithAFixedRole() {
        assertTrue(TargetRole.hidesReport("in_hot_standby", Target.READ_WRITE));
        assertTrue(TargetRole.hidesReport("in_hot_standby", Target.READ_ONLY));
        assertFalse(TargetRole.hidesReport("in_hot_standby", Target.PREFER_STANDBY));
        assertFalse(TargetRole.hidesReport("default_transaction_read_only", Target.READ_ONLY), "the client's own SET");
    }

    @Test
    void mixedTargetsTrueReportsAndOldServersAreLeftAsTheyAre() {
        Map<String, String> primary = server("off");
        assertSame(primary, TargetRole.shown(primary, Target.PREFER_STANDBY));
        assertSame(primary, TargetRole.shown(primary, Target.ANY));
        assertSame(primary, TargetRole.shown(primary, Target.READ_WRITE));
        Map<String, String> old = Map.of("server_version", "13.0");
        assertSame(old, TargetRole.shown(old, Target.READ_ONLY));
    }
}
