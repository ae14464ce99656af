// TopologyJsonTest: the /topology JSON document, field by field, from hand-built snapshots.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyJsonTest {

    @Test
    void healthyClusterWithLaggingAndDownStandbys() {
        String expected = "{\"clusters\":[{\"name\":\"main\",\"version\":7,\"write_target\":\"10.0.0.1:5432\","
                + "\"no_write_reason\":null,\"split_brain\":false,\"highest_timeline\":2,\"nodes\":["
                + "{\"node\":\"10.0.0.1:5432\",\"role\":\"primary\",\"state\":\"up\",\"write_target\":true,"
                + "\"timeline\":2,\"lsn\":\"0/3000060\",\"lag_bytes\":0,\"lag_seconds\":0.0,"
                + "\"since\":\"2026-03-01T12:00:00.750Z\",\"observed_at\":\"2026-03-01T12:00:05.250Z\",\"detail\":null},"
                + "{\"node\":\"10.0.0.2:5432\",\"role\":\"standby\",\"state\":\"up\",\"write_target\":false,"
                + "\"timeline\":2,\"lsn\":\"0/3000000\",\"lag_bytes\":96,\"lag_seconds\":1.5,"
                + "\"since\":\"2026-03-01T11:59:00Z\",\"observed_at\":\"2026-03-01T12:00:05.250Z\",\"detail\":null},"
                + "{\"node\":\"db-3.example:5433\",\"role\":\"down\",\"state\":\"down\",\"write_target\":false,"
                + "\"timeline\":1,\"lsn\":\"0/2000000\",\"lag_bytes\":null,\"lag_seconds\":null,"
                + "\"since\":\"2026-03-01T11:59:00Z\",\"observed_at\":\"2026-03-01T12:00:05.250Z\","
                + "\"detail\":\"connection refused: \\\"db3\\\"\\n\\tretrying\"}]}]}";
        assertEquals(expected, TopologyJson.render(List.of(Snapshots.healthy())));
    }

    @Test
    void splitBrainHasNoWriteTargetAndUnknownsAreNull() {
        String expected = "{\"clusters\":[{\"name\":\"reports\",\"version\":12,\"write_target\":null,"
                + "\"no_write_reason\":\"split brain: 10.1.0.1:5432 and 10.1.0.2:5432 are both writable on timeline 3;"
                + " writes are refused\",\"split_brain\":true,\"highest_timeline\":3,\"nodes\":["
                + "{\"node\":\"10.1.0.1:5432\",\"role\":\"fenced\",\"state\":\"fenced\",\"write_target\":false,"
                + "\"timeline\":3,\"lsn\":\"1/A0\",\"lag_bytes\":null,\"lag_seconds\":null,"
                + "\"since\":\"2026-03-01T12:00:00.750Z\",\"observed_at\":\"2026-03-01T12:00:05.250Z\","
                + "\"detail\":\"split brain: another node is writable on timeline 3\"},"
                + "{\"node\":\"10.1.0.2:5432\",\"role\":\"fenced\",\"state\":\"fenced\",\"write_target\":false,"
                + "\"timeline\":3,\"lsn\":\"1/B0\",\"lag_bytes\":null,\"lag_seconds\":null,"
                + "\"since\":\"2026-03-01T12:00:00.750Z\",\"observed_at\":\"2026-03-01T12:00:05.250Z\","
                + "\"detail\":\"split brain: another node is writable on timeline 3\"},"
                + "{\"node\":\"10.1.0.3:5432\",\"role\":\"unknown\",\"state\":\"unknown\",\"write_target\":false,"
                + "\"timeline\":null,\"lsn\":null,\"lag_bytes\":null,\"lag_seconds\":null,"
                + "\"since\":\"2026-03-01T11:59:00Z\",\"observed_at\":null,\"detail\":null}]}]}";
        assertEquals(expected, TopologyJson.render(List.of(Snapshots.splitBrain())));
    }

    @Test
    void clustersAreListedInOrderAndNoneIsAnEmptyList() {
        String both = TopologyJson.render(List.of(Snapshots.healthy(), Snapshots.splitBrain()));
        assertEquals(TopologyJson.render(List.of(Snapshots.healthy())).replace("}]}]}", "}]},")
                + TopologyJson.render(List.of(Snapshots.splitBrain())).substring("{\"clusters\":[".length()), both);
        assertEquals("{\"clusters\":[]}", TopologyJson.render(List.of()));
    }
}
