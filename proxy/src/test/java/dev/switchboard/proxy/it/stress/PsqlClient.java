// PsqlClient: one psql client's seeded sessions, each a script on stdin, through the proxy and straight to PostgreSQL.
package dev.switchboard.proxy.it.stress;

import dev.switchboard.proxy.it.ExternalProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * psql echoes every statement ({@code -a}), so stdout pairs each statement with its result and stderr
 * holds errors and notices with their script line: both must be identical on the two sides. Each
 * script is a new session, which in session mode lands on a server another client used before.
 */
final class PsqlClient implements Callable<StressFailure> {
    private final String name;
    private final int id;
    private final Mode mode;
    private final int steps;
    private final PsqlScriptGenerator generator;
    private final ExternalProgram psql;
    private final String proxyUri;
    private final String directUri;
    private final Path scriptDir;
    private final java.util.function.Supplier<String> pools;

    PsqlClient(int id, Mode mode, long seed, int steps, ExternalProgram psql, String proxyUri, String directUri,
               Path scriptDir, java.util.function.Supplier<String> pools) {
        this.pools = pools;
        this.name = "psql client c" + id + " (" + mode.yamlName() + " mode)";
        this.id = id;
        this.mode = mode;
        this.steps = steps;
        this.generator = new PsqlScriptGenerator(new Random(seed * 1_000_003L + id), id, mode);
        this.psql = psql;
        this.proxyUri = proxyUri;
        this.directUri = directUri;
        this.scriptDir = scriptDir;
    }

    @Override
    public StressFailure call() {
        int done = 0;
        for (int session = 1; done < steps; session++) {
            int statements = Math.min(steps - done, 4 + session % 9);
            String options = generator.options();
            String script = generator.script(session, statements, session == 1);
            String label = "script " + session + " (statements " + (done + 1) + ".." + (done + statements)
                    + ", PGOPTIONS=\"" + options + "\")";
            done += statements;
            StressFailure failure = compare(done, label, script, statements, options, session);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private StressFailure compare(int step, String label, String script, int statements, String options, int session) {
        // The whole session is one process: the bound per request, plus a second per statement it sends.
        Duration bound = Liveness.ANSWER_BOUND.plusSeconds(statements + 6);
        ExternalProgram.Result want;
        ExternalProgram.Result got;
        try {
            want = run(directUri, script, options, bound);
        } catch (AssertionError e) {
            return failure(step, label, script, session, "direct psql did not finish: " + tail(e.getMessage()));
        }
        try {
            got = run(proxyUri, script, options, bound);
        } catch (AssertionError e) {
            return failure(step, label, script, session, "no answer through the proxy within " + bound.toSeconds()
                    + " s (the proxy's pools then: " + pools.get() + "): " + tail(e.getMessage()));
        }
        if (!want.stdout().equals(got.stdout()) || !want.stderr().equals(got.stderr())
                || want.exitCode() != got.exitCode()) {
            return failure(step, label, script, session, firstDifference("stdout", want.stdout(), got.stdout())
                    + firstDifference("stderr", want.stderr(), got.stderr())
                    + (want.exitCode() != got.exitCode() ? "\n    exit code: proxy " + got.exitCode() + ", direct "
                    + want.exitCode() : ""));
        }
        return null;
    }

    private ExternalProgram.Result run(String uri, String script, String options, Duration bound) {
        return psql.run(List.of("-X", "-a", "-v", "ON_ERROR_STOP=0", "-P", "pager=off", "-d", uri),
                Map.of("PGOPTIONS", options, "PGCONNECT_TIMEOUT", "10", "PGAPPNAME", "stress_psql_c" + id),
                script, bound);
    }

    /** Saves the script next to the test reports so the failing session can be replayed by hand. */
    private StressFailure failure(int step, String label, String script, int session, String what) {
        String saved = "";
        try {
            Files.createDirectories(scriptDir);
            Path file = scriptDir.resolve("c" + id + "-" + mode.yamlName() + "-script" + session + ".sql");
            Files.writeString(file, script);
            saved = "\n    script saved as " + file;
        } catch (IOException e) {
            saved = "\n    (script not saved: " + e.getMessage() + ")";
        }
        return new StressFailure(name, step, label, what + saved);
    }

    /** The first line of a timeout report and the last lines of what psql printed (a large result is long). */
    private static String tail(String message) {
        List<String> lines = message.lines().filter(l -> !l.matches("^ *[0-9]+ \\| .*")).toList();
        int keep = 14;
        return lines.size() <= keep + 1 ? String.join("\n      ", lines) : lines.get(0) + "\n      ...\n      "
                + String.join("\n      ", lines.subList(lines.size() - keep, lines.size()));
    }

    private static String firstDifference(String stream, String want, String got) {
        if (want.equals(got)) {
            return "";
        }
        List<String> w = want.lines().toList();
        List<String> g = got.lines().toList();
        for (int i = 0; i < Math.max(w.size(), g.size()); i++) {
            String wl = i < w.size() ? w.get(i) : "<end>";
            String gl = i < g.size() ? g.get(i) : "<end>";
            if (!wl.equals(gl)) {
                String before = i > 0 ? w.get(i - 1) : "<start>";
                return "\n    " + stream + " line " + (i + 1) + " (after \"" + before + "\"): through the proxy \"" + gl
                        + "\", direct \"" + wl + "\"";
            }
        }
        return "";
    }
}
