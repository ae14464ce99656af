// TrackedSettingsTest: reported parameters the client changed without SET become pending settings, like SETs.
package dev.switchboard.proxy.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.sql.SettingChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackedSettingsTest {

    private final TrackedSettings settings = new TrackedSettings(Map.of("TimeZone", "UTC", "DateStyle", "ISO, MDY"));
    private final Map<String, String> server = new HashMap<>(Map.of("timezone", "UTC", "datestyle", "ISO, MDY"));

    @Test
    void aReportedChangeIsCarriedOnceItsRequestSucceeds() {
        settings.reported("TimeZone", "Asia/Tokyo");
        assertTrue(settings.hasPending());
        settings.commitPending(server);
        assertEquals("Asia/Tokyo", settings.desired().get("timezone"));
        assertEquals("Asia/Tokyo", server.get("timezone"));
        assertEquals("SELECT pg_catalog.set_config(E'timezone', E'Asia/Tokyo', false)",
                settings.syncSql(new HashMap<>(Map.of("timezone", "UTC", "datestyle", "ISO, MDY"))));
    }

    @Test
    void aRolledBackReportIsForgotten() {
        settings.reported("search_path", "other");
        settings.discardPending();
        assertNull(settings.desired().get("search_path"));
        assertNull(settings.syncSql(server));
    }

    @Test
    void reportsOfWhatIsAlreadyTrackedChangeNothing() {
        settings.reported("TimeZone", "UTC"); // the startup value
        assertFalse(settings.hasPending());
        settings.addPending(List.of(new SettingChange.Set("datestyle", "SQL, DMY")));
        settings.reported("DateStyle", "SQL, DMY"); // the client's own SET, reported
        settings.commitPending(server);
        assertEquals("SQL, DMY", settings.desired().get("datestyle"));
        settings.reported("DateStyle", "SQL, DMY");
        assertFalse(settings.hasPending());
    }

    @Test
    void theFinalReportedValueWinsOverAnEarlierSetInTheSameRequest() {
        // SET TimeZone = 'Europe/Rome'; SELECT function_setting_tokyo();
        settings.addPending(List.of(new SettingChange.Set("timezone", "Europe/Rome")));
        settings.reported("TimeZone", "Asia/Tokyo");
        settings.commitPending(server);
        assertEquals("Asia/Tokyo", settings.desired().get("timezone"));
    }

    @Test
    void aReportAfterAResetIsTheResetsDoing() {
        // The pooled server falls back to its own default; the client keeps its startup value.
        settings.addPending(List.of(new SettingChange.Reset("timezone")));
        settings.reported("TimeZone", "Europe/Berlin");
        settings.commitPending(server);
        assertEquals("UTC", settings.desired().get("timezone"));
        settings.addPending(List.of(new SettingChange.ResetAll()));
        settings.reported("DateStyle", "Postgres, DMY");
        settings.commitPending(server);
        assertEquals("ISO, MDY", settings.desired().get("datestyle"));
    }

    @Test
    void reportsThatAreNoSettingsAreIgnored() {
        for (String name : List.of("in_hot_standby", "server_version", "is_superuser", "session_authorization",
                "server_encoding", "integer_datetimes")) {
            settings.reported(name, "something else");
        }
        assertFalse(settings.hasPending());
    }
}
