// AdminActions: the console commands that change the proxy — PAUSE, RESUME, DISABLE, ENABLE, RECONNECT, KILL_CLIENT, SWITCHOVER.
package dev.switchboard.proxy.console;

import dev.switchboard.config.ConsoleUsers;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.PoolStats;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.switchover.SwitchoverException;
import dev.switchboard.proxy.switchover.SwitchoverReport;
import dev.switchboard.proxy.topology.NodeLeases;
import io.netty.channel.EventLoop;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PgBouncer's semantics and words. The caller has checked that the user is an admin user. A database argument is
 * a virtual database as clients name it; the console's own database cannot be the target.
 */
final class AdminActions {
    private static final Logger log = LoggerFactory.getLogger(AdminActions.class);
    /** How often PAUSE and WAIT_CLOSE look whether they are done; the reply waits for that, not for a timer. */
    private static final long PAUSE_POLL_MILLIS = 50;

    /** PostgreSQL's config_file_error. */
    private static final String CONFIG_FILE_ERROR = "F0000";

    private final ProxyContext context;
    private final EventLoop loop;
    private final String who;

    /** @param loop the console session's event loop, where a waiting PAUSE looks at its pools */
    AdminActions(ProxyContext context, EventLoop loop, String who) {
        this.context = context;
        this.loop = loop;
        this.who = who;
    }

    /**
     * New server assignments on the database (every database without an argument) wait; answers {@code PAUSE} once
     * every server connection it leased out is back.
     */
    CompletableFuture<String> pause(ConsoleAccess admin, String database) {
        if (isClusterOnly(database)) {
            return pauseCluster(database);
        }
        ConsoleControl control = context.consoleControl();
        if (control.state(ConsoleControl.EVERY_DATABASE).paused()) {
            throw new ConsoleException("already suspended/paused");
        }
        if (database != null && ConsoleUsers.DATABASES.contains(database)) {
            throw new ConsoleException("cannot pause admin db: " + database);
        }
        Set<String> targets = targets(database);
        String key = database == null ? ConsoleControl.EVERY_DATABASE : database;
        log.info("{}: PAUSE {}", who, database == null ? "(every database)" : database);
        control.apply(List.of(key), ControlState.Action.PAUSE);
        CompletableFuture<String> done = answerWhen("PAUSE",
                () -> busyServers(database == null ? null : targets) == 0);
        done.whenComplete((tag, error) -> {
            if (error instanceof ConsoleException) {
                // The client's cancel request, as PgBouncer takes it: what this PAUSE paused runs again. A console
                // client that leaves while PAUSE waits leaves the pause in place (it only stops looking).
                if (control.state(key).paused()) {
                    control.apply(List.of(key), ControlState.Action.RESUME);
                }
                log.info("{}: PAUSE cancelled; {} resumed", who, database == null ? "every database" : database);
            }
        });
        return done;
    }

    /**
     * Completes with {@code tag} once {@code condition} holds, looked at on the console's loop every
     * {@value #PAUSE_POLL_MILLIS} ms; stops looking when the future is completed otherwise (cancelled).
     */
    private CompletableFuture<String> answerWhen(String tag, java.util.function.BooleanSupplier condition) {
        CompletableFuture<String> done = new CompletableFuture<>();
        ScheduledFuture<?> poll = loop.scheduleWithFixedDelay(() -> {
            if (!done.isDone() && condition.getAsBoolean()) {
                done.complete(tag);
            }
        }, 0, PAUSE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        done.whenComplete((t, error) -> poll.cancel(false));
        return done;
    }

    /**
     * Drops every client of the database (every database without one) with PgBouncer's "database removed", closes
     * its server connections (idle ones now, the rest as their clients' sessions end) and leaves it paused until
     * RESUME.
     */
    String kill(ConsoleAccess admin, String database) {
        if (database != null && ConsoleUsers.DATABASES.contains(database)) {
            throw new ConsoleException("cannot kill admin db: " + database);
        }
        Set<String> targets = targets(database);
        log.info("{}: KILL {}", who, database == null ? "(every database)" : database);
        context.consoleControl().apply(targets, ControlState.Action.PAUSE);
        for (ListedClient client : context.clientList().all()) {
            if (targets.contains(client.database())) {
                ClientErrors.fatal(client.connection().channel(), "08P01", "database removed");
            }
        }
        for (Pool<ServerConn> pool : context.allPools()) {
            if (targets.contains(pool.key().database())) {
                pool.reconnect();
            }
        }
        return "KILL";
    }

    /** Answers {@code WAIT_CLOSE} once every server connection a RECONNECT or KILL replaces is closed. */
    CompletableFuture<String> waitClose(ConsoleAccess admin, String database) {
        if (database != null && ConsoleUsers.DATABASES.contains(database)) {
            throw new ConsoleException("cannot wait in admin db: " + database);
        }
        Set<String> targets = targets(database);
        return answerWhen("WAIT_CLOSE", () -> {
            int outdated = 0;
            for (Pool<ServerConn> pool : context.allPools()) {
                if (targets.contains(pool.key().database())) {
                    outdated += pool.outdatedCount();
                }
            }
            return outdated == 0;
        });
    }

    /** Server connections leased out or promised, on these databases (null: on every one). */
    private int busyServers(Set<String> databases) {
        int busy = 0;
        for (Pool<ServerConn> pool : context.allPools()) {
            if (databases == null || databases.contains(pool.key().database())) {
                PoolStats s = pool.stats();
                busy += s.active() + s.checking();
            }
        }
        return busy;
    }

    /**
     * Ends a PAUSE or KILL of the database. Without an argument, ends the pause of every database and those of
     * single databases too (PgBouncer ends only the former; a KILL without argument would then need a RESUME per
     * database).
     */
    String resume(ConsoleAccess admin, String database) {
        if (isClusterOnly(database)) {
            try {
                context.switchovers().resume(database, who);
            } catch (SwitchoverException e) {
                throw new ConsoleException(e.getMessage());
            }
            return "RESUME";
        }
        ConsoleControl control = context.consoleControl();
        if (database == null) {
            Set<String> paused = new LinkedHashSet<>();
            for (String name : knownDatabases()) {
                if (control.state(name).paused()) {
                    paused.add(name);
                }
            }
            if (control.state(ConsoleControl.EVERY_DATABASE).paused()) {
                paused.add(ConsoleControl.EVERY_DATABASE);
            }
            if (paused.isEmpty()) {
                throw new ConsoleException("pooler is not paused/suspended");
            }
            control.apply(paused, ControlState.Action.RESUME);
        } else {
            requireDatabase(database);
            if (!control.state(database).paused()) {
                throw new ConsoleException("database " + database + " is not paused");
            }
            control.apply(List.of(database), ControlState.Action.RESUME);
        }
        log.info("{}: RESUME {}", who, database == null ? "(every database)" : database);
        return "RESUME";
    }

    /** DISABLE refuses new logins to the database; ENABLE lets them in again. Sessions already open go on. */
    String enable(ConsoleAccess admin, String database, boolean enable) {
        String verb = enable ? "enable" : "disable";
        if (database == null) {
            throw new ConsoleException("a database is required");
        }
        if (ConsoleUsers.DATABASES.contains(database)) {
            throw new ConsoleException("cannot " + verb + " admin db: " + database);
        }
        requireDatabase(database);
        context.consoleControl().apply(List.of(database),
                enable ? ControlState.Action.ENABLE : ControlState.Action.DISABLE);
        log.info("{}: {} {}", who, verb.toUpperCase(java.util.Locale.ROOT), database);
        return enable ? "ENABLE" : "DISABLE";
    }

    /** Replaces the database's server connections: idle ones now, leased ones as they come back. */
    String reconnect(ConsoleAccess admin, String database) {
        if (database != null && ConsoleUsers.DATABASES.contains(database)) {
            throw new ConsoleException("cannot reconnect admin db: " + database);
        }
        Set<String> targets = targets(database);
        for (Pool<ServerConn> pool : context.allPools()) {
            if (targets.contains(pool.key().database())) {
                pool.reconnect();
            }
        }
        log.info("{}: RECONNECT {}", who, database == null ? "(every database)" : database);
        return "RECONNECT";
    }

    /** Closes one client connection, named by SHOW CLIENTS' id, with PgBouncer's FATAL. */
    String killClient(ConsoleAccess admin, String id) {
        long target;
        try {
            target = Long.parseUnsignedLong(id == null ? "" : id);
        } catch (NumberFormatException e) {
            throw new ConsoleException("invalid client pointer supplied");
        }
        ListedClient client = context.clientList().byId(target);
        if (client == null || client.phase() == ClientPhase.GONE) {
            throw new ConsoleException("client not found");
        }
        log.info("{}: KILL_CLIENT {} ({})", who, target, client.connection());
        ClientErrors.fatal(client.connection().channel(), "08P01", "admin forced disconnect");
        return "KILL_CLIENT";
    }

    /**
     * Reads the configuration file again and applies it. Runs off the console's loop: deriving SCRAM secrets for
     * the users costs milliseconds each. A bad file changes nothing and is answered with its errors (F0000,
     * PostgreSQL's config_file_error); what only a restart applies is named in the log and in SHOW CONFIG.
     */
    CompletableFuture<String> reload(ConsoleAccess admin) {
        CompletableFuture<String> done = new CompletableFuture<>();
        // Completed with the ConsoleException itself (supplyAsync would wrap it), which the session answers with.
        java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
            try {
                context.reloader().reload(who + ": RELOAD");
                done.complete("RELOAD");
            } catch (dev.switchboard.config.ConfigException e) {
                done.completeExceptionally(new ConsoleException(CONFIG_FILE_ERROR,
                        "RELOAD failed, the running configuration stays: " + e.getMessage()));
            } catch (IllegalStateException e) {
                done.completeExceptionally(new ConsoleException("RELOAD is not available: " + e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("{}: RELOAD failed", who, e);
                done.completeExceptionally(new ConsoleException("RELOAD failed: " + e));
            }
        });
        return done;
    }

    /**
     * Stops the proxy at once, as PgBouncer's SHUTDOWN: no reply, the connection ends with the process. Refused
     * when nothing would stop (the proxy runs inside a program that does not watch for it).
     */
    CompletableFuture<String> shutdown(ConsoleAccess admin) {
        CompletableFuture<Void> requested = shutdownHook();
        log.info("{}: SHUTDOWN", who);
        requested.complete(null);
        return new CompletableFuture<>(); // never answered
    }

    /**
     * PgBouncer's {@code SHUTDOWN WAIT_FOR_SERVERS} and {@code WAIT_FOR_CLIENTS}: the listeners close at once (no
     * new connection, console ones included); every database is paused, so no transaction starts, and the process
     * stops once no server is leased, or once every client but the console's has left — those clients are asked
     * to leave ({@code disconnect_requested} at their next idle point) but not closed. No reply, as for SHUTDOWN.
     */
    CompletableFuture<String> shutdownWaiting(ConsoleAccess admin, boolean forClients) {
        CompletableFuture<Void> requested = shutdownHook();
        String mode = forClients ? "WAIT_FOR_CLIENTS" : "WAIT_FOR_SERVERS";
        log.info("{}: SHUTDOWN {}: accepting no more connections; stopping once {}", who, mode,
                forClients ? "every client has left" : "no server connection is in use");
        context.acceptingStopped().complete(null);
        if (forClients) {
            context.drain().request();
        }
        if (!forClients && !context.consoleControl().state(ConsoleControl.EVERY_DATABASE).paused()) {
            context.consoleControl().apply(List.of(ConsoleControl.EVERY_DATABASE), ControlState.Action.PAUSE);
        }
        java.util.function.BooleanSupplier done = forClients
                ? () -> context.clientList().all().stream().allMatch(c -> ConsoleUsers.DATABASES.contains(c.database()))
                : () -> busyServers(null) == 0;
        // Not tied to this console session: the process stops even if the console that asked has left.
        ScheduledFuture<?> poll = context.workers().next().scheduleWithFixedDelay(() -> {
            if (!requested.isDone() && done.getAsBoolean()) {
                log.info("SHUTDOWN {}: done waiting, stopping", mode);
                requested.complete(null);
            }
        }, 0, PAUSE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        requested.whenComplete((v, e) -> poll.cancel(false));
        return new CompletableFuture<>(); // never answered
    }

    /** What stops the process; refused when nothing would (the proxy runs inside a program that does not watch). */
    private CompletableFuture<Void> shutdownHook() {
        CompletableFuture<Void> requested = context.shutdownRequested();
        if (requested.getNumberOfDependents() == 0) {
            throw new ConsoleException("SHUTDOWN is not available: this proxy runs inside another program");
        }
        return requested;
    }

    /**
     * A cluster's name that no database entry has (a name the fallback database would serve counts as the
     * cluster's): PAUSE and RESUME then hold or free the whole cluster.
     */
    private boolean isClusterOnly(String name) {
        return name != null && !context.config().databases().containsKey(name) && context.switchovers().isCluster(name);
    }

    /**
     * Holds new transactions on every node of the cluster, before they choose one (a database's PAUSE holds them
     * at its pools); answers once none of the cluster's servers is leased. A cancel resumes the cluster.
     */
    private CompletableFuture<String> pauseCluster(String cluster) {
        CompletableFuture<Void> drained;
        try {
            drained = context.switchovers().pause(cluster, who);
        } catch (SwitchoverException e) {
            throw new ConsoleException(e.getMessage());
        }
        CompletableFuture<String> done = new CompletableFuture<>();
        drained.thenRun(() -> done.complete("PAUSE"));
        done.whenComplete((tag, error) -> {
            drained.cancel(false); // stops looking
            if (error instanceof ConsoleException) {
                context.switchovers().resume(cluster, who + " (PAUSE cancelled)");
            }
        });
        return done;
    }

    /**
     * Runs a planned switchover of the cluster and answers, once held transactions run on the new primary, with
     * one row: the old and new primary, the write pause, how long the drain took and how many were cancelled.
     */
    CompletableFuture<ConsoleResult> switchover(ConsoleAccess admin, String cluster, String target) {
        CompletableFuture<SwitchoverReport> running;
        try {
            running = context.switchovers().switchover(cluster, target, who);
        } catch (SwitchoverException e) {
            throw new ConsoleException(e.getMessage());
        }
        CompletableFuture<ConsoleResult> done = new CompletableFuture<>();
        running.whenComplete((report, error) -> {
            if (error != null) {
                done.completeExceptionally(new ConsoleException(NodeLeases.unwrap(error).getMessage()));
                return;
            }
            done.complete(new ConsoleResult(List.of(Column.text("cluster"), Column.text("old_primary"),
                    Column.text("new_primary"), Column.numeric("write_pause_ms"), Column.numeric("drain_ms"),
                    Column.int4("cancelled"), Column.text("promotion")), "SWITCHOVER")
                    .row(report.cluster(), report.oldPrimary(), report.newPrimary(), report.writePauseMs(),
                            report.drainMs(), report.cancelled(), report.promotion()));
        });
        return done;
    }

    /** Changes a setting that applies live; answers PgBouncer's tag {@code SET key=value}. */
    String set(ConsoleAccess admin, String key, String value) {
        synchronized (context) { // as RELOAD: each change starts from what the one before applied
            context.apply(LiveSettings.with(context.config(), key, value));
        }
        log.info("{}: SET {} = {}", who, key, value);
        return "SET " + key + "=" + value;
    }

    /** The named database, or every database the proxy knows. */
    private Set<String> targets(String database) {
        if (database != null) {
            requireDatabase(database);
            return Set.of(database);
        }
        return knownDatabases();
    }

    /** Configured databases and those a fallback database serves that have pools. */
    private Set<String> knownDatabases() {
        Set<String> names = new LinkedHashSet<>(context.config().databases().keySet());
        names.remove(DatabaseConfig.FALLBACK);
        for (Pool<ServerConn> pool : context.allPools()) {
            names.add(pool.key().database());
        }
        return names;
    }

    private void requireDatabase(String database) {
        if (!database.equals(DatabaseConfig.FALLBACK) && context.config().database(database).isPresent()) {
            return;
        }
        throw new ConsoleException("no such database: " + database);
    }
}
