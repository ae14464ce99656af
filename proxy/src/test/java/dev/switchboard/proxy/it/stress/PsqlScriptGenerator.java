// PsqlScriptGenerator: random psql scripts (fed through stdin) and startup settings for one psql client.
package dev.switchboard.proxy.it.stress;

import java.util.Random;

/**
 * A script is one psql session: it shows its startup settings first, then runs random statements on the
 * client's own objects; it may end inside a transaction (psql then leaves with the block open). Nothing
 * printed depends on the server process (no PIDs, so no LISTEN: psql prints the notifier's PID).
 */
final class PsqlScriptGenerator {
    private final Random rnd;
    private final int id;
    private final boolean transactions;

    PsqlScriptGenerator(Random rnd, int id, Mode mode) {
        this.rnd = rnd;
        this.id = id;
        this.transactions = mode.allowsTransactionBlocks();
    }

    /** PGOPTIONS for the next session: a few startup settings, DateStyle in any output format. */
    String options() {
        StringBuilder o = new StringBuilder();
        if (rnd.nextBoolean()) {
            o.append("-c DateStyle=").append(pick(TrackedSetting.PSQL_DATESTYLES).replace(", ", ","));
        }
        for (TrackedSetting s : new TrackedSetting[] {TrackedSetting.TIMEZONE, TrackedSetting.INTERVALSTYLE,
                TrackedSetting.SEARCH_PATH, TrackedSetting.WORK_MEM}) {
            if (rnd.nextBoolean()) {
                o.append(o.length() > 0 ? " " : "").append("-c ").append(s.name).append('=')
                        .append(s.pick(rnd).replace(", ", ","));
            }
        }
        return o.toString();
    }

    /** The first script also creates the client's table. {@code session} numbers the keys of this session. */
    String script(int session, int statements, boolean first) {
        String t = "t_c" + id;
        StringBuilder s = new StringBuilder();
        s.append("SHOW DateStyle;\nSHOW TimeZone;\nSHOW IntervalStyle;\nSHOW search_path;\nSHOW work_mem;\n");
        s.append("SELECT '2024-03-05'::date, timestamptz '2024-01-02 03:04:05+00', interval '1 day 02:03:04';\n");
        if (first) {
            s.append("DROP TABLE IF EXISTS ").append(t).append(";\nCREATE TABLE ").append(t)
                    .append(" (id int PRIMARY KEY, v text);\nGRANT ALL ON ").append(t).append(" TO stress_role;\n");
        }
        long key = id * 1000L + 500 + session;
        boolean inBlock = false;
        for (int i = 0; i < statements; i++) {
            int r = rnd.nextInt(22);
            switch (r) {
                case 0, 1 -> {
                    TrackedSetting set = TrackedSetting.pickSetting(rnd);
                    String value = set == TrackedSetting.DATESTYLE ? pick(TrackedSetting.PSQL_DATESTYLES) : set.pick(rnd);
                    s.append(rnd.nextInt(4) == 0 && inBlock ? "SET LOCAL " : "SET ").append(set.name).append(" = ")
                            .append(set.literal(value)).append(";\nSHOW ").append(set.name).append(";\n");
                }
                case 2 -> s.append("RESET ").append(TrackedSetting.pickSetting(rnd).name).append(";\n");
                case 3 -> s.append("SELECT '2024-03-05'::date, timestamptz '2024-01-02 03:04:05+00',"
                        + " interval '1 day 02:03:04', current_setting('search_path');\n");
                case 4 -> s.append("INSERT INTO ").append(t).append(" VALUES (").append(rnd.nextInt(100))
                        .append(", 'q").append(rnd.nextInt(100)).append("');\n");
                case 5 -> s.append("SELECT id, v FROM ").append(t).append(" ORDER BY id;\n");
                case 6 -> s.append("SELECT pg_advisory_lock(").append(key).append(");\n");
                case 7 -> s.append("SELECT pg_advisory_unlock(").append(key).append("), pg_try_advisory_lock(")
                        .append(key).append(");\nSELECT pg_advisory_unlock_all();\n");
                case 8 -> s.append("CREATE TEMP TABLE IF NOT EXISTS tmp_c").append(id).append(" (x int);\nINSERT INTO tmp_c")
                        .append(id).append(" VALUES (").append(rnd.nextInt(9)).append(");\nSELECT count(*) FROM tmp_c")
                        .append(id).append(";\n");
                case 9 -> s.append("DROP TABLE IF EXISTS tmp_c").append(id).append(";\n");
                case 10 -> s.append("DECLARE cur_c").append(id).append(" CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 9) g;\n"
                        + "FETCH 2 FROM cur_c").append(id).append(";\n");
                case 11 -> s.append("FETCH 3 FROM cur_c").append(id).append(";\nCLOSE cur_c").append(id).append(";\n");
                case 12 -> s.append("PREPARE p_c").append(id).append("(int) AS SELECT $1 * 2;\nEXECUTE p_c").append(id)
                        .append("(").append(rnd.nextInt(100)).append(");\n");
                case 13 -> s.append("DEALLOCATE p_c").append(id).append(";\n");
                case 14 -> s.append("SET ROLE stress_role;\nSELECT current_user, session_user;\n");
                case 15 -> s.append("RESET ROLE;\nSELECT current_user;\n");
                case 16 -> s.append("SELECT g, repeat(md5(g::text), ").append(1 + rnd.nextInt(8))
                        .append(") FROM generate_series(1, ").append(1 + rnd.nextInt(5000)).append(") g;\n");
                case 17 -> {
                    s.append("COPY ").append(t).append(" (id, v) FROM STDIN;\n");
                    int start = 1000 + rnd.nextInt(100_000);
                    int rows = 1 + rnd.nextInt(300);
                    boolean bad = rnd.nextInt(4) == 0;
                    for (int row = 0; row < rows; row++) {
                        s.append(bad && row == rows / 2 ? "oops" : String.valueOf(start + row)).append("\tcopy").append(row).append('\n');
                    }
                    s.append("\\.\n");
                }
                case 18 -> s.append("COPY (SELECT id, v FROM ").append(t).append(" ORDER BY id) TO STDOUT;\n");
                case 19 -> s.append(new String[] {"SELECT 1/0;\n", "SELEC 1;\n", "SELECT 1 \\; SELECT 2/0 \\; SELECT 3;\n"}[rnd.nextInt(3)]);
                default -> {
                    if (!transactions) {
                        s.append("SELECT count(*) FROM ").append(t).append(";\n");
                    } else if (!inBlock) {
                        s.append("BEGIN;\n");
                        inBlock = true;
                    } else {
                        s.append(rnd.nextBoolean() ? "COMMIT;\n" : "ROLLBACK;\n");
                        inBlock = false;
                    }
                }
            }
        }
        return s.toString();
    }

    private String pick(java.util.List<String> values) {
        return values.get(rnd.nextInt(values.size()));
    }
}
