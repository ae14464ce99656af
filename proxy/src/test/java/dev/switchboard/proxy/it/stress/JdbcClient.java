// JdbcClient: one pgJDBC client's seeded conversation, run in lockstep through the proxy and on its direct twin.
package dev.switchboard.proxy.it.stress;

import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each step runs on the twin first (PostgreSQL's answer), then through the proxy, each on a thread of
 * its own so a request that is never answered is caught at {@link Liveness#ANSWER_BOUND}. The first
 * broken invariant ends this client's conversation (later steps would only repeat it).
 */
final class JdbcClient implements Callable<StressFailure> {
    private final String name;
    private final int steps;
    private final ClientModel model;
    private final JdbcStepGenerator generator;
    private final JdbcSide proxy;
    private final JdbcSide direct;
    private final ExecutorService proxyThread;
    private final ExecutorService directThread;
    private final java.util.function.Supplier<String> pools;
    /** The last steps before the current one, for failure messages. */
    private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();

    /** @param pools the proxy's pool state, shown with a request that got no answer */
    JdbcClient(int id, Mode mode, long seed, int steps, JdbcSide proxy, JdbcSide direct,
               java.util.function.Supplier<String> pools) {
        this.pools = pools;
        this.name = "pgJDBC client c" + id + " (" + mode.yamlName() + " mode" + ")";
        this.steps = steps;
        this.model = new ClientModel(id, mode);
        this.generator = new JdbcStepGenerator(new Random(seed * 1_000_003L + id), model);
        this.proxy = proxy;
        this.direct = direct;
        this.proxyThread = Executors.newSingleThreadExecutor(r -> daemon(r, "stress-c" + id + "-proxy"));
        this.directThread = Executors.newSingleThreadExecutor(r -> daemon(r, "stress-c" + id + "-direct"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Runs the conversation; returns the first broken invariant, or null. */
    @Override
    public StressFailure call() {
        var startup = generator.startup();
        JdbcStep connect = JdbcStep.of("connect with " + startup, side -> {
            side.connect(startup);
            return JdbcStepGenerator.showAllNow(side);
        }, (m, ok, d) -> JdbcStepGenerator.connected(m, d));
        try {
            run(0, connect);
            run(0, generator.createTable());
            for (int step = 1; step <= steps; step++) {
                run(step, generator.next());
            }
            return null;
        } catch (StressFailure f) {
            return f;
        } finally {
            proxyThread.shutdownNow();
            directThread.shutdownNow();
            close(proxy);
            close(direct);
        }
    }

    private void run(int number, JdbcStep step) throws StressFailure {
        try {
            runChecked(number, step);
        } catch (StressFailure f) {
            throw recent.isEmpty() ? f : new StressFailure(f.getMessage() + "\n    steps before it: " + String.join("; ", recent));
        }
        if (recent.size() == HISTORY) {
            recent.removeFirst();
        }
        recent.addLast(number + " " + abbreviate(step.label()));
    }

    private static final int HISTORY = 6;

    private static String abbreviate(String label) {
        return label.length() <= 120 ? label : label.substring(0, 117) + "...";
    }

    private void runChecked(int number, JdbcStep step) throws StressFailure {
        Outcome want = null;
        if (!step.proxyOnly()) {
            want = answer(direct, directThread, number, step);
        }
        Outcome got = answer(proxy, proxyThread, number, step);
        if (want != null && !want.text().equals(got.text())) {
            throw new StressFailure(name, number, step.label(), "through the proxy: " + got + "\n    direct:  " + want);
        }
        if (step.expected() != null && !step.expected().equals(got.text())) {
            throw new StressFailure(name, number, step.label(), "through the proxy: " + got + ", but the client's own"
                    + " history says " + step.expected() + (want == null ? "" : " (direct: " + want + ")"));
        }
        if (want != null) {
            boolean ok = !want.text().startsWith("ERROR");
            if (!ok) {
                model.failed();
            }
            step.effect().apply(model, ok, want);
        }
    }

    private Outcome answer(JdbcSide side, ExecutorService thread, int number, JdbcStep step) throws StressFailure {
        Future<Outcome> answer = thread.submit(() -> {
            try {
                return step.action().run(side);
            } catch (SQLException e) {
                return Outcome.error(e);
            }
        });
        try {
            return answer.get(Liveness.ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String state = side.direct() ? "" : "; the proxy's pools then: " + pools.get();
            abandonQuietly(side);
            throw new StressFailure(name, number, step.label(), "no answer " + side.name() + " within "
                    + Liveness.ANSWER_BOUND.toSeconds() + " s" + state);
        } catch (ExecutionException e) {
            throw new StressFailure(name, number, step.label(), side.name() + " failed outside SQL", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StressFailure(name, number, step.label(), "interrupted", e);
        }
    }

    private static void abandonQuietly(JdbcSide side) {
        try {
            side.abandon();
        } catch (SQLException | RuntimeException e) {
            // Already broken: the failure being reported is the hang, not this.
        }
    }

    private static void close(JdbcSide side) {
        side.close();
    }
}
