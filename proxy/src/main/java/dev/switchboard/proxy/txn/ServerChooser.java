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
import dev.switchboard.proxy.extensions.ClientExtensions;
import dev.switchboard.proxy.extensions.MiddlewareStatement;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The node side of a transaction-mode client: which route its next transaction needs (read/write split,
 * read-your-writes token) and the count of transactions per node; the choice and the lease, with the failover
 * hold, are {@link NodeLeases}'. Confined to the client's event loop; results are delivered there.
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
    private CompletableFuture<NodeLeases.Chosen> inFlight;
    private boolean closed;
    /** The client's middleware settings: {@code switchboard.min_lsn} bounds its reads from below. */
    private final ClientExtensions extensions;
    /** The position the transaction last leased for must see (read-your-writes or min_lsn); null when none. */
    private CommitToken leasedFor;

    ServerChooser(ProxyContext context, DatabaseConfig database, UserConfig user, StatementRouting statements,
                  EventLoop loop, ClientExtensions extensions) {
        this.extensions = extensions;
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
        CommitToken token = route != Route.WRITE ? readPosition() : null;
        leasedFor = token;
        CompletableFuture<NodeLeases.Chosen> leasing = NodeLeases.acquire(routing, route, lagBound, token, loop,
                node -> context.multiplexedPoolFor(database, user, node));
        if (leasing.isDone() && loop.inEventLoop()) {
            // An idle server was at hand: the transaction goes on now, without a task queued on the loop.
            // Read directly rather than through whenComplete, which would hide whatever the link throws from
            // here on inside a future nobody reads (and allocate that future).
            NodeLeases.Chosen chosen;
            try {
                chosen = leasing.join();
            } catch (CompletionException | CancellationException error) {
                arrived(null, error, route, leased, failed);
                return;
            }
            arrived(chosen, null, route, leased, failed);
            return;
        }
        inFlight = leasing;
        leasing.whenComplete((chosen, error) -> loop.execute(() -> {
            inFlight = null;
            arrived(chosen, error, route, leased, failed);
        }));
    }

    private void arrived(NodeLeases.Chosen chosen, Throwable error, Route route, Consumer<Leased> leased,
                         Consumer<Throwable> failed) {
        if (closed) {
            if (chosen != null) {
                chosen.lease().release(); // it arrived just before the close; a later one NodeLeases gives back
            }
            return;
        }
        if (error != null) {
            failed.accept(NodeLeases.unwrap(error));
            return;
        }
        routing.load().started(chosen.choice().node().index());
        leased.accept(new Leased(chosen.lease(), chosen.choice(), route));
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

    /** The query that asks a standby whether it replayed the position the transaction must see ('t' or 'f'). */
    String replayedSql() {
        return "SELECT pg_last_wal_replay_lsn() >= '" + Lsn.format(leasedFor.lsn()) + "'::pg_lsn";
    }

    /** How long a standby behind that position is asked again before the transaction goes to the primary. */
    java.time.Duration replayWait() {
        return database.replayWait();
    }

    /** What a read must see: the client's own last commit (read-your-writes) and its min_lsn, the later of the two. */
    private CommitToken readPosition() {
        return ReadPositions.later(readYourWrites ? commitToken : null, extensions.minLsn());
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
        // A statement on a middleware setting never reaches a server: it writes nothing.
        return sql != null && (ReadOnlyStatements.isRead(sql) || MiddlewareStatement.parse(sql) != null);
    }
}
