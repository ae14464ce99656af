// SwitchoverRouteTest: where POST /switchover takes its parameters from, and what it answers without switchovers.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.proxy.switchover.SwitchoverReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchoverRouteTest {

    @Test
    void parametersComeFromTheQueryAFormOrAJsonBody() {
        assertEquals(Map.of("cluster", "main", "target", "10.0.0.2:5432"),
                SwitchoverRoute.parameters("cluster=main&target=10.0.0.2%3A5432", ""));
        assertEquals(Map.of("cluster", "main"), SwitchoverRoute.parameters(null, "cluster=main"));
        assertEquals(Map.of("cluster", "b", "target", "h:1"),
                SwitchoverRoute.parameters("cluster=a", "{\"cluster\": \"b\", \"target\": \"h:1\"}"));
        assertEquals(Map.of(), SwitchoverRoute.parameters(null, "  "));
    }

    @Test
    void aJsonBodyMustHoldStrings() {
        assertThrows(IllegalArgumentException.class, () -> SwitchoverRoute.parameters(null, "{\"cluster\": 1}"));
        assertThrows(RuntimeException.class, () -> SwitchoverRoute.parameters(null, "{\"cluster\": "));
    }

    @Test
    void theReportIsOneJsonObject() {
        assertEquals("{\"cluster\":\"main\",\"old_primary\":\"h:1\",\"new_primary\":\"h:2\",\"write_pause_ms\":812,"
                        + "\"drain_ms\":40,\"cancelled\":0,\"promotion\":\"external\"}\n",
                SwitchoverRoute.json(new SwitchoverReport("main", "h:1", "h:2", 812, 40, 0, "external")));
    }

    @Test
    void withoutSwitchoversTheEndpointSaysSo() {
        assertEquals(404, new SwitchoverRoute(null).respond("POST", null, "").status());
    }
}
