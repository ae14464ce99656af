// TransactionLink: a transaction- or statement-mode client — leases a server per transaction and keeps the session's semantics.
package dev.switchboard.proxy.txn;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.Lease;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.backend.ServerReset;
import dev.switchboard.proxy.cancel.CancelForwarder;
import dev.switchboard.proxy.cancel.CancelKeys;
import dev.switchboard.proxy.extensions.ClientReports;
import dev.switchboard.proxy.extensions.Extension;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.frontend.ProtocolNegotiation;
import dev.switchboard.proxy.link.Backpressure;
import dev.switchboard.proxy.link.Backpressure.ClientPause;
import dev.switchboard.proxy.link.ContiguousWrites;
import dev.switchboard.proxy.handoff.ClientMover;
import dev.switchboard.proxy.handoff.Movable;
import dev.switchboard.proxy.handoff.MovedClient;
import dev.switchboard.proxy.link.Forwarding;
import dev.switchboard.proxy.link.LeaseFailure;
import dev.switchboard.proxy.link.OnClientLoop;
import dev.switchboard.proxy.link.StallWatch;
import dev.switchboard.proxy.link.StartupRestore;
import dev.switchboard.proxy.notify.NotificationSink;
import dev.switchboard.proxy.session.Greeting;
import dev.switchboard.proxy.stats.TrafficTally;
import dev.switchboard.proxy.topology.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client in transaction (or statement) mode. The client keeps its connection; a server is leased
 * when it sends work ({@link ServerSlot}) and goes back to the pool once every request is answered and
 * nothing ties the client to it ({@link GiveBack}). Whatever the session would have carried on a dedicated
 * connection travels with the client: settings ({@link TrackedSettings}), named prepared statements
 * ({@link StatementRouting}), LISTEN (through a {@link dev.switchboard.proxy.notify.ListenerHub}); what cannot
 * travel pins the client to its server ({@link Pins}). Replies are matched to requests through one queue of
 * {@link Expected} ({@link ServerReplies}); a lost server is answered as {@link AfterLoss} decides.
 * All state lives on the client's event loop.
 */
public final class TransactionLink extends ChannelInboundHandlerAdapter
        implements CancelKeys.Cancellable, NotificationSink, StallWatch.Watched, Movable {
    private static final Logger log = LoggerFactory.getLogger(TransactionLink.class);
    private static final char IDLE = 'I';
    /**
     * How many bytes of client frames may wait for a server before the client is no longer read. A client that
     * sends its request and waits, as nearly all do, is never switched off (a switch costs two system calls);
     * one that streams on while it waits stops being read once this much is kept.
     */
    static final int WAITING_FRAMES_LIMIT = 16 * 1024;

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
    private final TrafficTally tally;
    private final TransactionNotifications notifications;
    // Queues start small: an idle client holds nothing in them, and thousands of clients may sit idle.
    private final ArrayDeque<Frame> inbox = new ArrayDeque<>(2);
    private final ArrayDeque<Expected> expected = new ArrayDeque<>(2);
    private final Backpressure backpressure;
    private final ServerSlot slot;
    private final ServerUse use;
    private final ReplyGate gate;
    private final RequestRouter requests;
    /** See {@link RetryableRequest}. */
    private final RetryableRequest retry = new RetryableRequest();
    /** Effects of the current request that apply once it succeeds. */
    private final PendingEffects pending = new PendingEffects();
    private ChannelHandlerContext ctx;
    private ClientState state = ClientState.STARTING;
    /** While a client read routes its frames; that read's channelReadComplete flushes both channels once. */
    private boolean routingClientRead;
    /** What the client's next request hears, while {@link ClientState#OWES_ERROR}. */
    private ErrorResponse owedError;
    private CancelKeys.Key key;
    private char transactionStatus = IDLE;
    /** Since the last ReadyForQuery an error or a ROLLBACK undid what ran: pending effects are void. */
    private boolean pendingVoided;
    /** The server's FATAL was already passed on (as an ERROR) for the request in flight. */
    private boolean lossAlreadyReported;
    /** The client's extensions and what the proxy tells it between requests. */
    private final ClientReports reports;
    /**
     * The status of a ReadyForQuery held back while the commit position is read ({@code commit_lsn}); 0 when none:
     * the position goes before it.
     */
    private char readyHeld;
    /** Null unless the client was handed over by another process, which greeted it. */
    private final MovedClient resumed;
    /** A successor asked for this client: it moves at its next rest (see {@link #moveIfAtRest}). */
    private ClientMover pendingMove;

    public TransactionLink(ProxyContext context, ClientConnection client, DatabaseConfig database, UserConfig user,
                           Lease<ServerConn> firstLease, Map<String, String> startupSettings, boolean statementMode,
                           ClientReports reports) {
        this(context, client, database, user, firstLease, startupSettings, statementMode, reports, null);
    }

    /** @param resumed nullable: the client was handed over by another process, greeted there already */
    public TransactionLink(ProxyContext context, ClientConnection client, DatabaseConfig database, UserConfig user,
                           Lease<ServerConn> firstLease, Map<String, String> startupSettings, boolean statementMode,
                           ClientReports reports, MovedClient resumed) {
        this.resumed = resumed;
        this.context = context;
        this.client = client;
        this.tally = new TrafficTally(context.traffic(client.database()));
        this.statementMode = statementMode;
        this.reports = reports;
        this.resetQuery = database.pool().resetQuery();
        this.clientChannel = client.channel();
        this.clientLoop = client.channel().eventLoop();
        this.settings = new TrackedSettings(startupSettings);
        if (resumed != null) {
            settings.resume(resumed.settings());
        }
        this.statements = new StatementRouting(context.statementRegistry(), database.pool().maxPreparedStatements(),
                settings::searchPathNow);
        if (resumed != null) {
            statements.resume(resumed.statements());
        }
        this.notifications = new TransactionNotifications(context.listenerHub(database, user), this, clientChannel,
                context.notificationBacklog());
        this.requests = new RequestRouter(this, context, statements, reports);
        this.chooser = new ServerChooser(context, database, user, statements, clientLoop, reports.extensions());
        this.backpressure = new Backpressure(clientChannel);
        // How the session start chose the first server.
        this.slot = new ServerSlot(firstLease, Routes.forTransaction(database, false), chooser, backpressure,
                context.clientList().byId(client.id()));
        this.gate = new ReplyGate(clientLoop);
        this.use = new ServerUse(new ClientSide(), client, slot, chooser, settings, pins, expected,
                () -> chooser.readYourWrites() || reports.extensions().on(Extension.COMMIT_LSN));
    }

    /** What the server side asks of the client's. */
    private final class ClientSide implements ServerUse.Owner {
        @Override
        public boolean ended() {
            return state == ClientState.ENDED;
        }

        @Override
        public boolean started() {
            return state.started();
        }

        @Override
        public boolean atRest() {
            return TransactionLink.this.atRest();
        }

        @Override
        public void serverReady() {
            drainInbox();
        }

        @Override
        public void serverHeld() {
            retry.begin(transactionStatus == IDLE && expected.isEmpty());
        }

        @Override
        public void leaseFailed(Throwable cause) {
            TransactionLink.this.leaseFailed(cause);
        }

        @Override
        public void serverLost(Throwable cause) {
            serverClosed(cause);
        }

        @Override
        public void settingsRefused(String sqlState, String message) {
            ClientErrors.fatal(clientChannel, ErrorResponse.fatal(sqlState,
                    "could not apply session settings on a pooled server: " + message));
            end();
        }

        @Override
        public void note(byte b) {
            requests.note(b);
        }

        @Override
        public void committed(dev.switchboard.topology.CommitToken position) {
            if (reports.extensions().on(Extension.COMMIT_LSN)) {
                reports.committed(position); // read at the give-back: reported before the next ReadyForQuery
            }
        }

        @Override
        public void givenBack() {
            retry.end();
            notifications.flushQueued();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Query, Parse and Bind must arrive whole here: they are classified and renamed. Only CopyData streams.
        ctx.pipeline().get(FrameDecoder.class).limits(FrameLimits.frontendWholeStatements(
                context.config().limits().maxMessageSize()));
    }

    /** Brings the first server to the client's settings, greets the client, then handles what it sent early. */
    public void start(ArrayDeque<Object> early) {
        context.stallWatch().register(this);
        slot.attachFirst(new OnClientLoop(clientChannel, backpressure, (from, frame) -> {
            if (slot.holds(from)) {
                gate.pass(frame, this::reply, clientChannel::flush);
            } else {
                frame.release(); // a server this client no longer holds (lost, or given back)
            }
        }, (from, cause) -> {
            if (slot.holds(from)) {
                serverClosed(cause);
            }
        }));
        for (Object msg : early) {
            channelRead(ctx, msg);
        }
        if (!server().isUsable()) {
            serverClosed(null);
            return;
        }
        use.syncSettingsThen(() -> readSettingsThen(this::greet));
        flushServer();
    }

    /** report_parameters: the watched settings are read on the held server first (at startup, or as a request ends). */
    private void readSettingsThen(Runnable next) {
        var read = reports.settingsRead(server().parameters());
        if (read == null) {
            next.run();
            return;
        }
        use.runInternal(read.sql(), result -> {
            reports.settingsRead(read, result.failed() ? java.util.List.of() : result.rows());
            next.run();
        });
    }

    private void moveTo(ClientState next) {
        state = state.moveTo(next, client);
    }

    private boolean started() {
        return state.started();
    }

    /** The server may already be back in the pool (greeting and release can happen at once). */
    private void flushServer() {
        if (server() != null) {
            server().channel().flush();
        }
    }

    private void greet() {
        moveTo(ClientState.ACTIVE);
        if (resumed == null) {
            key = context.cancelKeys().mint(ProtocolNegotiation.cancelKeyLength(client.version()), this);
            Greeting.send(clientChannel, reports.shownParameters(server().parameters()), reports.greeting(), key);
        } else {
            // Greeted by the process it came from: it goes on with the key it was given.
            key = context.cancelKeys().adopt(resumed.cancelProcessId(), resumed.cancelSecret(), this);
            if (key == null) {
                log.warn("[{}] its cancel key is in use here; it cannot be cancelled until it reconnects", client);
            }
            clientChannel.pipeline().fireUserEventTriggered(dev.switchboard.proxy.frontend.ClientLifecycle.SESSION_STARTED);
        }
        context.movableClients().add(this);
        reports.start(new ClientReports.Rest() {
            @Override
            public boolean betweenRequests() {
                return state == ClientState.ACTIVE && readyHeld == 0 && atRestBetweenRequests();
            }

            @Override
            public boolean idle() {
                return betweenRequests() && transactionStatus == IDLE;
            }

            @Override
            public boolean heldOn(String node) {
                return pins.pinned() && server() != null && server().node().equals(node);
            }
        });
        backpressure.resumeClient(ClientPause.STARTING);
        log.debug("[{}] session started ({} mode)", client, statementMode ? "statement" : "transaction");
        drainInbox(); // what the client sent early goes to the server at hand
        maybeRelease();
    }

    // ---- client → server ---------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame) || state == ClientState.ENDED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (frame.isFirst() && frame.type() == FrontendType.TERMINATE) {
            frame.release();
            end();
            clientChannel.close();
            return;
        }
        tally.fromClient(frame.content().readableBytes(), frame.isFirst());
        inbox.add(frame);
        if (!started()) {
            backpressure.pauseClient(ClientPause.STARTING); // sent before its greeting: the rest waits in its socket
        }
        routingClientRead = true;
        try {
            routeInbox(); // channelReadComplete flushes once for everything this read burst routed
        } finally {
            routingClientRead = false;
        }
        if (slot.state() == ServerSlot.State.LEASING && waitingBytesOver(WAITING_FRAMES_LIMIT)) {
            backpressure.pauseClient(ClientPause.LEASING); // the rest waits in its socket until a server arrives
        }
    }

    /** Whether the frames waiting in the inbox hold more than {@code limit} bytes. */
    private boolean waitingBytesOver(int limit) {
        long bytes = 0;
        for (Frame waiting : inbox) {
            bytes += waiting.content().readableBytes();
            if (bytes > limit) {
                return true;
            }
        }
        return false;
    }

    /**
     * Routes waiting client frames when a server is at hand, leasing one when needed, and flushes. Within a client
     * read (a lease that completed at once) the read's channelReadComplete flushes instead: an extended-protocol
     * request then reaches its server in one send, not its Parse first and the rest after.
     */
    private void drainInbox() {
        routeInbox();
        if (!routingClientRead) {
            flushServer();
            clientChannel.flush();
        }
    }

    /** Routes without flushing: a pipelined batch read at once must reach the server in one write. */
    private void routeInbox() {
        while (!inbox.isEmpty() && started()) {
            switch (state) {
                case OWES_ERROR -> answerWithOwedError();
                case SKIPPING_TO_SYNC -> skipOne();
                default -> {
                    if (slot.state() == ServerSlot.State.EMPTY && expected.isEmpty()) {
                        MiddlewareRequests.Alone alone = requests.answerAlone(inbox);
                        if (alone == MiddlewareRequests.Alone.ANSWERED) {
                            continue; // only about middleware settings: no server needed
                        }
                        if (alone == MiddlewareRequests.Alone.WAIT) {
                            return; // the rest of that request decides
                        }
                    }
                    if (!use.readyFor(inbox.peek())) {
                        return; // a lease, a replay check or the give-back is under way: nothing may go yet
                    }
                    Frame next = inbox.poll();
                    retry.routed(next);
                    use.routed(next);
                    requests.route(next);
                }
            }
        }
    }

    private void answerWithOwedError() {
        clientChannel.write(encode(owedError));
        owedError = null;
        Frame first = inbox.peek();
        if (first.isFirst() && first.type() == FrontendType.QUERY) {
            inbox.poll().release(); // a simple query is a whole request: answered here
            clientChannel.write(readyForQuery(IDLE));
            moveTo(ClientState.ACTIVE);
        } else {
            moveTo(ClientState.SKIPPING_TO_SYNC);
        }
    }

    private void skipOne() {
        Frame frame = inbox.poll();
        boolean sync = frame.isFirst() && frame.type() == FrontendType.SYNC;
        frame.release();
        if (sync) {
            moveTo(ClientState.ACTIVE);
            clientChannel.write(readyForQuery(IDLE));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushServer();
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
        retry.end();
        while (!inbox.isEmpty()) {
            inbox.poll().release();
        }
        if (server() == null) {
            releaseExpected();
        }
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

    // ---- leasing and giving back ---------------------------------------------------------------------

    private void leaseFailed(Throwable cause) {
        if (state == ClientState.ENDED) {
            return;
        }
        slot.leaseFailed();
        ErrorResponse error = LeaseFailure.describe(cause, false);
        log.info("[{}] {}", client, error.message());
        owedError = error; // the request waiting in the inbox gets the error and is dropped
        moveTo(ClientState.OWES_ERROR);
        drainInbox();
    }

    private boolean atRest() {
        return atRestBetweenRequests() && transactionStatus == IDLE;
    }

    /** Every request answered, nothing half-sent, no reply held back; a transaction block may be open. */
    private boolean atRestBetweenRequests() {
        return expected.isEmpty() && !requests.midMessage() && !requests.awaitsSync() && gate.isOpen();
    }

    /** Gives the server back when the transaction is over and nothing ties the client to it (see {@link GiveBack}). */
    void maybeRelease() {
        use.maybeRelease();
    }

    // ---- server → client -----------------------------------------------------------------------------

    private void reply(Frame frame) {
        if (state == ClientState.ENDED) {
            frame.release();
        } else {
            tally.toClient(frame.content().readableBytes());
            ServerReplies.handle(this, frame);
        }
    }

    /** ReadyForQuery for a client request: status, effects, then maybe the server goes back to the pool. */
    void clientReady(Frame ready, char status) {
        tally.ready(status);
        settings.requestAnswered();
        pending.requestAnswered();
        transactionStatus = status;
        requests.requestEnded();
        if (status == 'E') {
            pendingVoided = true;
        }
        if (status == IDLE && !pendingVoided && expected.isEmpty() && reports.extensions().on(Extension.COMMIT_LSN)
                && use.commitTokenDue()) {
            // commit_lsn: the position goes before this ReadyForQuery, read on the server that committed.
            ready.release();
            readyHeld = status;
            use.captureCommitToken(position -> {
                if (position != null) {
                    reports.committed(position);
                }
                answerHeldReadyAfterSettings();
            });
            return;
        }
        if (status == IDLE && reports.watchesSettings() && onlyProxyQueriesInFlight()) {
            // report_parameters: what the transaction's settings now read goes before its ReadyForQuery.
            ready.release();
            readyHeld = status;
            answerHeldReadyAfterSettings();
            return;
        }
        answerReady(ready.content(), status);
    }

    /** Nothing of the client's is in flight behind the request answered: the proxy's own queries may follow it. */
    private boolean onlyProxyQueriesInFlight() {
        return !requests.midMessage() && !requests.awaitsSync()
                && expected.stream().allMatch(e -> e.kind == Expected.Kind.INTERNAL);
    }

    private void answerHeldReadyAfterSettings() {
        readSettingsThen(() -> {
            if (readyHeld != 0) { // 0 when the server was lost meanwhile: the ReadyForQuery went out then
                answerHeldReady();
            }
        });
    }

    private void answerHeldReady() {
        char status = readyHeld;
        readyHeld = 0;
        answerReady(readyForQuery(status), status);
    }

    private void answerReady(ByteBuf ready, char status) {
        boolean last = expected.isEmpty();
        reports.beforeReady(last);
        Forwarding.write(clientChannel, ready);
        if (status == IDLE) {
            applyPending();
        }
        emitSynthesized();
        maybeRelease();
        if (server() != null && atRest()) {
            notifications.flushQueued(); // what waited for the end of the transaction, when the server stays
        }
        // ReadyForQuery ends a response; and a released server no longer tells this link its reads completed.
        clientChannel.flush();
        if (last) {
            reports.afterReady(status);
        }
        if (pendingMove != null) {
            moveIfAtRest(); // a busy client moves the moment its transaction is over
        }
    }

    /** The request's effects stand (or not) now that its transaction is over. */
    private void applyPending() {
        if (pendingVoided) {
            settings.discardPending();
            pending.discardAnswered();
            pins.checkDue(); // what pinned may have been rolled back with the rest
        } else {
            settings.commitPending(server().sessionSettings());
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
                reports.beforeReady(expected.isEmpty());
                clientChannel.write(readyForQuery(transactionStatus));
            }
        }
    }

    // ---- losing the server ---------------------------------------------------------------------------

    private void serverClosed(Throwable cause) {
        ServerConn lost = server();
        if (lost == null) {
            return;
        }
        if (readyHeld != 0) {
            // Lost while the commit position was read: the commit stands, its position is unknown.
            char status = readyHeld;
            readyHeld = 0;
            settings.commitPending(new java.util.HashMap<>());
            pending.discardAnswered();
            clientChannel.write(readyForQuery(status));
        }
        boolean requestInFlight = expected.stream().anyMatch(e -> e.kind != Expected.Kind.INTERNAL) || requests.midMessage()
                || requests.awaitsSync();
        AfterLoss after = AfterLoss.decide(retry.armed() && started(), state == ClientState.STARTING, pins.pinned(),
                transactionStatus != IDLE, requestInFlight, requestInFlight && lastClientEntryEndsWithReady());
        boolean primary = use.onPrimary();
        slot.discard();
        releaseExpected();
        requests.serverGone();
        boolean reported = lossAlreadyReported;
        lossAlreadyReported = false;
        if (after == AfterLoss.RESEND) {
            resendElsewhere(lost);
            return;
        }
        retry.end();
        if (state == ClientState.ENDED) {
            return;
        }
        String why = cause == null ? "the server closed the connection" : cause.getMessage();
        if (after == AfterLoss.END_SESSION) {
            log.info("[{}] server {} lost ({}) with session state the proxy cannot carry", client, lost.name(), why);
            ClientErrors.fatal(clientChannel, "08006", "server connection to " + lost.node()
                    + " was lost and it held this session's state (" + pins.reasons() + "): " + why);
            end();
            return;
        }
        if (after != AfterLoss.NOTHING) {
            log.info("[{}] server {} lost during a transaction: {}", client, lost.name(), why);
            ErrorResponse error = LostServer.error(lost, primary, why);
            transactionStatus = IDLE;
            pending.clear();
            settings.discardAllPending();
            if (after == AfterLoss.OWE_ERROR) {
                owedError = error; // idle in a transaction: its next request hears of it
                moveTo(ClientState.OWES_ERROR);
            } else {
                if (!reported) {
                    clientChannel.write(encode(error));
                }
                if (after == AfterLoss.ANSWER_NOW) {
                    clientChannel.write(readyForQuery(IDLE)); // its Query or Sync was sent: this answers it
                } else {
                    moveTo(ClientState.SKIPPING_TO_SYNC); // the answer waits for the client's Sync
                }
            }
        }
        clientChannel.flush();
        if (!inbox.isEmpty()) {
            drainInbox();
        }
    }

    /**
     * The server was shut down before it answered the first request of a transaction: the request goes, as
     * it was, to the server the topology gives now (see {@link RetryableRequest}).
     */
    private void resendElsewhere(ServerConn lost) {
        log.info("[{}] {} shut down before answering; the request goes to another server", client, lost.name());
        context.meters().counter("switchboard.requests.resent", "node", lost.node()).increment();
        pendingVoided = false; // the FATAL voided nothing: the request has not run
        retry.requeue(inbox);
        pending.clear();
        settings.discardAllPending();
        requests.requestEnded();
        drainInbox();
    }

    /** Whether the client's last request in flight was terminated (by Query, Sync or FunctionCall). */
    private boolean lastClientEntryEndsWithReady() {
        java.util.Iterator<Expected> backwards = expected.descendingIterator();
        while (backwards.hasNext()) {
            Expected e = backwards.next();
            if (e.kind != Expected.Kind.INTERNAL) {
                return e.kind == Expected.Kind.UNTIL_READY || (e.kind == Expected.Kind.SYNTHESIZE && e.appendReady);
            }
        }
        return false;
    }

    // ---- notifications, cancel and the end ----------------------------------------------------------

    @Override
    public void deliver(ByteBuf notification) {
        clientLoop.execute(() -> notifications.deliver(notification, holdsNotifications())); // released once ended
    }

    /**
     * PostgreSQL delivers a notification between transactions, never inside a reply or a block: one arriving
     * meanwhile waits for the client's ReadyForQuery 'I'. A client pinned to an idle server gets it at once.
     */
    private boolean holdsNotifications() {
        return server() != null && !atRest();
    }

    @Override
    public void hubLost(String reason) {
        clientLoop.execute(() -> notifications.hubLost(reason, holdsNotifications()));
    }

    @Override
    public void hubResumed(String message) {
        clientLoop.execute(() -> notifications.hubResumed(message, holdsNotifications()));
    }

    @Override
    public CompletionStage<Void> cancelCurrentQuery() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clientLoop.execute(() -> {
            ServerConn server = server();
            if (server == null || expected.isEmpty()) {
                done.complete(null); // idle: PostgreSQL would cancel nothing either
                return;
            }
            // The server stays leased until the cancel is delivered, so it cannot hit the next client.
            use.cancelling();
            CancelForwarder.send(context.transport(), server).whenComplete((v, e) -> clientLoop.execute(() -> {
                use.cancelled();
                done.complete(null);
            }));
        });
        return done;
    }

    private void end() {
        if (state == ClientState.ENDED) {
            return;
        }
        moveTo(ClientState.ENDED);
        tally.flush();
        context.movableClients().remove(this);
        reports.end();
        context.stallWatch().unregister(this);
        if (key != null) {
            key.close();
        }
        notifications.close();
        statements.deallocateAll(null); // the client's names no longer hold registry entries
        chooser.close();
        ServerConn leftover = server();
        if (leftover == null) {
            return;
        }
        boolean busy = !expected.isEmpty() || requests.midMessage() || requests.awaitsSync() || use.cancelInFlight()
                || !leftover.isUsable();
        Lease<ServerConn> leftoverLease = slot.handOver();
        if (busy) {
            leftoverLease.discard(); // busy: closing it is the only safe reset; PostgreSQL rolls back
            releaseExpected();
            return;
        }
        new ServerReset(leftover, leftoverLease, transactionStatus != IDLE, pins.pinned() || leftover.listening()
                ? resetQuery : "").start();
    }

    // ---- handoff to a successor process --------------------------------------------------------------

    /**
     * A TLS session's keys cannot leave this process; LISTEN registrations live in this process's hub; a client
     * on the Unix socket is not among what a successor takes (it reconnects after the drain).
     */
    @Override
    public boolean canMove() {
        return clientChannel.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null
                && !(clientChannel instanceof io.netty.channel.unix.DomainSocketChannel)
                && !notifications.everListened();
    }

    @Override
    public void handOff(ClientMover mover) {
        clientLoop.execute(() -> {
            if (state == ClientState.ACTIVE && canMove()) {
                pendingMove = mover;
                moveIfAtRest();
            }
        });
    }

    /** Moves now if a successor asked and the client is at rest: asked again after every ReadyForQuery. */
    private void moveIfAtRest() {
        if (pendingMove == null || notAtRestBecause() != null) {
            return;
        }
        ClientMover mover = pendingMove;
        pendingMove = null;
        moveTo(ClientState.MOVING);
        backpressure.pauseClient(ClientPause.HANDOFF);
        mover.move(new MovedClient(client.startup(), client.version(), key.processId(), key.secret(),
                settings.now(), statements.export()), clientChannel, this::movedAway, this::stayed);
    }

    /**
     * Why the client cannot move this instant, or null when it can: it must be between transactions with nothing in
     * flight, buffered or owed either way, and nothing tying it to a server (no server held, no pin). Its prepared
     * statements go with it, by their text. Asked on the client's loop.
     */
    private String notAtRestBecause() {
        FrameDecoder framer = clientChannel.pipeline().get(FrameDecoder.class);
        io.netty.channel.ChannelOutboundBuffer out = clientChannel.unsafe().outboundBuffer();
        if (state != ClientState.ACTIVE) {
            return "state " + state;
        } else if (transactionStatus != IDLE) {
            return "in a transaction block";
        } else if (!atRestBetweenRequests() || readyHeld != 0 || !inbox.isEmpty()) {
            return "a request in flight";
        } else if (server() != null) {
            return pins.pinned() ? "pinned to its server" : "holding a server";
        } else if (key == null) {
            return "no cancel key";
        } else if (framer != null && framer.bufferedBytes() > 0) {
            return "part of a message read";
        } else if (out != null && out.totalPendingWriteBytes() > 0
                || ContiguousWrites.holdsWrites(clientChannel)) {
            return "replies not yet taken by the client";
        }
        return null;
    }

    @Override
    public void whyStaying(java.util.function.Consumer<String> reason) {
        clientLoop.execute(() -> reason.accept(!canMove() ? "TLS, Unix socket or LISTEN"
                : java.util.Objects.requireNonNullElse(notAtRestBecause(), "at rest")));
    }

    /** The successor has the socket: this process lets its copy go without a word to the client. */
    private void movedAway() {
        log.debug("[{}] handed over to the successor", client);
        end();
        clientChannel.close();
    }

    /** The socket could not be sent: the client goes on here. */
    private void stayed() {
        if (state == ClientState.MOVING) {
            moveTo(ClientState.ACTIVE);
            backpressure.resumeClient(ClientPause.HANDOFF);
        }
    }

    private void releaseExpected() {
        for (Expected e : expected) {
            if (e.reply != null) {
                e.reply.release();
            }
        }
        expected.clear();
        gate.clear();
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
        return "client " + client + " (" + (statementMode ? "statement" : "transaction") + " mode, " + state
                + ", transaction status " + transactionStatus + (clientChannel.isWritable() ? "" : ", socket full")
                + ", reads paused for " + backpressure.clientPauses() + "); server " + slot
                + "; replies expected " + expected.stream().map(e -> e.kind.name()).toList()
                + "; held replies " + gate.heldCount() + "; client frames waiting " + inbox.size()
                + "; pinned by " + pins.reasons();
    }

    // ---- what the request and reply helpers share with the link -------------------------------------

    ArrayDeque<Expected> expected() {
        return expected;
    }

    /** The server held, or null. */
    ServerConn server() {
        return slot.server();
    }

    Channel clientChannel() {
        return clientChannel;
    }

    StatementRouting statements() {
        return statements;
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

    /** The client's request routed until now was ended (Query, Sync, FunctionCall): its effects wait for its answer. */
    void requestSent() {
        if (reports.watchesSettings() && (settings.hasPending() || pending.routingDiscardsAll())) {
            reports.settingsMayHaveChanged(); // read before the ReadyForQuery that ends the transaction
        }
        String restore = StartupRestore.sql(settings.startup(), settings.routing(), pending.routingDiscardsAll());
        settings.requestSent();
        pending.requestSent();
        if (restore != null) {
            use.restore(restore); // before anything else of the client's: its next request finds its startup values
        }
    }

    /** What the link last wrote to its servers, for diagnostics (see {@link RequestRouter#recentMessages}). */
    String recentMessages() {
        return requests.recentMessages();
    }

    /** An error inside a batch whose Sync has not been sent: see {@link RequestRouter#serverSkipsToSync}. */
    void serverSkipsToSync() {
        requests.serverSkipsToSync();
    }

    /** After a reply: see {@link RequestRouter#afterReply}. */
    void afterReply() {
        requests.afterReply();
    }

    /** What a client hears when its server went away under a request or an open transaction. */
    ErrorResponse serverLost(ServerConn lost, String why) {
        return LostServer.error(lost, use.onPrimary(), why);
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

    /** ReadyForQuery may not reach the client before {@code hubOperation} completes (LISTEN registered). */
    void gateReady(CompletableFuture<Void> hubOperation) {
        gate.waitFor(hubOperation);
    }

    Pins pins() {
        return pins;
    }

    ClientReports reports() {
        return reports;
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

    ByteBuf encode(dev.switchboard.protocol.Encodable message) {
        return dev.switchboard.protocol.Messages.encode(clientChannel.alloc(), message);
    }

    private ByteBuf readyForQuery(char status) {
        return encode(new ReadyForQuery(status));
    }
}
