// ConsoleCommands: runs one console statement — SHOW, the fake SET/SHOW of session parameters, the admin commands.
package dev.switchboard.proxy.console;

import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.NoticeResponse;
import dev.switchboard.proxy.ProxyContext;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PgBouncer's command set and words. A refusal is a {@link ConsoleException}; what succeeds writes its messages
 * (without ReadyForQuery) to the buffer it is given.
 */
final class ConsoleCommands {
    /**
     * Session parameters that drivers SHOW or SET on connect: SHOW answers PgBouncer's fixed value, SET is
     * acknowledged and ignored, for every console user.
     */
    private static final Map<String, String> FAKE_PARAMETERS = Map.of("client_encoding", "UTF8",
            "default_transaction_isolation", "read committed", "standard_conforming_strings", "on",
            "datestyle", "ISO", "timezone", "GMT", "extra_float_digits", "2", "application_name", "");

    /** SHOW HELP's detail: PgBouncer's layout, with what this console answers. */
    static final String HELP = "\n\tSHOW HELP|CONFIG|DATABASES|POOLS|CLIENTS|SERVERS|USERS|VERSION\n"
            + "\tSHOW PEERS|PEER_POOLS\n"
            + "\tSHOW SOCKETS|ACTIVE_SOCKETS|LISTS|MEM|STATE\n"
            + "\tSHOW DNS_HOSTS|DNS_ZONES\n"
            + "\tSHOW STATS|STATS_TOTALS|STATS_AVERAGES|TOTALS\n"
            + "\tSHOW TOPOLOGY|PINS|EXTENSIONS\n"
            + "\tPAUSE [<db>]\n"
            + "\tRESUME [<db>]\n"
            + "\tDISABLE <db>\n"
            + "\tENABLE <db>\n"
            + "\tRECONNECT [<db>]\n"
            + "\tKILL [<db>]\n"
            + "\tKILL_CLIENT <client_id>\n"
            + "\tRELOAD\n"
            + "\tSHUTDOWN [WAIT_FOR_SERVERS|WAIT_FOR_CLIENTS]\n"
            + "\tWAIT_CLOSE [<db>]\n"
            + "\tPAUSE <cluster>\n"
            + "\tRESUME <cluster>\n"
            + "\tSWITCHOVER [<cluster>] [TO <host:port>]";

    private final ProxyContext context;
    private final Map<String, Supplier<ConsoleResult>> shows;
    private final AdminActions actions;

    ConsoleCommands(ProxyContext context, String version, AdminActions actions) {
        this.context = context;
        this.actions = actions;
        PoolShows pools = new PoolShows(context);
        ConnectionShows connections = new ConnectionShows(context);
        ProcessShows process = new ProcessShows(context, version);
        this.shows = Map.ofEntries(Map.entry("stats", pools::stats), Map.entry("stats_totals", pools::statsTotals),
                Map.entry("stats_averages", pools::statsAverages), Map.entry("totals", pools::totals),
                Map.entry("pools", pools::pools), Map.entry("databases", pools::databases),
                Map.entry("users", pools::users), Map.entry("lists", pools::lists),
                Map.entry("clients", connections::clients), Map.entry("servers", connections::servers),
                Map.entry("sockets", connections::sockets), Map.entry("active_sockets", connections::sockets),
                Map.entry("config", process::config), Map.entry("mem", process::mem),
                Map.entry("state", process::state), Map.entry("version", process::version),
                Map.entry("peers", process::peers), Map.entry("topology", process::topology),
                Map.entry("extensions", process::extensions), Map.entry("pins", connections::pins),
                Map.entry("peer_pools", () -> new ConsoleResult(ShowColumns.PEER_POOLS)),
                Map.entry("dns_hosts", () -> new ConsoleResult(ShowColumns.DNS_HOSTS)),
                Map.entry("dns_zones", () -> new ConsoleResult(ShowColumns.DNS_ZONES)));
    }

    /**
     * Runs {@code query}. Returns null when the answer is complete in {@code out}, or the future of a command that
     * answers later (PAUSE waits for its servers), which completes with the command tag or a {@link ConsoleResult}.
     */
    java.util.concurrent.CompletableFuture<?> run(String query, ConsoleAccess access, ByteBuf out) {
        ConsoleStatement statement = ConsoleStatement.parse(query);
        if (statement == null) {
            throw invalid(query);
        }
        if (statement instanceof ConsoleStatement.Switchover switchover) {
            return actions.switchover(admin(access), switchover.cluster(), switchover.target());
        }
        if (statement instanceof ConsoleStatement.Set set) {
            set(set, access, out);
            return null;
        }
        ConsoleStatement.Command command = (ConsoleStatement.Command) statement;
        String argument = command.argument();
        switch (command.verb()) {
            case "show", "select" -> {
                if ("fds".equals(argument)) {
                    // PgBouncer's takeover hands file descriptors over the console; Switchboard's has its own socket.
                    admin(access);
                    throw new ConsoleException("SHOW FDS is not available: a new process takes over with"
                            + " switchboard upgrade");
                }
                show(query, argument, out);
            }
            case "pause" -> {
                return actions.pause(admin(access), argument);
            }
            case "resume" -> done(actions.resume(admin(access), argument), out);
            case "disable" -> done(actions.enable(admin(access), argument, false), out);
            case "enable" -> done(actions.enable(admin(access), argument, true), out);
            case "reconnect" -> done(actions.reconnect(admin(access), argument), out);
            case "kill_client" -> done(actions.killClient(admin(access), argument), out);
            case "shutdown" -> {
                if (argument == null) {
                    return actions.shutdown(admin(access));
                }
                return switch (argument) {
                    case "wait_for_servers" -> actions.shutdownWaiting(admin(access), false);
                    case "wait_for_clients" -> actions.shutdownWaiting(admin(access), true);
                    default -> throw invalid(query);
                };
            }
            case "kill" -> done(actions.kill(admin(access), argument), out);
            case "wait_close" -> {
                return actions.waitClose(admin(access), argument);
            }
            case "reload" -> {
                if (argument != null) {
                    throw invalid(query);
                }
                return actions.reload(admin(access));
            }
            case "suspend" -> {
                // PgBouncer suspends so that a new process can take its sockets (online restart); here the new
                // process takes the sockets and the clients over its handoff socket while this one keeps serving.
                admin(access);
                throw new ConsoleException("SUSPEND is not available: a new process takes over without it,"
                        + " with switchboard upgrade (see the handoff documentation)");
            }
            default -> throw invalid(query);
        }
        return null;
    }

    private void show(String query, String what, ByteBuf out) {
        if (what == null) {
            throw invalid(query);
        }
        if (what.equals("help")) {
            NoticeResponse.notice("00000", "Console usage").withDetail(HELP).encode(out);
            new CommandComplete("SHOW").encode(out);
            return;
        }
        String fake = FAKE_PARAMETERS.get(what);
        if (fake != null) {
            new ConsoleResult(List.of(Column.text(what))).row(fake).encode(out);
            return;
        }
        Supplier<ConsoleResult> show = shows.get(what);
        if (show == null) {
            throw invalid(query);
        }
        show.get().encode(out);
    }

    /**
     * SET of a session parameter is ignored, as PgBouncer does; SET of a setting that applies live (see
     * {@link LiveSettings}) changes the running configuration until the next RELOAD, answered with PgBouncer's tag.
     */
    private void set(ConsoleStatement.Set set, ConsoleAccess access, ByteBuf out) {
        if (FAKE_PARAMETERS.containsKey(set.key())) {
            NoticeResponse.notice("00000", "SET ignored").encode(out);
            new CommandComplete("SET").encode(out);
            return;
        }
        done(actions.set(admin(access), set.key(), set.value()), out);
    }

    private static void done(String tag, ByteBuf out) {
        new CommandComplete(tag).encode(out);
    }

    /** Only admin users run commands; the same words as PgBouncer. */
    private static ConsoleAccess admin(ConsoleAccess access) {
        if (access != ConsoleAccess.ADMIN) {
            throw new ConsoleException("admin access needed");
        }
        return access;
    }

    /** PgBouncer's words; the query is cut where PgBouncer's 1024-byte message buffer would cut it. */
    static ConsoleException invalid(String query) {
        String shown = query.length() > 1000 ? query.substring(0, 1000) + "..." : query;
        return new ConsoleException("invalid command '" + shown + "', use SHOW HELP;");
    }
}
