// TrackedSettingsTest: reported changes become pending settings like SETs; the search_path a leased server runs with.
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

    /** The client's request went to the server: what it changed waits for its answer. */
    private static void sent(TrackedSettings settings) {
        settings.requestSent();
    }

    /** The server answered the oldest request sent. */
    private static void answered(TrackedSettings settings) {
        settings.requestAnswered();
    }

    @Test
    void aReportedChangeIsCarriedOnceItsRequestSucceeds() {
        sent(settings);
        settings.reported("TimeZone", "Asia/Tokyo");
        assertTrue(settings.hasPending());
        answered(settings);
        settings.commitPending(server);
        assertEquals("Asia/Tokyo", settings.desired().get("timezone"));
        assertEquals("Asia/Tokyo", server.get("timezone"));
        assertEquals("RESET \"timezone\"; SELECT pg_catalog.set_config(E'timezone', E'Asia/Tokyo', false)",
                settings.syncSql(new HashMap<>(Map.of("timezone", "UTC", "datestyle", "ISO, MDY")), Map.of()));
    }

    @Test
    void aRolledBackReportIsForgotten() {
        sent(settings);
        settings.reported("search_path", "other");
        answered(settings);
        settings.discardPending();
        assertNull(settings.desired().get("search_path"));
        assertNull(settings.syncSql(server, Map.of()));
    }

    @Test
    void reportsOfWhatIsAlreadyTrackedChangeNothing() {
        settings.reported("TimeZone", "UTC"); // the startup value
        assertFalse(settings.hasPending());
        settings.addPending(List.of(new SettingChange.Set("datestyle", "SQL, DMY")));
        sent(settings);
        settings.reported("DateStyle", "SQL, DMY"); // the client's own SET, reported
        answered(settings);
        settings.commitPending(server);
        assertEquals("SQL, DMY", settings.desired().get("datestyle"));
        settings.reported("DateStyle", "SQL, DMY");
        assertFalse(settings.hasPending());
    }

    @Test
    void theFinalReportedValueWinsOverAnEarlierSetInTheSameRequest() {
        // SET TimeZone = 'Europe/Rome'; SELECT function_setting_tokyo();
        settings.addPending(List.of(new SettingChange.Set("timezone", "Europe/Rome")));
        sent(settings);
        settings.reported("TimeZone", "Asia/Tokyo");
        answered(settings);
        settings.commitPending(server);
        assertEquals("Asia/Tokyo", settings.desired().get("timezone"));
    }

    @Test
    void aReportAfterAResetIsTheResetsDoing() {
        // The pooled server falls back to its own default; the client keeps its startup value.
        settings.addPending(List.of(new SettingChange.Reset("timezone")));
        sent(settings);
        settings.reported("TimeZone", "Europe/Berlin");
        answered(settings);
        settings.commitPending(server);
        assertEquals("UTC", settings.desired().get("timezone"));
        settings.addPending(List.of(new SettingChange.ResetAll()));
        sent(settings);
        settings.reported("DateStyle", "Postgres, DMY");
        answered(settings);
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

    @Test
    void theStartupValueUntilTheClientChangesIt() {
        assertEquals("a", new TrackedSettings(Map.of("Search_Path", "a")).searchPathNow());
        assertNull(new TrackedSettings(Map.of("application_name", "x")).searchPathNow());
    }

    @Test
    void aPendingSetCountsAtOnceAndARollbackForgetsIt() {
        TrackedSettings settings = new TrackedSettings(Map.of("search_path", "a"));
        settings.addPending(List.of(new SettingChange.Set("search_path", "b")));
        assertEquals("b", settings.searchPathNow(), "the server runs with b before the block commits");
        sent(settings);
        answered(settings);
        settings.discardPending();
        assertEquals("a", settings.searchPathNow());
        settings.addPending(List.of(new SettingChange.Set("search_path", "c")));
        sent(settings);
        answered(settings);
        settings.commitPending(new HashMap<>());
        assertEquals("c", settings.searchPathNow());
    }

    @Test
    void aPendingResetIsThePooledServersDefault() {
        TrackedSettings settings = new TrackedSettings(Map.of("search_path", "a"));
        settings.addPending(List.of(new SettingChange.Reset("search_path")));
        assertNull(settings.searchPathNow());
        settings.addPending(List.of(new SettingChange.Set("search_path", "b"), new SettingChange.ResetAll()));
        assertNull(settings.searchPathNow());
        sent(settings);
        answered(settings);
        settings.commitPending(new HashMap<>());
        assertEquals("a", settings.searchPathNow(), "the next lease brings the server to the startup value");
    }

    @Test
    void otherSettingsDoNotMatter() {
        TrackedSettings settings = new TrackedSettings(Map.of("search_path", "a"));
        settings.addPending(List.of(new SettingChange.Set("timezone", "UTC"), new SettingChange.Reset("datestyle")));
        assertEquals("a", settings.searchPathNow());
    }

    /** Two requests in flight: the first one's answer commits only its own changes. */
    @Test
    void eachRequestsChangesWaitForItsOwnAnswer() {
        sent(settings); // a request without changes
        settings.addPending(List.of(new SettingChange.Set("timezone", "Asia/Tokyo")));
        sent(settings);
        answered(settings);
        settings.commitPending(server);
        assertEquals("UTC", settings.desired().get("timezone"), "the second request is not answered yet");
        answered(settings);
        settings.discardPending(); // it was rolled back
        assertEquals("UTC", settings.desired().get("timezone"));
        assertFalse(settings.hasPending());
    }
}
