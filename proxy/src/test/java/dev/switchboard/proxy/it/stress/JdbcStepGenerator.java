// JdbcStepGenerator: the random next step of a pgJDBC client, chosen from what its mode and state allow.
package dev.switchboard.proxy.it.stress;

import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

/**
 * Every statement is deterministic on its own client's objects (table {@code t_c<id>}, temp table,
 * cursor, prepared statement, advisory key and channel named after the client), so the proxy's answer
 * must equal the twin's whatever the other clients do. Two databases keep the twins apart: advisory
 * keys and notification channels are per database.
 */
final class JdbcStepGenerator {
    /** How long a notification may take to arrive; a liveness bound, not a latency target. */
    private static final Duration NOTIFY_WAIT = Duration.ofSeconds(10);

    private final Random rnd;
    private final ClientModel model;
    private final Weighted<JdbcStep> choices = new Weighted<>();

    JdbcStepGenerator(Random rnd, ClientModel model) {
        this.rnd = rnd;
        this.model = model;
    }

    /** Startup properties for a new connection: statement preparation, startup settings, sometimes none. */
    Properties startup() {
        Properties p = new Properties();
        p.setProperty("prepareThreshold", String.valueOf(new int[] {1, 2, 5}[rnd.nextInt(3)]));
        StringBuilder options = new StringBuilder();
        for (TrackedSetting s : TrackedSetting.values()) {
            if (rnd.nextInt(3) == 0) {
                options.append(options.length() > 0 ? " " : "").append("-c ").append(s.name).append('=')
                        .append(s.pick(rnd).replace(", ", ",").replace(" ", "\\ "));
            }
        }
        if (options.length() > 0) {
            p.setProperty("options", options.toString());
        }
        if (rnd.nextBoolean()) {
            p.setProperty("ApplicationName", "stress_start_" + model.id);
        }
        return p;
    }

    /** Shows every tracked setting: run right after connecting, it gives the values RESET goes back to. */
    JdbcStep showAll() {
        return JdbcStep.of("show every tracked setting", JdbcStepGenerator::showAllNow,
                (m, ok, d) -> connected(m, d));
    }

    /** The client's own table, fresh for this run, in both databases. */
    JdbcStep createTable() {
        String sql = "DROP TABLE IF EXISTS " + model.table() + "; CREATE TABLE " + model.table()
                + " (id int PRIMARY KEY, v text); GRANT ALL ON " + model.table() + " TO stress_role";
        return JdbcStep.of(sql, side -> sql(side, sql));
    }

    JdbcStep next() {
        choices.clear();
        boolean txn = model.inTransaction;
        String t = model.table();
        if (model.aborted) {
            choices.add(8, JdbcStep.of("ROLLBACK", side -> sql(side, "ROLLBACK"), (m, ok, d) -> m.rollback()));
            choices.add(2, JdbcStep.of("COMMIT", side -> sql(side, "COMMIT"), (m, ok, d) -> m.rollback()));
        }
        choices.add(4, plain("SELECT id, v FROM " + t + " ORDER BY id"));
        choices.add(2, plain("SELECT count(*), sum(id), max(length(v)) FROM " + t));
        int id = rnd.nextInt(200);
        choices.add(5, plain("INSERT INTO " + t + " VALUES (" + id + ", 'v" + rnd.nextInt(1000) + "')"));
        choices.add(2, plain("UPDATE " + t + " SET v = v || 'u' WHERE id % 7 = " + rnd.nextInt(7)));
        choices.add(1, plain("DELETE FROM " + t + " WHERE id BETWEEN " + id + " AND " + (id + rnd.nextInt(30))));
        choices.add(6, set(false));
        choices.add(txn ? 3 : 1, set(true));
        choices.add(2, reset());
        choices.add(1, JdbcStep.of("RESET ALL", side -> sql(side, "RESET ALL"), (m, ok, d) -> {
            if (ok) {
                m.resetAll();
            }
        }));
        choices.add(6, show());
        choices.add(2, plain("SELECT '2024-03-05'::date::text AS d, timestamptz '2024-01-02 03:04:05+00'::text AS ts,"
                + " interval '1 day 02:03:04'::text AS i, current_setting('search_path') AS sp"));
        addPins(choices);
        choices.add(5, preparedStatements());
        choices.add(4, batch());
        choices.add(2, largeResult());
        choices.add(2, copyIn());
        choices.add(2, copyOut());
        choices.add(2, plain(new String[] {"SELECT 1/0", "SELEC 1", "SELECT * FROM no_such_table"}[rnd.nextInt(3)]));
        if (!txn) {
            choices.add(1, cancel());
            choices.add(2, notifications());
            choices.add(1, JdbcStep.of("DISCARD ALL", side -> sql(side, "DISCARD ALL"), (m, ok, d) -> {
                if (ok) {
                    m.discardAll();
                }
            }));
        }
        if (model.mode.allowsTransactionBlocks()) {
            if (!txn) {
                choices.add(4, JdbcStep.of("BEGIN", side -> sql(side, "BEGIN"), (m, ok, d) -> m.begin()));
            } else if (!model.aborted) {
                choices.add(3, JdbcStep.of("COMMIT", side -> sql(side, "COMMIT"), (m, ok, d) -> m.commit()));
                choices.add(2, JdbcStep.of("ROLLBACK", side -> sql(side, "ROLLBACK"), (m, ok, d) -> m.rollback()));
            }
            choices.add(1, leave());
        } else {
            choices.add(1, JdbcStep.of("BEGIN", side -> sql(side, "BEGIN"))
                    .onlyThroughTheProxy("ERROR 0A000"));
        }
        choices.add(1, reconnect());
        return choices.pick(rnd);
    }

    private void addPins(Weighted<JdbcStep> c) {
        long key = model.advisoryKey();
        c.add(2, JdbcStep.of("SELECT pg_advisory_lock(" + key + ")",
                side -> sql(side, "SELECT pg_advisory_lock(" + key + ")"), (m, ok, d) -> m.locksHeld += ok ? 1 : 0));
        c.add(1, plain("SELECT pg_try_advisory_lock(" + key + ")"));
        c.add(model.locksHeld > 0 ? 5 : 1, JdbcStep.of("SELECT pg_advisory_unlock(" + key + ")",
                side -> sql(side, "SELECT pg_advisory_unlock(" + key + ")"),
                (m, ok, d) -> m.locksHeld = Math.max(0, m.locksHeld - (ok ? 1 : 0))));

        String tmp = model.tempTable();
        c.add(2, JdbcStep.of("CREATE TEMP TABLE " + tmp, side -> sql(side, "CREATE TEMP TABLE IF NOT EXISTS " + tmp
                + " (x int)"), (m, ok, d) -> m.tempTable |= ok));
        c.add(model.tempTable ? 2 : 0, plain("INSERT INTO " + tmp + " SELECT generate_series(1, " + (1 + rnd.nextInt(50)) + ")"));
        c.add(model.tempTable ? 2 : 0, plain("SELECT count(*), sum(x) FROM " + tmp));
        c.add(model.tempTable ? 4 : 1, JdbcStep.of("DROP TABLE IF EXISTS " + tmp,
                side -> sql(side, "DROP TABLE IF EXISTS " + tmp), (m, ok, d) -> m.tempTable &= !ok));

        String cur = model.cursor();
        c.add(2, JdbcStep.of("DECLARE " + cur + " CURSOR WITH HOLD", side -> sql(side, "DECLARE " + cur
                + " CURSOR WITH HOLD FOR SELECT id, v FROM " + model.table() + " ORDER BY id"), (m, ok, d) -> m.holdCursor |= ok));
        c.add(model.holdCursor ? 3 : 0, plain("FETCH " + (1 + rnd.nextInt(5)) + " FROM " + cur));
        c.add(model.holdCursor ? 4 : 1, JdbcStep.of("CLOSE " + cur, side -> sql(side, "CLOSE " + cur),
                (m, ok, d) -> m.holdCursor &= !ok));

        String p = model.prepared();
        c.add(2, JdbcStep.of("PREPARE " + p, side -> sql(side, "PREPARE " + p + "(int) AS SELECT count(*) FROM "
                + model.table() + " WHERE id > $1"), (m, ok, d) -> m.sqlPrepared |= ok));
        c.add(model.sqlPrepared ? 3 : 0, plain("EXECUTE " + p + "(" + rnd.nextInt(200) + ")"));
        c.add(model.sqlPrepared ? 4 : 1, JdbcStep.of("DEALLOCATE " + p, side -> sql(side, "DEALLOCATE " + p),
                (m, ok, d) -> m.sqlPrepared &= !ok));

        c.add(1, JdbcStep.of("SET ROLE stress_role", side -> sql(side, "SET ROLE stress_role"),
                (m, ok, d) -> m.roleSet |= ok && !m.inTransaction));
        c.add(2, plain("SELECT current_user, session_user"));
        c.add(model.roleSet ? 4 : 1, JdbcStep.of("RESET ROLE", side -> sql(side, "RESET ROLE"),
                (m, ok, d) -> m.roleSet &= !ok));
    }

    private JdbcStep plain(String sql) {
        return JdbcStep.of(sql, side -> sql(side, sql));
    }

    private JdbcStep set(boolean local) {
        TrackedSetting s = TrackedSetting.pickSetting(rnd);
        String value = s.pick(rnd);
        String form = local ? "SET LOCAL " + s.name + " = " : new String[] {"SET " + s.name + " = ", "SET " + s.name
                + " TO ", "SET SESSION " + s.name + " = "}[rnd.nextInt(3)];
        String sql = form + s.literal(value);
        return JdbcStep.of(sql, side -> sql(side, sql), (m, ok, d) -> {
            if (ok) {
                m.set(s.name, value, local);
            }
        });
    }

    private JdbcStep reset() {
        TrackedSetting s = TrackedSetting.pickSetting(rnd);
        String sql = "RESET " + s.name;
        return JdbcStep.of(sql, side -> sql(side, sql), (m, ok, d) -> {
            if (ok) {
                m.reset(s.name);
            }
        });
    }

    private JdbcStep show() {
        TrackedSetting s = TrackedSetting.pickSetting(rnd);
        String sql = "SHOW " + s.name;
        JdbcStep step = JdbcStep.of(sql, side -> {
            try (Statement st = side.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return Outcome.of(rs.getString(1));
            }
        });
        String expected = model.expected(s.name);
        return expected == null ? step : step.expecting(expected);
    }

    private JdbcStep preparedStatements() {
        int times = 1 + rnd.nextInt(6);
        long paramSeed = rnd.nextLong();
        boolean write = rnd.nextInt(3) == 0;
        String sql = write ? "INSERT INTO " + model.table() + " VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v"
                : "SELECT id, v FROM " + model.table() + " WHERE id >= ? ORDER BY id LIMIT ?";
        return JdbcStep.of(times + "x prepared " + sql, side -> {
            Random params = new Random(paramSeed);
            StringBuilder out = new StringBuilder();
            try (PreparedStatement ps = side.connection().prepareStatement(sql)) {
                for (int i = 0; i < times; i++) {
                    ps.setInt(1, params.nextInt(200));
                    if (write) {
                        ps.setString(2, "p" + params.nextInt(1000));
                        out.append(ps.executeUpdate()).append(' ');
                    } else {
                        ps.setInt(2, 1 + params.nextInt(10));
                        try (ResultSet rs = ps.executeQuery()) {
                            out.append(Outcome.rows(rs)).append(' ');
                        }
                    }
                }
            }
            return Outcome.of(out.toString());
        });
    }

    /** A pipelined batch; with a repeated id it fails in the middle. */
    private JdbcStep batch() {
        int size = 2 + rnd.nextInt(20);
        List<Integer> ids = new ArrayList<>();
        int start = 200 + rnd.nextInt(5000);
        for (int i = 0; i < size; i++) {
            ids.add(start + i);
        }
        if (rnd.nextInt(3) == 0) {
            ids.set(1 + rnd.nextInt(size - 1), start);
        }
        boolean prepared = rnd.nextBoolean();
        String t = model.table();
        return JdbcStep.of((prepared ? "prepared " : "") + "batch of " + size + " inserts " + ids, side -> {
            if (prepared) {
                try (PreparedStatement ps = side.connection().prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
                    for (int id : ids) {
                        ps.setInt(1, id);
                        ps.setString(2, "b" + id);
                        ps.addBatch();
                    }
                    return Outcome.of(java.util.Arrays.toString(ps.executeBatch()));
                }
            }
            try (Statement st = side.connection().createStatement()) {
                for (int id : ids) {
                    st.addBatch("INSERT INTO " + t + " VALUES (" + id + ", 'b" + id + "')");
                }
                return Outcome.of(java.util.Arrays.toString(st.executeBatch()));
            }
        });
    }

    /** Up to about 4 MB in one reply. */
    private JdbcStep largeResult() {
        int rows = 1000 + rnd.nextInt(20_000);
        int repeat = 1 + rnd.nextInt(Math.max(1, 4_000_000 / (rows * 32)));
        return plain("SELECT g, repeat(md5(g::text), " + repeat + ") FROM generate_series(1, " + rows + ") g");
    }

    private JdbcStep copyIn() {
        int rows = 1 + rnd.nextInt(2000);
        int width = 1 + rnd.nextInt(500);
        int start = 10_000 + rnd.nextInt(100_000);
        boolean bad = rnd.nextInt(5) == 0;
        int badAt = rnd.nextInt(rows);
        String t = model.table();
        return JdbcStep.of("COPY " + t + " FROM STDIN, " + rows + " rows from id " + start + (bad ? ", bad row " + badAt : ""),
                side -> {
                    StringBuilder data = new StringBuilder();
                    for (int i = 0; i < rows; i++) {
                        data.append(bad && i == badAt ? "x" : String.valueOf(start + i)).append('\t')
                                .append("c".repeat(width)).append(i).append('\n');
                    }
                    CopyManager copy = side.connection().unwrap(PGConnection.class).getCopyAPI();
                    return Outcome.of("copied " + copy.copyIn("COPY " + t + " (id, v) FROM STDIN",
                            new StringReader(data.toString())));
                });
    }

    private JdbcStep copyOut() {
        String sql = rnd.nextBoolean() ? "COPY (SELECT id, v FROM " + model.table() + " ORDER BY id) TO STDOUT"
                : "COPY (SELECT g, md5(g::text) FROM generate_series(1, " + (1 + rnd.nextInt(50_000)) + ") g) TO STDOUT";
        return JdbcStep.of(sql, side -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = side.connection().unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
            return Outcome.of(n + " rows, " + Outcome.digestOf(out.toByteArray()));
        });
    }

    /** A pg_sleep cancelled once it runs; the query text names client and generation so it is found. */
    private JdbcStep cancel() {
        String sql = "SELECT pg_sleep(20) /* stress c" + model.id + " g" + model.generation + " */";
        return JdbcStep.of("cancel " + sql, side -> {
            try (Statement st = side.connection().createStatement()) {
                FutureTask<Outcome> running = new FutureTask<>(() -> sql(st, sql));
                Thread thread = new Thread(running, "stress-cancel-c" + model.id);
                thread.setDaemon(true);
                thread.start();
                awaitRunning(side.dbname(), sql, running);
                st.cancel();
                try {
                    return running.get(Liveness.ANSWER_BOUND.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw (Exception) e.getCause();
                }
            }
        });
    }

    private static final String RESET_PREFIX = "RESET ALL gives ";

    /** Waits until the sleep runs on its server; on a timeout the cancel goes anyway and the outcome shows it. */
    private static void awaitRunning(String dbname, String sql, FutureTask<Outcome> running) {
        String probe = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + dbname + "' AND state = 'active'"
                + " AND query = '" + sql.replace("'", "''") + "'";
        try {
            Await.until("\"" + sql + "\" running", Liveness.ANSWER_BOUND, () -> running.isDone()
                    || "1".equals(TestCluster.get().primary().query(dbname, probe).get(0).get(0)));
        } catch (AssertionError e) {
            // Not seen running within the bound: the step's outcome (no 57014, or no answer) says so.
        }
    }

    /** LISTEN, UNLISTEN or NOTIFY on the client's own channel, then every notification it should have received. */
    private JdbcStep notifications() {
        String ch = model.channel();
        int kind = rnd.nextInt(model.listening ? 4 : 3);
        if (kind == 0) {
            return JdbcStep.of("LISTEN " + ch, side -> sql(side, "LISTEN " + ch), (m, ok, d) -> m.listening |= ok);
        }
        if (kind == 3) {
            return JdbcStep.of("UNLISTEN " + ch, side -> sql(side, "UNLISTEN " + ch), (m, ok, d) -> m.listening &= !ok);
        }
        String payload = "n" + model.generation + "_" + (++model.notifications);
        int expect = model.listening ? 1 : 0;
        return JdbcStep.of("NOTIFY " + ch + " '" + payload + "' and collect " + expect, side -> {
            Outcome sent = sql(side, "NOTIFY " + ch + ", '" + payload + "'");
            PGConnection pg = side.connection().unwrap(PGConnection.class);
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + NOTIFY_WAIT.toNanos();
            while (got.size() < expect && System.nanoTime() < deadline) {
                collect(pg.getNotifications(200), got);
            }
            collect(pg.getNotifications(), got);
            return Outcome.of(sent.text() + " received " + got);
        });
    }

    private static void collect(PGNotification[] batch, List<String> into) {
        if (batch != null) {
            for (PGNotification n : batch) {
                into.add(n.getName() + ":" + n.getParameter());
            }
        }
    }

    /** Inside a transaction (opened here if needed) the client closes its socket, then comes back. */
    private JdbcStep leave() {
        boolean open = !model.inTransaction;
        int id = 100_000 + rnd.nextInt(100_000);
        Properties startup = startup();
        String t = model.table();
        return JdbcStep.of("leave mid-transaction" + (open ? " (BEGIN; INSERT " + id + ")" : "")
                + ", reconnect with " + startup, side -> {
                    if (open) {
                        sql(side, "BEGIN");
                        try {
                            sql(side, "INSERT INTO " + t + " VALUES (" + id + ", 'abandoned')");
                        } catch (SQLException e) {
                            // Refused (a role without the right, say): the client leaves an aborted block instead.
                        }
                    }
                    side.abandon();
                    side.connect(startup);
                    return showAllNow(side);
                }, (m, ok, d) -> connected(m, d));
    }

    private JdbcStep reconnect() {
        Properties startup = startup();
        return JdbcStep.of("reconnect with " + startup, side -> {
            side.close();
            side.connect(startup);
            return showAllNow(side);
        }, (m, ok, d) -> connected(m, d));
    }

    /**
     * Every tracked setting's value, "|"-separated in enum order (see {@link TrackedSetting#parseAll}). On
     * the twin the detail (not compared) holds the values RESET would give, read inside a block that is
     * rolled back.
     */
    static Outcome showAllNow(JdbcSide side) throws SQLException {
        try (Statement st = side.connection().createStatement()) {
            String now = showAll(st);
            if (!side.direct()) {
                return Outcome.of(now);
            }
            st.execute("BEGIN");
            st.execute("RESET ALL");
            String reset = showAll(st);
            st.execute("ROLLBACK");
            return new Outcome(now, RESET_PREFIX + reset);
        }
    }

    private static String showAll(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery(TrackedSetting.showAllQuery())) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int c = 1; c <= TrackedSetting.values().length; c++) {
                values.add(rs.getString(c));
            }
            return String.join("|", values);
        }
    }

    /** The model's view of a new session, from the twin's answer to {@link #showAllNow}. */
    static void connected(ClientModel m, Outcome direct) {
        if (direct.text().startsWith("ERROR")) {
            return; // the twin could not connect: the comparison has already said whether the proxy agreed
        }
        m.connected(TrackedSetting.parseAll(direct.text()),
                TrackedSetting.parseAll(direct.detail().substring(RESET_PREFIX.length())));
    }

    private static Outcome sql(JdbcSide side, String sql) throws SQLException {
        try (Statement st = side.connection().createStatement()) {
            return Outcome.execute(st, sql);
        }
    }

    private static Outcome sql(Statement st, String sql) throws SQLException {
        return Outcome.execute(st, sql);
    }
}
