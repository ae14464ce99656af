// ServerChooser: picks the node for each transaction of a client and leases a server there.
package dev.switchboard.proxy.txn;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.Lease;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.sql.ReadOnlyStatements;
import dev.switchboard.proxy.topology.ClusterRouting;
import dev.switchboard.proxy.topology.NodeLeases;
import dev.switchboard.proxy.topology.Routes;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.LagBound;
import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeSelector;
import dev.switchboard.topology.Route;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The node side of a transaction-mode client: which route its next transaction needs (read/write split,
 * read-your-writes token), the choice from the topology — at once when the snapshot allows one, else after
 * waiting for the monitors up to the failover hold — and the lease from that node's pool. A node that
 * refuses the connection or is shutting down before the monitors noticed is chosen again after the next
 * snapshot, within the hold. Confined to the client's event loop; results are delivered there.
 */
final class ServerChooser {

    /** A leased server, the choice that led to it and the route it was chosen for. */
    record Leased(Lease<ServerConn> lease, NodeSelector.Choice choice, Route route) {
    }

    private final ProxyContext context;
    private final DatabaseConfig database;
    private final UserConfig user;
    private final StatementRouting statements;
    private final EventLoop loop;
    private final ClusterRouting routing;
    private final LagBound lagBound;
    /** prefer-standby / any (and read-only with read_your_writes): each transaction is classified read or write. */
    private final boolean splitsReads;
    private final boolean readYourWrites;
    /** Read-your-writes: where this client's last write transaction ended; null before its first. */
    private CommitToken commitToken;
    private CompletableFuture<?> inFlight;
    /** When getting a server first failed because its node was going ({@link System#nanoTime}); 0 when not. */
    private long unavailableSince;
    private boolean closed;

    ServerChooser(ProxyContext context, DatabaseConfig database, UserConfig user, StatementRouting statements,
                  EventLoop loop) {
        this.context = context;
        this.database = database;
        this.user = user;
        this.statements = statements;
        this.loop = loop;
        this.routing = context.routing(database);
        this.lagBound = Routes.lagBound(database);
        this.splitsReads = Routes.splitsReads(database);
        this.readYourWrites = database.readYourWrites();
    }

    /** A choice or lease is under way. */
    boolean busy() {
        return inFlight != null;
    }

    /**
     * Leases a server for the transaction that {@code first} starts.
     *
     * @param primaryOnly the transaction must run on the primary (a standby was found behind the client's commit)
     */
    void lease(Frame first, boolean primaryOnly, Consumer<Leased> leased, Consumer<Throwable> failed) {
        boolean read = splitsReads && !primaryOnly && startsRead(first);
        Route route = Routes.forTransaction(database, read);
        CommitToken token = readYourWrites && route != Route.WRITE ? commitToken : null;
        choose(route, token, leased, failed);
    }

    private void choose(Route route, CommitToken token, Consumer<Leased> leased, Consumer<Throwable> failed) {
        NodeSelector.Choice now = routing.tryChoose(route, lagBound, token);
        if (now != null) {
            acquire(now, route, token, leased, failed);
            return;
        }
        // A failover, or no standby fresh enough: wait for the monitors, bounded by hold_timeout.
        CompletableFuture<NodeSelector.Choice> waiting = routing.await(route, lagBound, token, loop);
        inFlight = waiting;
        waiting.whenComplete((choice, error) -> loop.execute(() -> {
            inFlight = null;
            if (closed) {
                return;
            }
            if (error != null) {
                failed.accept(NodeLeases.unwrap(error));
            } else {
                acquire(choice, route, token, leased, failed);
            }
        }));
    }

    private void acquire(NodeSelector.Choice choice, Route route, CommitToken token, Consumer<Leased> leased,
                         Consumer<Throwable> failed) {
        CompletableFuture<Lease<ServerConn>> leasing =
                context.multiplexedPoolFor(database, user, choice.node()).acquire(loop);
        inFlight = leasing;
        leasing.whenComplete((lease, error) -> loop.execute(() -> {
            inFlight = null;
            if (closed) {
                if (lease != null) {
                    lease.release();
                }
                return;
            }
            if (error == null) {
                unavailableSince = 0;
                routing.load().started(choice.node().index());
                leased.accept(new Leased(lease, choice, route));
                return;
            }
            Throwable cause = NodeLeases.unwrap(error);
            if (NodeLeases.nodeGoing(cause) && withinHold()) {
                // The node is going (a failover the monitors may not have seen yet): choose after the next reading.
                CompletableFuture<?> next = routing.topology().nextChange();
                inFlight = next;
                next.whenComplete((snapshot, e) -> loop.execute(() -> {
                    inFlight = null;
                    if (!closed) {
                        choose(route, token, leased, failed);
                    }
                }));
                return;
            }
            unavailableSince = 0;
            failed.accept(cause);
        }));
    }

    /** Whether this request has been retrying unavailable nodes for less than the failover hold time. */
    private boolean withinHold() {
        long now = System.nanoTime();
        if (unavailableSince == 0) {
            unavailableSince = now;
        }
        return now - unavailableSince < routing.holdTimeout().toNanos();
    }

    /** The server of {@code leased} went back to its pool or away: its node has one transaction less. */
    void finished(Leased leased) {
        routing.load().finished(leased.choice().node().index());
    }

    /** Stops waiting; a lease that arrives later is released. */
    void close() {
        closed = true;
        if (inFlight != null) {
            inFlight.cancel(false);
        }
    }

    // ---- read-your-writes ---------------------------------------------------------------------------

    boolean readYourWrites() {
        return readYourWrites;
    }

    /** The query that asks a standby whether it replayed the client's last commit ('t' or 'f'). */
    String replayedSql() {
        return "SELECT pg_last_wal_replay_lsn() >= '" + Lsn.format(commitToken.lsn()) + "'::pg_lsn";
    }

    void commitToken(CommitToken token) {
        commitToken = token;
    }

    /**
     * Whether a client message starts a statement that may write: a Query or Parse that is not a read, or a
     * Bind of a named statement that is not (a Bind of the unnamed statement follows its Parse, judged already).
     */
    boolean mayWrite(Frame frame) {
        return switch (frame.type()) {
            case FrontendType.QUERY, FrontendType.PARSE -> !startsRead(frame);
            case FrontendType.BIND -> statements.queryOf(frame) != null && !startsRead(frame);
            case FrontendType.FUNCTION_CALL -> true;
            default -> false;
        };
    }

    /** Whether the transaction about to start only reads, judged from its first message. */
    private boolean startsRead(Frame first) {
        if (first == null || !first.isFirst() || !first.isWhole()) {
            return false;
        }
        String sql = switch (first.type()) {
            case FrontendType.QUERY -> Query.decode(first.body()).sql();
            case FrontendType.PARSE -> Parse.decode(first.body()).query();
            case FrontendType.BIND -> statements.queryOf(first);
            default -> null;
        };
        return sql != null && ReadOnlyStatements.isRead(sql);
    }
}
