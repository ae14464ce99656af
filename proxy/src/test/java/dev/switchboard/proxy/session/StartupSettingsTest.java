// StartupSettingsTest: which startup parameters become settings on a pooled server, and the SQL that applies them.
package dev.switchboard.proxy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StartupSettingsTest {

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void keepsGucsAndDropsIdentityReplicationAndProtocolOptions() {
        Map<String, String> settings = StartupSettings.of(params("user", "app", "database", "app",
                "application_name", "psql", "DateStyle", "ISO", "_pq_.x", "1", "replication", "false"));
        assertEquals(params("application_name", "psql", "DateStyle", "ISO"), settings);
    }

    @Test
    void parsesOptionsLikePostgres() {
        Map<String, String> settings = StartupSettings.of(params("options",
                "-c search_path=foo,public  -cstatement_timeout=5s --work-mem=8MB -c x.y=a\\ b"));
        assertEquals(params("search_path", "foo,public", "statement_timeout", "5s", "work_mem", "8MB",
                "x.y", "a b"), settings);
    }

    /** PostgreSQL applies options first: an explicit parameter of the same name, in any case, wins wherever it stands. */
    @Test
    void anExplicitParameterWinsOverTheSameSettingInOptions() {
        Map<String, String> settings = StartupSettings.of(params("TimeZone", "Etc/UTC", "options",
                "-c timezone=Asia/Tokyo -c IntervalStyle=iso_8601"));
        assertEquals(params("intervalstyle", "iso_8601", "TimeZone", "Etc/UTC").entrySet().stream()
                .map(e -> e.getKey().toLowerCase() + "=" + e.getValue()).sorted().toList(),
                settings.entrySet().stream().map(e -> e.getKey().toLowerCase() + "=" + e.getValue()).sorted().toList());
    }

    /** pgJDBC sends DateStyle=ISO itself; a field order given in options survives it, as on PostgreSQL. */
    @Test
    void dateStyleHalvesFromOptionsAndTheExplicitParameterAreMerged() {
        assertEquals("ISO, DMY", StartupSettings.of(params("DateStyle", "ISO", "options", "-c DateStyle=ISO,DMY"))
                .get("DateStyle"));
        assertEquals("German, YMD", StartupSettings.mergeDateStyle("SQL, YMD", "German"));
        assertEquals("ISO, DMY", StartupSettings.mergeDateStyle("Postgres", "iso,euro"));
        assertEquals("DMY", StartupSettings.mergeDateStyle("DMY", "DMY"));
        assertEquals("bogus", StartupSettings.mergeDateStyle("ISO", "bogus"));
    }

    @Test
    void refusesOptionsItCannotApply() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartupSettings.of(params("options", "-d 5")));
        assertEquals("unsupported startup option \"-d\": Switchboard accepts only -c name=value and --name=value in options",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StartupSettings.of(params("options", "-c novalue")));
        assertThrows(IllegalArgumentException.class, () -> StartupSettings.of(params("bad;name", "1")));
    }

    @Test
    void literalsAreSafeWhateverStandardConformingStringsSays() {
        assertEquals("E'it''s \\\\ here'", dev.switchboard.proxy.sql.SetConfig.literal("it's \\ here"));
    }

    /** The hand-written name check against the pattern PostgreSQL's names follow, over random names. */
    @Test
    void aParameterNameIsCheckedAsThePatternSays() {
        Pattern name = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
        String alphabet = "aZ_09.-é $=\u0000";
        long seed = System.nanoTime();
        System.out.println("StartupSettingsTest seed " + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder candidate = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                candidate.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = candidate.toString();
            assertEquals(name.matcher(s).matches(), StartupSettings.isName(s), "seed " + seed + ": \"" + s + "\"");
        }
        assertFalse(StartupSettings.isName(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartupSettings.of(params("9lives", "x")));
        assertEquals("invalid configuration parameter name \"9lives\"", e.getMessage());
    }
}
