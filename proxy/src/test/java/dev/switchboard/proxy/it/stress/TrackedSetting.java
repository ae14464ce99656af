// TrackedSetting: the settings the stress clients change, with values whose SHOW form is the value itself.
package dev.switchboard.proxy.it.stress;

import java.util.List;
import java.util.Random;

/**
 * DateStyle keeps ISO first for pgJDBC, which refuses any other output format; psql gets the others
 * ({@link #PSQL_DATESTYLES}). statement_timeout values stay long so a lost cancel is never hidden by a
 * timeout with the same SQLSTATE.
 */
enum TrackedSetting {
    DATESTYLE("DateStyle", "'", List.of("ISO, MDY", "ISO, DMY", "ISO, YMD")),
    TIMEZONE("TimeZone", "'", List.of("UTC", "Asia/Tokyo", "America/New_York", "Europe/Berlin")),
    INTERVALSTYLE("IntervalStyle", "", List.of("postgres", "postgres_verbose", "sql_standard", "iso_8601")),
    SEARCH_PATH("search_path", "", List.of("public", "public, pg_catalog", "pg_catalog, public")),
    WORK_MEM("work_mem", "'", List.of("64kB", "4MB", "8MB")),
    APPLICATION_NAME("application_name", "'", List.of("stress_a", "stress_b", "stress_c")),
    STATEMENT_TIMEOUT("statement_timeout", "'", List.of("0", "1h", "45min")),
    LOCK_TIMEOUT("lock_timeout", "'", List.of("0", "20s", "1min"));

    static final List<String> PSQL_DATESTYLES = List.of("SQL, DMY", "German, DMY", "Postgres, MDY", "ISO, YMD");

    final String name;
    private final String quote;
    final List<String> values;

    TrackedSetting(String name, String quote, List<String> values) {
        this.name = name;
        this.quote = quote;
        this.values = values;
    }

    String pick(Random rnd) {
        return values.get(rnd.nextInt(values.size()));
    }

    /** The value as SQL: quoted where a list would otherwise be read as several values. */
    String literal(String value) {
        return quote + value + quote;
    }

    static TrackedSetting pickSetting(Random rnd) {
        TrackedSetting[] all = values();
        return all[rnd.nextInt(all.length)];
    }

    /** The values of a "|"-joined answer to {@link #showAllQuery()}, by setting name. */
    static java.util.Map<String, String> parseAll(String joined) {
        String[] parts = joined.split("\\|", -1);
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (TrackedSetting s : values()) {
            values.put(s.name, parts[s.ordinal()]);
        }
        return values;
    }

    /** One SELECT showing every tracked setting, in enum order. */
    static String showAllQuery() {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (TrackedSetting s : values()) {
            sql.append(s.ordinal() > 0 ? ", " : "").append("current_setting('").append(s.name).append("')");
        }
        return sql.toString();
    }
}
