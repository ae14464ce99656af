// BackgroundPgbench: the real pgbench run in the background during a failover, and what its output says afterwards.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.it.ExternalProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgbench aborts a client on any error other than a serialization failure or deadlock, prints one line for it
 * on stderr and exits with 2 at the end; its progress lines ({@code -P}) go to stderr too. Every other stderr
 * line is an error worth looking at, so {@link Finished#errorLines()} keeps all of them.
 */
final class BackgroundPgbench {
    private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");
    private static final Pattern CLIENT = Pattern.compile("client (\\d+) ");
    /** pgbench's own closing remark when clients aborted: a consequence, not an error of its own. */
    private static final String RUN_ABORTED = "Run was aborted; the above results are incomplete";
    /** Printed on stderr before every run that does not pass -n. */
    private static final String VACUUM = "starting vacuum...end.";

    private final ExternalProgram.Running running;

    private BackgroundPgbench(ExternalProgram.Running running) {
        this.running = running;
    }

    /** Starts {@code pgbench <args> <uri>}. */
    static BackgroundPgbench start(String uri, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(uri);
        return new BackgroundPgbench(ExternalProgram.require("pgbench").start(all, Map.of("PGCONNECT_TIMEOUT", "30"), null));
    }

    /** Waits until pgbench reports progress at {@code seconds} into the run (needs {@code -P 1}). */
    void awaitProgress(int seconds, Duration timeout) throws InterruptedException {
        running.awaitStderr(Pattern.compile("(?m)^progress: " + seconds + "\\.0 s"), timeout);
    }

    /** Waits for pgbench to exit and reads what it printed. */
    Finished await(Duration timeout) throws InterruptedException {
        if (!running.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            running.kill();
            throw new AssertionError("pgbench did not finish within " + timeout + "\n" + running);
        }
        // On an exited process terminate() sends nothing; it joins the output readers and gives the exit code.
        int exit = running.terminate(Duration.ofSeconds(10));
        return new Finished(exit, running.stdout(), running.stderr());
    }

    /** Kills pgbench if it still runs (cleanup). */
    void kill() throws InterruptedException {
        running.kill();
    }

    /** A finished run. */
    record Finished(int exitCode, String stdout, String stderr) {

        long processed() {
            Matcher m = PROCESSED.matcher(stdout);
            assertTrue(m.find(), "pgbench printed no transaction count\n" + this);
            return Long.parseLong(m.group(1));
        }

        /** Every stderr line but progress, the vacuum notice and pgbench's closing remark about aborted clients. */
        List<String> errorLines() {
            return stderr.lines().filter(line -> !line.isBlank() && !line.startsWith("progress: ")
                    && !line.equals(VACUUM) && !line.contains(RUN_ABORTED)).toList();
        }

        /** The distinct clients named in the error lines. */
        int abortedClients() {
            TreeSet<Integer> clients = new TreeSet<>();
            for (String line : errorLines()) {
                Matcher m = CLIENT.matcher(line);
                if (m.find()) {
                    clients.add(Integer.parseInt(m.group(1)));
                }
            }
            return clients.size();
        }

        /** Error lines with client, command and node numbers blanked, counted: one entry per kind of error. */
        Map<String, Integer> groupedErrors() {
            Map<String, Integer> groups = new TreeMap<>();
            for (String line : errorLines()) {
                groups.merge(line.replaceAll("\\d+", "N"), 1, Integer::sum);
            }
            return groups;
        }

        @Override
        public String toString() {
            return "pgbench exited with " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }
}
