// TargetRoleTest: in_hot_standby at startup describes the database's target.
package dev.switchboard.proxy.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.config.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetRoleTest {

    private static Map<String, String> server(String inHotStandby) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("application_name", "");
        params.put("in_hot_standby", inHotStandby);
        params.put("TimeZone", "UTC");
        return params;
    }

    @Test
    void aReadWriteDatabaseIsAPrimaryEvenWhenItsServerStillReportsThePromotedStandby() {
        Map<String, String> shown = TargetRole.shown(server("on"), Target.READ_WRITE);
        assertEquals("off", shown.get("in_hot_standby"));
        assertEquals(List.of("application_name", "in_hot_standby", "TimeZone"), List.copyOf(shown.keySet()),
                "the order of the greeting stays the server's");
    }

    @Test
    void aReadOnlyDatabaseIsAStandby() {
        assertEquals("on", TargetRole.shown(server("off"), Target.READ_ONLY).get("in_hot_standby"));
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
