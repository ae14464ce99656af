// TransactionLink: a transaction- or statement-mode client — leases a server per transaction and keeps the session's semantics.
package dev.switchboard.proxy.txn;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.Lease;
import dev.switchboard.pooling.PoolTimeoutException;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.BackendStartupException;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.backend.ServerReset;
import dev.switchboard.proxy.cancel.CancelForwarder;
import dev.switchboard.proxy.cancel.CancelKeys;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.frontend.ProtocolNegotiation;
import dev.switchboard.proxy.link.Backpressure;
import dev.switchboard.proxy.link.Backpressure.ClientPause;
import dev.switchboard.proxy.link.OnClientLoop;
import dev.switchboard.proxy.link.StallWatch;
import dev.switchboard.proxy.session.Greeting;
import dev.switchboard.proxy.notify.NotificationSink;
import dev.switchboard.proxy.sql.PinReason;
import dev.switchboard.proxy.topology.NoEligibleNodeException;
import dev.switchboard.proxy.topology.Routes;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client in transaction (or statement) mode. The client keeps its connection; a server is leased
 * when it sends work and goes back to the pool at ReadyForQuery 'I' once every request is answered.
 * Whatever the session would have carried on a dedicated connection travels with the client:
 * settings ({@link TrackedSettings}), named prepared statements ({@link StatementRouting}), LISTEN
 * (through a {@link dev.switchboard.proxy.notify.ListenerHub}); what cannot travel pins the client to
 * its server ({@link Pins}). Replies are matched to requests through one queue of {@link Expected}.
 * All state lives on the client's event loop.
 */
public final class TransactionLink extends ChannelInboundHandlerAdapter
        implements CancelKeys.Cancellable, NotificationSink, StallWatch.Watched {
    private static final Logger log = LoggerFactory.getLogger(TransactionLink.class);
    private static final char IDLE = 'I';

    private enum Phase { STARTING, ACTIVE, ENDED }

    private final ProxyContext context;
    private final ClientConnection client;
    private final ServerChooser chooser;
    private final boolean statementMode;
    private final String resetQuery;
    private final Channel clientChannel;
    private final EventLoop clientLoop;
    private final TrackedSettings settings;
    private final StatementRouting statements;
    private final Pins pins = new Pins();
    private final TransactionNotifications notifications;
    private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
    private final ArrayDeque<Expected> expected = new ArrayDeque<>();
    private final ArrayDeque<Frame> heldReplies = new ArrayDeque<>();
    private final OnClientLoop serverEvents;
    private final Backpressure backpressure;
    private final RequestRouter requests;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.STARTING;
    private Lease<ServerConn> lease;
    private ServerConn server;
    /** How the current server was chosen; null for the first server, which the session start leased. */
    private ServerChooser.Leased leased;
    /** The route of the last lease: whether the server lost was the primary. */
    private Route leasedRoute;
    /** Read-your-writes: something that may have written ran on the leased server since the last capture. */
    private boolean commitTokenDue;
    /** The chosen standby had not replayed the client's last commit: this transaction goes to the primary. */
    private boolean primaryForThisTransaction;
    /** A standby is being asked whether it replayed the client's commit: client frames wait in the inbox. */
    private boolean verifyingReplay;
    /** See {@link RetryableRequest}. */
    private final RetryableRequest retry = new RetryableRequest();
    private CancelKeys.Key key;
    private char transactionStatus = IDLE;
    /** Since the last ReadyForQuery an error or a ROLLBACK undid what ran: pending effects are void. */
    private boolean pendingVoided;
    /** The server lost the transaction: client messages are dropped until its Sync, which is answered here. */
    private boolean skipUntilSync;
    /** The next request gets this error instead of a server: no server could be had, or its transaction was lost. */
    private ErrorResponse failNextRequest;
    /** The server's FATAL was already passed on (as an ERROR) for the request in flight. */
    private boolean lossAlreadyReported;
    private int cancelsInFlight;
    /** Effects of the current request that apply once it succeeds. */
    private final PendingEffects pending = new PendingEffects();
    /** ReadyForQuery may not reach the client before this completes (LISTEN registered on the hub). */
    private CompletableFuture<Void> readyGate = CompletableFuture.completedFuture(null);

    public TransactionLink(ProxyContext context, ClientConnection client, DatabaseConfig database, UserConfig user,
                           Lease<ServerConn> firstLease, Map<String, String> startupSettings, boolean statementMode) {
        this.context = context;
        this.client = client;
        this.statementMode = statementMode;
        this.resetQuery = database.pool().resetQuery();
        this.clientChannel = client.channel();
        this.clientLoop = client.channel().eventLoop();
        this.settings = new TrackedSettings(startupSettings);
        this.statements = new StatementRouting(context.statementRegistry(), database.pool().maxPreparedStatements());
        this.notifications = new TransactionNotifications(context.listenerHub(database, user), this, clientChannel,
                context.notificationBacklog());
        this.lease = firstLease;
        this.server = firstLease.connection();
        this.requests = new RequestRouter(this, context, statements);
        this.chooser = new ServerChooser(context, database, user, statements, clientLoop);
        this.leasedRoute = Routes.forTransaction(database, false); // how the session start chose the first server
        this.backpressure = new Backpressure(clientChannel, ClientPause.STARTING); // as the session start left it
        this.serverEvents = new OnClientLoop(clientChannel, backpressure, (from, frame) -> {
            if (from == server) {
                serverFrame(frame);
            } else {
                frame.release(); // a server this client no longer holds (lost, or given back)
            }
        }, (from, cause) -> {
            if (from == server) {
                serverClosed(cause);
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Query, Parse and Bind must arrive whole here: they are classified and renamed. Only CopyData streams.
        boolean[] whole = new boolean[256];
        java.util.Arrays.fill(whole, true);
        whole[FrontendType.COPY_DATA & 0xff] = false;
        ctx.pipeline().replace("framer", "framer", new FrameDecoder(new FrameLimits(
                context.config().limits().maxMessageSize(), FrameLimits.DEFAULT_STREAM_CHUNK_SIZE, whole)));
    }

    /** Brings the first server to the client's settings, greets the client, then handles what it sent early. */
    public void start(ArrayDeque<Object> early) {
        context.stallWatch().register(this);
        server.listen(serverEvents);
        backpressure.attach(server);
        for (Object msg : early) {
            channelRead(ctx, msg);
        }
        if (!server.isUsable()) {
            serverClosed(null);
            return;
        }
        syncSettingsThen(this::greet);
        flushServer();
    }

    /** The server may already be back in the pool (greeting and release can happen at once). */
    private void flushServer() {
        if (server != null) {
            server.channel().flush();
        }
    }

    private void greet() {
        phase = Phase.ACTIVE;
        key = context.cancelKeys().mint(ProtocolNegotiation.cancelKeyLength(client.version()), this);
        Greeting.send(clientChannel, server.parameters(), key);
        backpressure.resumeClient(ClientPause.STARTING);
        log.debug("[{}] session started ({} mode)", client, statementMode ? "statement" : "transaction");
        drainInbox(); // what the client sent early goes to the server at hand
        maybeRelease();
    }

    // ---- client → server ---------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame) || phase == Phase.ENDED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (frame.isFirst() && frame.type() == FrontendType.TERMINATE) {
            frame.release();
            end();
            clientChannel.close();
            return;
        }
        inbox.add(frame);
        routeInbox(); // channelReadComplete flushes once for everything this read burst routed
    }

    /** Routes waiting client frames when a server is at hand, leasing one when needed, and flushes. */
    private void drainInbox() {
        routeInbox();
        flushServer();
        clientChannel.flush();
    }

    /**
     * Routes without flushing: a pipelined batch read at once must reach the server in one write, not one
     * syscall per message (the profile of issue 5 found the proxy writing about 20 times more than reading).
     */
    private void routeInbox() {
        while (!inbox.isEmpty() && phase == Phase.ACTIVE) {
            if (failNextRequest != null) {
                clientChannel.write(encode(failNextRequest));
                failNextRequest = null;
                Frame first = inbox.peek();
                if (first.isFirst() && first.type() == FrontendType.QUERY) {
                    inbox.poll().release(); // a simple query is a whole request: answered here
                    clientChannel.write(readyForQuery(IDLE));
                } else {
                    skipUntilSync = true;
                }
                continue;
            }
            if (skipUntilSync) {
                Frame frame = inbox.poll();
                boolean sync = frame.isFirst() && frame.type() == FrontendType.SYNC;
                frame.release();
                if (sync) {
                    skipUntilSync = false;
                    clientChannel.write(readyForQuery(IDLE));
                }
                continue;
            }
            if (server == null) {
                lease();
                return;
            }
            if (verifyingReplay) {
                return; // the server may yet be given back unused: nothing of the client's may reach it
            }
            Frame next = inbox.poll();
            retry.routed(next);
            if (chooser.readYourWrites() && !commitTokenDue && next.isFirst()) {
                commitTokenDue = chooser.mayWrite(next);
            }
            requests.route(next);
        }
    }

    /** Whether the client's transaction status is idle (no open block). */
    boolean idle() {
        return transactionStatus == IDLE;
    }

    boolean inboxEmpty() {
        return inbox.isEmpty();
    }

    boolean statementMode() {
        return statementMode;
    }

    PendingEffects pending() {
        return pending;
    }

    /** After a reply: see {@link RequestRouter#afterReply}. */
    void afterReply() {
        requests.afterReply();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (server != null) {
            server.channel().flush();
        }
        clientChannel.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        backpressure.clientWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueues();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException protocol) {
            log.info("[{}] protocol violation: {}", client, protocol.getMessage());
            ClientErrors.fatal(clientChannel, protocol.sqlState(), protocol.getMessage());
        } else {
            log.warn("[{}] closing after error: {}", client, cause.toString());
            ctx.close();
        }
        end();
    }

    // ---- leasing -------------------------------------------------------------------------------------

    private void lease() {
        if (chooser.busy()) {
            return;
        }
        backpressure.pauseClient(ClientPause.LEASING); // what was read already waits in the inbox
        chooser.lease(inbox.peek(), primaryForThisTransaction, this::leased, this::leaseFailed);
    }

    private void leaseFailed(Throwable cause) {
        if (phase == Phase.ENDED) {
            return;
        }
        backpressure.resumeClient(ClientPause.LEASING);
        failInbox(cause);
    }

    private void leased(ServerChooser.Leased newLease) {
        if (phase == Phase.ENDED) {
            chooser.finished(newLease);
            newLease.lease().release();
            return;
        }
        backpressure.resumeClient(ClientPause.LEASING);
        leased = newLease;
        leasedRoute = newLease.route();
        lease = newLease.lease();
        server = lease.connection();
        server.listen(serverEvents);
        backpressure.attach(server);
        if (!server.isUsable()) {
            serverClosed(null);
            return;
        }
        retry.begin(transactionStatus == IDLE && expected.isEmpty());
        if (newLease.choice().verifyReplay()) {
            syncSettingsThen(this::verifyReplayThenDrain);
        } else {
            syncSettingsThen(this::drainInbox);
        }
        flushServer();
    }

    /**
     * Read-your-writes on a standby the last snapshot could not vouch for: ask it whether it replayed the
     * client's commit. If not, the server goes back unused and the transaction goes to the primary.
     */
    private void verifyReplayThenDrain() {
        verifyingReplay = true;
        runInternal(chooser.replayedSql(), result -> {
            verifyingReplay = false;
            if (server == null) {
                return; // lost meanwhile: serverClosed() already chose again
            }
            boolean replayed = !result.failed() && !result.rows().isEmpty() && "t".equals(result.rows().get(0).get(0));
            if (replayed) {
                drainInbox();
                return;
            }
            primaryForThisTransaction = true;
            giveBackServer();
            lease();
        });
    }

    /** Returns the leased server to its pool, at rest. */
    private void giveBackServer() {
        ServerConn done = server;
        Lease<ServerConn> doneLease = lease;
        backpressure.detach();
        server = null;
        lease = null;
        finishLoad();
        done.listenIdle();
        doneLease.release();
    }

    private void finishLoad() {
        if (leased != null) {
            chooser.finished(leased);
            leased = null;
        }
    }

    /** No server could be had for the waiting request: it fails with an ERROR, the session goes on. */
    private void failInbox(Throwable cause) {
        ErrorResponse error;
        if (cause instanceof PoolTimeoutException timeout) {
            error = ErrorResponse.error("53300", timeout.getMessage());
        } else if (cause instanceof NoEligibleNodeException none) {
            error = ErrorResponse.error(none.sqlState(), none.getMessage());
        } else if (cause instanceof BackendStartupException startup) {
            error = ErrorResponse.error(startup.error().sqlState(), startup.error().message());
        } else {
            error = ErrorResponse.error("08006", "could not obtain a server connection: " + cause.getMessage());
        }
        log.info("[{}] {}", client, error.message());
        failNextRequest = error; // the request waiting in the inbox gets the error and is dropped
        drainInbox();
    }

    /** Makes the leased server carry the client's settings, then continues with {@code next}. */
    private void syncSettingsThen(Runnable next) {
        String sql = settings.syncSql(server.sessionSettings());
        if (sql == null) {
            next.run();
            return;
        }
        runInternal(sql, result -> {
            if (result.failed()) {
                log.warn("[{}] could not apply session settings on {}: {}", client, server.name(), result.errorMessage());
                ClientErrors.fatal(clientChannel, ErrorResponse.fatal(result.errorSqlState(),
                        "could not apply session settings on a pooled server: " + result.errorMessage()));
                end();
                return;
            }
            settings.synced(server.sessionSettings());
            next.run();
        });
    }

    private void runInternal(String sql, java.util.function.Consumer<Expected.InternalResult> onDone) {
        expected.add(Expected.internal(onDone));
        server.channel().writeAndFlush(encode(new Query(sql)));
    }

    // ---- server → client -----------------------------------------------------------------------------

    private void serverFrame(Frame frame) {
        if (!heldReplies.isEmpty() || !readyGate.isDone()) {
            // A LISTEN is being registered on the hub: nothing may reach the client before it is in place.
            heldReplies.add(frame);
            if (heldReplies.size() == 1) {
                resumeWhenGateOpens();
            }
            return;
        }
        ServerReplies.handle(this, frame);
    }

    private void resumeWhenGateOpens() {
        readyGate.whenComplete((v, e) -> clientLoop.execute(this::releaseHeld));
    }

    // Package-private hooks for ServerReplies, which matches replies to the Expected queue.

    ArrayDeque<Expected> expected() {
        return expected;
    }

    ServerConn server() {
        return server;
    }

    Channel clientChannel() {
        return clientChannel;
    }

    StatementRouting statements() {
        return statements;
    }

    /** What a client hears when its server went away under a request or an open transaction. */
    ErrorResponse serverLost(ServerConn lost, String why) {
        return serverLost(lost, leasedRoute == Route.WRITE, why);
    }

    private static ErrorResponse serverLost(ServerConn lost, boolean primary, String why) {
        String node = primary ? "the primary " + lost.node() : lost.node();
        String next = primary ? "; new transactions wait for the new primary (failover)" : "";
        return ErrorResponse.error("08006", "server connection to " + node
                + " was lost during the transaction, which is rolled back: " + why + next);
    }

    /**
     * The server was shut down before it answered the first request of a transaction: the request goes, as
     * it was, to the server the topology gives now (see {@link RetryableRequest}).
     */
    private void resendElsewhere(ServerConn lost) {
        log.info("[{}] {} shut down before answering; the request goes to another server", client, lost.name());
        context.meters().counter("switchboard.requests.resent", "node", lost.node()).increment();
        backpressure.detach();
        lease.discard();
        server = null;
        lease = null;
        finishLoad();
        releaseExpected();
        lossAlreadyReported = false;
        pendingVoided = false; // the FATAL voided nothing: the request has not run
        retry.requeue(inbox);
        pending.clear();
        settings.discardPending();
        requests.requestEnded();
        drainInbox();
    }

    /** A reply (or the proxy's own answer) reached the client. */
    void replyStarted() {
        retry.replyStarted();
    }

    /** A FATAL answered the client's request: true when the request will be resent elsewhere instead. */
    boolean resendAfterFatal(ErrorResponse fatal) {
        return retry.armOnFatal(fatal);
    }

    void lossReported() {
        lossAlreadyReported = true;
    }

    /** An error or ROLLBACK undid the current request's effects. */
    void voidPending() {
        pendingVoided = true;
    }

    /** ReadyForQuery for a client request: status, effects, then maybe the server goes back to the pool. */
    void clientReady(Frame ready, char status) {
        transactionStatus = status;
        requests.requestEnded();
        clientChannel.write(ready.content());
        if (status == 'E') {
            pendingVoided = true;
        }
        if (status == IDLE) {
            applyPending();
        }
        emitSynthesized();
        maybeRelease();
        // ReadyForQuery ends a response; and a released server no longer tells this link its reads completed.
        clientChannel.flush();
    }

    private void releaseHeld() {
        while (!heldReplies.isEmpty() && readyGate.isDone() && phase != Phase.ENDED) {
            ServerReplies.handle(this, heldReplies.poll());
        }
        if (!heldReplies.isEmpty() && !readyGate.isDone()) {
            resumeWhenGateOpens();
        }
        clientChannel.flush();
    }

    /** The request's effects stand (or not) now that its transaction is over. */
    private void applyPending() {
        if (pendingVoided) {
            settings.discardPending();
            pending.clear();
            pins.checkDue(); // what pinned may have been rolled back with the rest
        } else {
            settings.commitPending(server.sessionSettings());
            pending.apply(this);
        }
        pendingVoided = false;
    }

    /** Answers synthesized replies that reached the head of the queue. */
    void emitSynthesized() {
        while (!expected.isEmpty() && expected.peek().kind == Expected.Kind.SYNTHESIZE) {
            Expected synthesized = expected.poll();
            retry.replyStarted();
            clientChannel.write(synthesized.reply.retainedDuplicate());
            synthesized.reply.release();
            if (synthesized.appendReady) {
                clientChannel.write(readyForQuery(transactionStatus));
            }
        }
    }

    private boolean atRest() {
        return expected.isEmpty() && !requests.midMessage() && transactionStatus == IDLE && heldReplies.isEmpty()
                && readyGate.isDone();
    }

    /** Gives the server back when the transaction is over and nothing ties the client to it. */
    void maybeRelease() {
        if (server == null || phase != Phase.ACTIVE || !atRest() || cancelsInFlight > 0) {
            return;
        }
        if (pins.pinned()) {
            if (pins.isCheckDue()) {
                runInternal(Pins.CHECK_SQL, result -> {
                    if (!result.failed() && !result.rows().isEmpty()) {
                        Set<PinReason> released = pins.checked(result.rows().get(0));
                        if (!released.isEmpty()) {
                            log.info("[{}] unpinned from {}: {} released", client, server.name(), released);
                        }
                    }
                    maybeRelease();
                });
            }
            return;
        }
        if (server.listening()) {
            runInternal("UNLISTEN *", result -> {
                server.listening(false);
                maybeRelease();
            });
            return;
        }
        if (commitTokenDue) {
            commitTokenDue = false;
            runInternal(CommitTokens.CAPTURE_SQL, result -> {
                CommitToken token = CommitTokens.parse(result);
                if (token != null) {
                    chooser.commitToken(token);
                }
                maybeRelease();
            });
            return;
        }
        primaryForThisTransaction = false;
        retry.end();
        giveBackServer();
        notifications.flushQueued();
    }

    private void serverClosed(Throwable cause) {
        if (server == null) {
            return;
        }
        ServerConn lost = server;
        verifyingReplay = false; // its answer will not come; the inbox goes to the next server
        if (retry.armed() && phase == Phase.ACTIVE) {
            resendElsewhere(lost);
            return;
        }
        boolean requestInFlight = expected.stream().anyMatch(e -> e.kind != Expected.Kind.INTERNAL) || requests.midMessage();
        // Only the proxy's own queries (settings, checks) were in flight: the client lost nothing.
        boolean inTransaction = transactionStatus != IDLE || requestInFlight;
        boolean requestTerminated = requestInFlight && lastClientEntryEndsWithReady();
        boolean wasPrimary = leasedRoute == Route.WRITE;
        backpressure.detach();
        lease.discard();
        server = null;
        lease = null;
        finishLoad();
        retry.end();
        releaseExpected();
        boolean reported = lossAlreadyReported;
        lossAlreadyReported = false;
        if (phase != Phase.ACTIVE && phase != Phase.STARTING) {
            return;
        }
        String why = cause == null ? "the server closed the connection" : cause.getMessage();
        if (pins.pinned() || phase == Phase.STARTING) {
            log.info("[{}] server {} lost ({}) with session state the proxy cannot carry", client, lost.name(), why);
            ClientErrors.fatal(clientChannel, "08006", "server connection to " + lost.node()
                    + " was lost and it held this session's state (" + pins.reasons() + "): " + why);
            end();
            return;
        }
        if (inTransaction) {
            log.info("[{}] server {} lost during a transaction: {}", client, lost.name(), why);
            ErrorResponse error = serverLost(lost, wasPrimary, why);
            transactionStatus = IDLE;
            pending.clear();
            settings.discardPending();
            if (!requestInFlight) {
                failNextRequest = error; // idle in a transaction: its next request hears of it
            } else {
                if (!reported) {
                    clientChannel.write(encode(error));
                }
                if (requestTerminated) {
                    clientChannel.write(readyForQuery(IDLE)); // its Query or Sync was sent: this answers it
                } else {
                    skipUntilSync = true; // an extended batch: the answer waits for the client's Sync
                }
            }
        }
        clientChannel.flush();
        if (!inbox.isEmpty()) {
            drainInbox();
        }
    }

    /** Whether the client's last request in flight was terminated (by Query, Sync or FunctionCall). */
    private boolean lastClientEntryEndsWithReady() {
        java.util.Iterator<Expected> backwards = expected.descendingIterator();
        while (backwards.hasNext()) {
            Expected e = backwards.next();
            if (e.kind != Expected.Kind.INTERNAL) {
                return e.kind == Expected.Kind.UNTIL_READY
                        || (e.kind == Expected.Kind.SYNTHESIZE && e.appendReady);
            }
        }
        return false;
    }

    // ---- notifications, cancel and the end ----------------------------------------------------------

    @Override
    public void deliver(ByteBuf notification) {
        clientLoop.execute(() -> notifications.deliver(notification, server != null)); // released once ended
    }

    @Override
    public void hubLost(String reason) {
        clientLoop.execute(() -> notifications.hubLost(reason, server != null));
    }

    @Override
    public void hubResumed(String message) {
        clientLoop.execute(() -> notifications.hubResumed(message, server != null));
    }

    void gateReady(CompletableFuture<Void> hubOperation) {
        readyGate = readyGate.isDone() ? hubOperation : CompletableFuture.allOf(readyGate, hubOperation);
    }

    Pins pins() {
        return pins;
    }

    TrackedSettings settings() {
        return settings;
    }

    TransactionNotifications notifications() {
        return notifications;
    }

    ClientConnection client() {
        return client;
    }

    ProxyContext context() {
        return context;
    }

    @Override
    public Backpressure backpressure() {
        return backpressure;
    }

    @Override
    public EventLoop loop() {
        return clientLoop;
    }

    @Override
    public String describe() {
        String serverState = server == null ? (chooser.busy() ? "being leased" : "none")
                : server.name() + (server.channel().config().isAutoRead() ? " (read" : " (not read")
                + (server.channel().isWritable() ? ")" : ", socket full)");
        return "client " + client + " (" + (statementMode ? "statement" : "transaction") + " mode, " + phase
                + ", transaction status " + transactionStatus + (clientChannel.isWritable() ? "" : ", socket full")
                + ", reads paused for " + backpressure.clientPauses() + "); server " + serverState
                + "; replies expected " + expected.stream().map(e -> e.kind.name()).toList()
                + "; held replies " + heldReplies.size() + "; client frames waiting " + inbox.size()
                + "; pinned by " + pins.reasons();
    }

    @Override
    public CompletionStage<Void> cancelCurrentQuery() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clientLoop.execute(() -> {
            if (server == null || expected.isEmpty()) {
                done.complete(null); // idle: PostgreSQL would cancel nothing either
                return;
            }
            // The server stays leased until the cancel is delivered, so it cannot hit the next client.
            cancelsInFlight++;
            CancelForwarder.send(context.transport(), server).whenComplete((v, e) -> clientLoop.execute(() -> {
                cancelsInFlight--;
                maybeRelease();
                done.complete(null);
            }));
        });
        return done;
    }

    private void end() {
        if (phase == Phase.ENDED) {
            return;
        }
        phase = Phase.ENDED;
        context.stallWatch().unregister(this);
        if (key != null) {
            key.close();
        }
        notifications.close();
        statements.deallocateAll(null); // the client's names no longer hold registry entries
        chooser.close();
        if (server == null) {
            return;
        }
        ServerConn leftover = server;
        Lease<ServerConn> leftoverLease = lease;
        backpressure.detach();
        server = null;
        lease = null;
        finishLoad();
        if (!expected.isEmpty() || requests.midMessage() || cancelsInFlight > 0 || !leftover.isUsable()) {
            leftoverLease.discard(); // busy: closing it is the only safe reset; PostgreSQL rolls back
            releaseExpected();
            return;
        }
        new ServerReset(leftover, leftoverLease, transactionStatus != IDLE, pins.pinned() || leftover.listening()
                ? resetQuery : "").start();
    }

    private void releaseExpected() {
        for (Expected e : expected) {
            if (e.reply != null) {
                e.reply.release();
            }
        }
        expected.clear();
        while (!heldReplies.isEmpty()) {
            heldReplies.poll().release();
        }
    }

    private void releaseQueues() {
        retry.end();
        while (!inbox.isEmpty()) {
            inbox.poll().release();
        }
        if (server == null) {
            releaseExpected();
        }
    }

    ByteBuf encode(dev.switchboard.protocol.Encodable message) {
        return dev.switchboard.protocol.Messages.encode(clientChannel.alloc(), message);
    }

    private ByteBuf readyForQuery(char status) {
        return encode(new ReadyForQuery(status));
    }
}
