// SessionLink: the client↔server link of a session-mode client — forwards frames both ways and watches the protocol state.
package dev.switchboard.proxy.session;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.Lease;
import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.backend.ServerReset;
import dev.switchboard.proxy.extensions.ClientReports;
import dev.switchboard.proxy.extensions.Extension;
import dev.switchboard.proxy.extensions.MiddlewareStatement;
import dev.switchboard.proxy.extensions.ReportedParameters;
import dev.switchboard.proxy.cancel.CancelForwarder;
import dev.switchboard.proxy.cancel.CancelKeys;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.frontend.ProtocolNegotiation;
import dev.switchboard.proxy.handoff.ClientMover;
import dev.switchboard.proxy.handoff.MovedClient;
import dev.switchboard.proxy.handoff.MovedServer;
import dev.switchboard.proxy.link.Backpressure;
import dev.switchboard.proxy.link.Backpressure.ClientPause;
import dev.switchboard.proxy.link.ContiguousWrites;
import dev.switchboard.proxy.link.OnClientLoop;
import dev.switchboard.proxy.link.SettingsSync;
import dev.switchboard.proxy.link.StallWatch;
import dev.switchboard.proxy.link.StartupRestore;
import dev.switchboard.proxy.topology.ClusterRouting;
import dev.switchboard.proxy.topology.NodeLeases;
import dev.switchboard.proxy.txn.CommitTokens;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client bound to one server for the whole session. Frames are forwarded as the buffers that were
 * read; only ReadyForQuery, ParameterStatus and ErrorResponse from the server are looked at. All state
 * lives on the client's event loop: server events are handed over to it when the server channel runs
 * on another loop. The server goes back to the pool only when the protocol is at rest (every request
 * answered by ReadyForQuery, nothing half-sent); otherwise it is closed, and PostgreSQL rolls back.
 */
final class SessionLink extends ChannelInboundHandlerAdapter
        implements CancelKeys.Cancellable, StallWatch.Watched, dev.switchboard.proxy.handoff.Movable {
    private static final Logger log = LoggerFactory.getLogger(SessionLink.class);

    /** Transaction status byte of ReadyForQuery when no transaction is open. */
    private static final char IDLE = 'I';

    /** Where the session is; {@link #moveTo} refuses a move that makes no sense. */
    private enum Phase {
        /** The client's settings are being applied on its first server; it has not been greeted. */
        SETUP,
        /** Frames flow both ways. */
        ACTIVE,
        /** The server was lost while the session was idle and stateless: another is being leased. */
        MOVING_LEASE,
        /** Another server was leased: the client's settings are being applied on it. */
        MOVING_SETUP,
        /** A SET switchboard.min_lsn waits for the server to replay the position; the client's next frames wait. */
        CHECKING_REPLAY,
        /** At rest, its socket and its server's on their way to a successor process; neither is read. */
        MOVING_AWAY,
        /** The session is over. */
        ENDED
    }

    private static final Map<Phase, java.util.Set<Phase>> MOVES = new java.util.EnumMap<>(Phase.class);

    static {
        MOVES.put(Phase.SETUP, java.util.EnumSet.of(Phase.ACTIVE, Phase.ENDED));
        MOVES.put(Phase.ACTIVE, java.util.EnumSet.of(Phase.MOVING_LEASE, Phase.CHECKING_REPLAY, Phase.MOVING_AWAY,
                Phase.ENDED));
        MOVES.put(Phase.MOVING_AWAY, java.util.EnumSet.of(Phase.ACTIVE, Phase.ENDED));
        MOVES.put(Phase.CHECKING_REPLAY, java.util.EnumSet.of(Phase.ACTIVE, Phase.ENDED));
        MOVES.put(Phase.MOVING_LEASE, java.util.EnumSet.of(Phase.MOVING_SETUP, Phase.ENDED));
        MOVES.put(Phase.MOVING_SETUP, java.util.EnumSet.of(Phase.ACTIVE, Phase.ENDED));
        MOVES.put(Phase.ENDED, java.util.EnumSet.noneOf(Phase.class));
    }

    private final ProxyContext context;
    private final ClientConnection client;
    private final DatabaseConfig database;
    private final UserConfig user;
    private Lease<ServerConn> lease;
    private ServerConn server;
    private final Map<String, String> settings;
    /** The settings of the startup packet alone: what RESET, RESET ALL and DISCARD ALL return to. */
    private final Map<String, String> startup;
    /** Whose reply the next ReadyForQuery ends, in order: the client's requests and the proxy's restores. */
    private final ArrayDeque<Owner> replyOwners = new ArrayDeque<>();
    /** The restore the client's request being forwarded calls for, sent right after its end. */
    private String restoreDue;

    /** The proxy's reads for what it reports before a ReadyForQuery (report_parameters, commit_lsn). */
    private final ProxyQueries queries = new ProxyQueries();
    /** commit_lsn: whether the client's work since the last position read may have written. */
    private final SessionWrites writes = new SessionWrites();

    /** Who asked for a reply the server owes: the client, the proxy's restore, the proxy's read. */
    private enum Owner { CLIENT, PROXY, READ }
    private final String resetQuery;
    private final Channel clientChannel;
    private final Backpressure backpressure;
    private ChannelHandlerContext ctx;
    private CancelKeys.Key key;
    private Phase phase = Phase.SETUP;
    /** ReadyForQuery messages still owed by the server for requests already forwarded. */
    private int pendingReady;
    /** True while something was forwarded that the server has not yet finished answering. */
    private boolean busy;
    private char transactionStatus = IDLE;
    private boolean serverSentFatal;
    /** The server said FATAL while the client was idle; it is told only if it cannot be moved to another server. */
    private ErrorResponse idleFatal;
    private ErrorResponse setupError;
    /** The client created state that lives only on its server (named statements, SET, LISTEN, pins …). */
    private final SessionState state = new SessionState();
    private Map<String, String> parametersBeforeMove = Map.of();
    /** The client's extensions and what the proxy tells it between requests. */
    private final ClientReports reports;
    /** Null unless another process handed the client over, with the server it holds (greeted there already). */
    private final MovedClient resumed;
    /** A successor process asked for this client: it moves at its next point of rest. */
    private ClientMover pendingMove;

    /**
     * @param settings the client's startup settings
     * @param resumed  nullable: the state of a client another process handed over with {@code lease}'s server
     */
    SessionLink(ProxyContext context, ClientConnection client, DatabaseConfig database, UserConfig user,
                Lease<ServerConn> lease, Map<String, String> settings, String resetQuery, ClientReports reports,
                MovedClient resumed) {
        this.context = context;
        this.client = client;
        this.database = database;
        this.user = user;
        this.lease = lease;
        this.server = lease.connection();
        this.resumed = resumed;
        // Plain SETs join it (SessionState); a handed-over client brings the settings it has now.
        this.settings = new java.util.LinkedHashMap<>(resumed == null ? settings : resumed.settings());
        this.startup = Map.copyOf(settings);
        this.resetQuery = resetQuery;
        this.reports = reports;
        this.clientChannel = client.channel();
        this.backpressure = new Backpressure(clientChannel);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Applies the client's startup settings on the server, then greets the client; {@code early} frames follow. */
    void start(ArrayDeque<Object> early) {
        context.stallWatch().register(this);
        server.listen(serverEvents());
        backpressure.attach(server);
        if (!server.isUsable()) {
            serverClosed(null);
            early.forEach(ReferenceCountUtil::release);
            return;
        }
        for (Object msg : early) {
            channelRead(ctx, msg);
        }
        if (resumed != null) {
            resume();
            return;
        }
        String setup = SettingsSync.sql(settings, server.sessionSettings(), server.parameters());
        ReportedParameters.Read read = reports.settingsRead(server.parameters());
        if (read != null) {
            // report_parameters: the startup values of the watched settings, read after the client's own are applied
            queries.sent(rows -> reports.settingsRead(read, rows));
            setup = setup == null ? read.sql() : setup + "; " + read.sql();
        }
        if (setup == null) {
            greet();
        } else {
            pendingReady = 1;
            server.channel().writeAndFlush(Messages.encode(server.channel().alloc(), new Query(setup)));
        }
    }

    /** Server events for the current server only: a replaced server's late close must not end the session. */
    private OnClientLoop serverEvents() {
        ServerConn mine = server;
        return new OnClientLoop(clientChannel, backpressure, (from, frame) -> {
            if (server == mine) {
                serverFrame(frame);
            } else {
                frame.release();
            }
        }, (from, cause) -> {
            if (server == mine) {
                serverClosed(cause);
            }
        });
    }

    /** The server now carries the session's settings (applied, or its own already). */
    private void settingsApplied() {
        Map<String, String> applied = server.sessionSettings();
        applied.clear();
        settings.forEach((name, value) -> applied.put(name.toLowerCase(java.util.Locale.ROOT), value));
    }

    private void greet() {
        settingsApplied();
        moveTo(Phase.ACTIVE);
        key = context.cancelKeys().mint(ProtocolNegotiation.cancelKeyLength(client.version()), this);
        Greeting.send(clientChannel, reports.shownParameters(server.parameters()), reports.greeting(), key);
        startReports();
        backpressure.resumeClient(ClientPause.STARTING);
        log.debug("[{}] session started on {}", client, server.name());
        flushQueuedClientFrames();
    }

    /**
     * A client handed over by another process goes on where it was, on the server that came with it: greeted
     * there, with its cancel key, and whatever it built on the server (which the proxy cannot know) kept there.
     */
    private void resume() {
        moveTo(Phase.ACTIVE);
        state.handedOver();
        key = context.cancelKeys().adopt(resumed.cancelProcessId(), resumed.cancelSecret(), this);
        if (key == null) {
            log.warn("[{}] its cancel key is in use here; it cannot be cancelled until it reconnects", client);
        }
        clientChannel.pipeline().fireUserEventTriggered(dev.switchboard.proxy.frontend.ClientLifecycle.SESSION_STARTED);
        startReports();
        backpressure.resumeClient(ClientPause.STARTING);
        log.debug("[{}] session taken over on {}", client, server.name());
        flushQueuedClientFrames();
    }

    private void startReports() {
        context.movableClients().add(this);
        reports.start(new ClientReports.Rest() {
            @Override
            public boolean betweenRequests() {
                return phase == Phase.ACTIVE && !busy;
            }

            @Override
            public boolean idle() {
                return betweenRequests() && transactionStatus == IDLE;
            }

            @Override
            public boolean heldOn(String node) {
                return server != null && server.node().equals(node);
            }
        });
    }

    // ---- client → server ---------------------------------------------------------------------------

    private final ArrayDeque<Frame> queuedDuringSetup = new ArrayDeque<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame) || phase == Phase.ENDED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (phase != Phase.ACTIVE) {
            queuedDuringSetup.add(frame);
            if (phase == Phase.SETUP) {
                backpressure.pauseClient(ClientPause.STARTING); // sent before its greeting: the rest waits in its socket
            }
            return;
        }
        forwardToServer(frame);
    }

    private void flushQueuedClientFrames() {
        while (!queuedDuringSetup.isEmpty() && phase == Phase.ACTIVE) {
            forwardToServer(queuedDuringSetup.poll());
        }
        server.channel().flush();
    }

    private void forwardToServer(Frame frame) {
        if (frame.isFirst()) {
            byte type = frame.type();
            if (type == FrontendType.TERMINATE) {
                frame.release();
                end(!busy);
                clientChannel.close();
                return;
            }
            if (type == FrontendType.QUERY && !busy && frame.isWhole() && answeredByProxy(frame)) {
                return;
            }
            boolean ends = type == FrontendType.QUERY || type == FrontendType.SYNC || type == FrontendType.FUNCTION_CALL;
            if (ends) {
                pendingReady++;
                replyOwners.add(Owner.CLIENT);
            }
            if ((type == FrontendType.PARSE || type == FrontendType.QUERY) && frame.isWhole()
                    && MiddlewareStatement.mentions(frame.body())) {
                frame = refusedOnServer(frame, type);
            }
            if (type == FrontendType.QUERY || type == FrontendType.PARSE) {
                noteStatement(frame, type);
            } else if (reports.extensions().on(Extension.COMMIT_LSN)) {
                writes.run(frame);
            }
            busy = true;
            server.channel().write(frame.content());
            if (ends && restoreDue != null) {
                // Before anything else of the client's: its next request must find its startup values.
                pendingReady++;
                replyOwners.add(Owner.PROXY);
                server.channel().write(Messages.encode(server.channel().alloc(), new Query(restoreDue)));
                restoreDue = null;
            }
            return;
        }
        busy = true;
        server.channel().write(frame.content());
    }

    /**
     * A simple Query on a middleware setting ({@code SET switchboard.topology = on}), sent while nothing is in
     * flight, is the proxy's to answer: it never reaches the server. True when it was answered.
     */
    private boolean answeredByProxy(Frame frame) {
        if (!MiddlewareStatement.mentions(frame.body())) {
            return false; // the usual case: not even decoded
        }
        String sql = Query.decode(frame.body()).sql();
        dev.switchboard.topology.CommitToken position = ReplayCheck.positionSetBy(MiddlewareStatement.parse(sql));
        if (position != null) {
            frame.release();
            setMinLsn(sql, position);
            return true;
        }
        io.netty.buffer.ByteBuf out = reports.answerQuery(sql, () -> context.classify(sql));
        if (out == null) {
            return false;
        }
        frame.release();
        answer(out);
        return true;
    }

    /** The proxy's own answer to a request, and its ReadyForQuery. */
    private void answer(io.netty.buffer.ByteBuf out) {
        clientChannel.write(out);
        reports.beforeReady(!busy);
        clientChannel.write(Messages.encode(clientChannel.alloc(), new ReadyForQuery(transactionStatus)));
        clientChannel.flush();
        if (!busy) {
            readySent();
        }
    }

    /**
     * {@code SET switchboard.min_lsn} in session mode: kept only when the session's server has the position (see
     * {@link ReplayCheck}); the answer waits for the server's, and what the client sends meanwhile queues behind.
     */
    private void setMinLsn(String sql, dev.switchboard.topology.CommitToken position) {
        java.time.Duration wait = database.replayWait();
        if (transactionStatus != IDLE) {
            answer(Messages.encode(clientChannel.alloc(), ReplayCheck.inBlock()));
            return;
        }
        if (ReplayCheck.otherTimeline(context.routing(database).topology().current(), server.node(), position)) {
            answer(Messages.encode(clientChannel.alloc(), ReplayCheck.refusal(server.node(), position, wait)));
            return;
        }
        moveTo(Phase.CHECKING_REPLAY);
        backpressure.pauseClient(ClientPause.REPLAY_CHECK);
        checkReplay(sql, position, System.nanoTime() + wait.toNanos());
    }

    /** Asks the server whether it has the position, again every millisecond until {@code deadline}. */
    private void checkReplay(String sql, dev.switchboard.topology.CommitToken position, long deadline) {
        sendRead(ReplayCheck.behindSql(position), rows -> {
            boolean failed = rows.isEmpty();
            boolean behind = failed || "t".equals(rows.get(0).get(0));
            if (!failed && behind && System.nanoTime() - deadline < 0) {
                clientChannel.eventLoop().schedule(() -> {
                    if (phase == Phase.CHECKING_REPLAY) {
                        checkReplay(sql, position, deadline);
                    }
                }, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            }
            moveTo(Phase.ACTIVE);
            backpressure.resumeClient(ClientPause.REPLAY_CHECK);
            answer(behind ? Messages.encode(clientChannel.alloc(),
                    ReplayCheck.refusal(server.node(), position, database.replayWait()))
                    : reports.answerQuery(sql, () -> context.classify(sql)));
            flushQueuedClientFrames();
        });
        server.channel().flush();
    }

    /**
     * In session mode the server answers the client's extended-protocol batches and pipelined queries in order, so
     * a statement on a middleware setting there cannot be answered in its place: it is replaced by one that fails
     * on the server with 0A000 saying so, and never sets anything there.
     */
    private Frame refusedOnServer(Frame frame, byte type) {
        boolean query = type == FrontendType.QUERY;
        dev.switchboard.protocol.frontend.Parse parse = query ? null
                : dev.switchboard.protocol.frontend.Parse.decode(frame.body());
        if (MiddlewareStatement.parse(query ? Query.decode(frame.body()).sql() : parse.query()) == null) {
            return frame;
        }
        frame.release();
        String refusal = "DO $switchboard$BEGIN RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = "
                + "'in session pool mode Switchboard answers statements on middleware settings (switchboard.*) only"
                + " in the simple query protocol with no other request in flight; they can also be given at startup"
                + " (options=-c switchboard.<name>=...)'; END$switchboard$";
        return Frame.wrap(Messages.encode(server.channel().alloc(), query ? new Query(refusal)
                : new dev.switchboard.protocol.frontend.Parse(parse.statement(), refusal, new int[0])));
    }

    /**
     * Decodes a Query or Parse once, for the two who look at it: the session state (what would be lost with the
     * server) and the startup restore (a RESET, RESET ALL or DISCARD ALL calls the startup values back).
     */
    private void noteStatement(Frame frame, byte type) {
        boolean restoring = !startup.isEmpty();
        boolean watching = reports.watchesSettings();
        boolean committing = reports.extensions().on(Extension.COMMIT_LSN);
        if (!restoring && state.any() && !reports.extensions().changed() && !watching && !committing) {
            return; // nothing left to look for
        }
        String statement = "";
        String sql = null;
        if (frame.isWhole()) {
            if (type == FrontendType.QUERY) {
                sql = Query.decode(frame.body()).sql();
            } else {
                dev.switchboard.protocol.frontend.Parse parse = dev.switchboard.protocol.frontend.Parse.decode(frame.body());
                statement = parse.statement();
                sql = parse.query();
            }
        }
        state.note(frame.isWhole(), statement, sql, transactionStatus == IDLE && !busy, settings);
        if (sql != null && reports.extensions().changed() && StartupRestore.mayReset(sql)) {
            var c = context.classify(sql);
            if (c.discardAll() || c.settingChanges().stream().anyMatch(ch -> ch instanceof dev.switchboard.proxy.sql.SettingChange.ResetAll)) {
                reports.resetAll(); // RESET ALL and DISCARD ALL reset middleware settings too
            }
        }
        if (watching && (sql == null || mayChangeSettings(context.classify(sql)))) {
            reports.settingsMayHaveChanged(); // a statement cut in pieces cannot be looked at: read to be sure
        }
        if (committing && type == FrontendType.QUERY) {
            writes.query(sql);
        } else if (committing) {
            writes.parsed(statement, sql);
        }
        if (restoring && sql != null && StartupRestore.mayReset(sql)) {
            String restore = StartupRestore.sql(startup, context.classify(sql));
            if (restore != null) {
                restoreDue = restore;
            }
        }
    }

    private static boolean mayChangeSettings(dev.switchboard.proxy.sql.Classification c) {
        return !c.settingChanges().isEmpty() || c.discardAll();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (phase == Phase.ACTIVE) {
            server.channel().flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (phase != Phase.MOVING_AWAY) { // a moving session's server stays unread: the successor reads it
            backpressure.clientWritabilityChanged(); // the server is not read while the client cannot keep up
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase == Phase.MOVING_AWAY) {
            // Its socket is on its way already: the successor finds it closed. This process ends the session when
            // the move is done (or failed).
            ctx.fireChannelInactive();
            return;
        }
        if (phase != Phase.ENDED) {
            log.debug("[{}] client disconnected{}", client, busy ? " while its server was busy" : "");
            end(!busy && phase == Phase.ACTIVE);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        queries.release();
        while (!queuedDuringSetup.isEmpty()) {
            queuedDuringSetup.poll().release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException protocol) {
            log.info("[{}] protocol violation: {}", client, protocol.getMessage());
            end(false); // a message may be half-forwarded: the server cannot be reused
            ClientErrors.fatal(clientChannel, protocol.sqlState(), protocol.getMessage());
        } else {
            log.warn("[{}] closing after error: {}", client, cause.toString());
            end(false);
            ctx.close();
        }
    }

    // ---- server → client ---------------------------------------------------------------------------

    private void serverFrame(Frame frame) {
        if (phase == Phase.ENDED || phase == Phase.MOVING_LEASE) {
            frame.release(); // the lost server's last words: the session is moving on
            return;
        }
        if (frame.isWhole()) {
            byte type = frame.type();
            if (type == BackendType.READY_FOR_QUERY) {
                transactionStatus = (char) frame.body().getByte(frame.body().readerIndex());
                if (pendingReady > 0) {
                    pendingReady--;
                }
                busy = pendingReady > 0;
            } else if (type == BackendType.ERROR_RESPONSE) {
                ErrorResponse error = ErrorResponse.decode(frame.body());
                if ("FATAL".equals(error.severity()) || "PANIC".equals(error.severity())) {
                    serverSentFatal = true;
                    server.markBroken("FATAL from server: " + error.sqlState());
                    if (phase == Phase.ACTIVE && !busy && transactionStatus == IDLE) {
                        idleFatal = error; // e.g. 57P01 at a switchover: maybe the client can move on unharmed
                        frame.release();
                        return;
                    }
                }
                if ((phase == Phase.SETUP || phase == Phase.MOVING_SETUP) && setupError == null) {
                    setupError = error;
                }
            } else if (type == BackendType.BACKEND_KEY_DATA || type == BackendType.NEGOTIATE_PROTOCOL_VERSION) {
                frame.release(); // the client has the proxy's key and the proxy's negotiation
                return;
            }
        }
        switch (phase) {
            // While moving away, what the server sent before its reads stopped (a notification) still goes to the
            // client here; the move then waits until the client has taken it.
            case ACTIVE, CHECKING_REPLAY, MOVING_AWAY -> activeReply(frame);
            case SETUP, MOVING_SETUP -> setupReply(frame);
            default -> frame.release();
        }
    }

    /**
     * A reply to the client's request is forwarded; of the proxy's restore only what it reports reaches the client,
     * of its reads nothing.
     */
    private void activeReply(Frame frame) {
        Owner owner = replyOwners.peek();
        boolean whole = frame.isWhole();
        boolean ready = whole && frame.type() == BackendType.READY_FOR_QUERY;
        if (owner == Owner.READ) {
            if (queries.reply(frame)) {
                replyOwners.poll();
                if (queries.holding()) {
                    afterClientReady();
                }
            }
            return;
        }
        if (owner == Owner.CLIENT && whole && reports.extensions().on(Extension.COMMIT_LSN)) {
            writes.replied(frame);
        }
        if (ready) {
            replyOwners.poll();
            if (owner == Owner.CLIENT && reportsRead()) {
                queries.hold(frame.content()); // what the proxy reads now goes before it
                afterClientReady();
                return;
            }
            if (owner == Owner.PROXY && queries.holding()) {
                frame.release(); // the restore behind the client's request is done
                afterClientReady();
                return;
            }
            if (!busy) {
                reports.beforeReady(); // nothing else in flight: what the proxy has to say goes before it
            }
        }
        if (owner == Owner.PROXY && !(whole && frame.type() == BackendType.PARAMETER_STATUS)
                || whole && frame.type() == BackendType.PARAMETER_STATUS && hiddenReport(frame)) {
            frame.release();
        } else {
            clientChannel.write(frame.content());
        }
        if (ready && !busy) {
            readySent();
        }
    }

    /** Whether the client reports anything the proxy must read on the server (report_parameters, commit_lsn). */
    private boolean reportsRead() {
        return reports.watchesSettings() || reports.extensions().on(Extension.COMMIT_LSN);
    }

    /**
     * The client's ReadyForQuery is held: once the restore behind its request (if any) is done, and when nothing
     * else of the client's is in flight outside a transaction block, the proxy reads what it has to report; then
     * the reports and the ReadyForQuery go to the client.
     */
    private void afterClientReady() {
        if (replyOwners.peek() == Owner.PROXY || replyOwners.peek() == Owner.READ) {
            return; // the restore, or another read, is still to be answered
        }
        if (!busy && transactionStatus == IDLE && queries.mayReadForHeld() && sendReads()) {
            return;
        }
        reports.beforeReady(!busy);
        clientChannel.write(queries.takeHeld());
        clientChannel.flush();
        if (!busy) {
            readySent();
        }
    }

    /** Sends the reads that are due; false when none is. */
    private boolean sendReads() {
        boolean any = false;
        ReportedParameters.Read read = reports.settingsRead(server.parameters());
        if (read != null) {
            sendRead(read.sql(), rows -> reports.settingsRead(read, rows));
            any = true;
        }
        if (reports.extensions().on(Extension.COMMIT_LSN) && writes.takeCommitted()) {
            sendRead(CommitTokens.CAPTURE_SQL, rows -> {
                dev.switchboard.topology.CommitToken position = CommitTokens.parse(rows);
                if (position != null) {
                    reports.committed(position);
                }
            });
            any = true;
        }
        if (any) {
            server.channel().flush();
        }
        return any;
    }

    private void sendRead(String sql, java.util.function.Consumer<java.util.List<java.util.List<String>>> onAnswer) {
        queries.sent(onAnswer);
        pendingReady++;
        busy = true;
        replyOwners.add(Owner.READ);
        server.channel().write(Messages.encode(server.channel().alloc(), new Query(sql)));
    }

    /** A promoted server's new role: the database's stays what the client was shown (see TargetRole). */
    private boolean hiddenReport(Frame frame) {
        return reports.hidesServerReport(dev.switchboard.protocol.backend.ParameterStatus.decode(frame.body()).name());
    }

    /** Replies to the setup query are the proxy's own business, except ParameterStatus (kept in the map). */
    private void setupReply(Frame frame) {
        if (queries.awaiting()) {
            if (!queries.reply(frame)) {
                return; // the startup read of the watched settings rides the setup query
            }
        } else {
            boolean ready = frame.isWhole() && frame.type() == BackendType.READY_FOR_QUERY;
            frame.release();
            if (!ready) {
                return;
            }
        }
        if (setupError != null) {
            log.info("[{}] startup settings rejected by the server: {}", client, setupError.message());
            ClientErrors.fatal(clientChannel, ErrorResponse.fatal(setupError.sqlState(), setupError.message()));
            end(true);
            return;
        }
        if (phase == Phase.MOVING_SETUP) {
            reattached();
            return;
        }
        greet();
    }

    private void serverClosed(Throwable cause) {
        if (phase == Phase.ENDED || phase == Phase.MOVING_AWAY) {
            return; // a moving session's server is the successor's to find closed
        }
        if (phase == Phase.ACTIVE && !busy && transactionStatus == IDLE && !state.any()) {
            reattach(cause);
            return;
        }
        if (phase == Phase.MOVING_LEASE) {
            return; // the lost server's close, after its FATAL: the session is moving on already
        }
        moveTo(Phase.ENDED);
        closeKey();
        backpressure.detach();
        lease.discard();
        log.info("[{}] server connection {} lost{}{}", client, server.name(), cause == null ? "" : ": " + cause,
                sessionDetail());
        if (idleFatal != null) {
            ClientErrors.fatal(clientChannel, idleFatal);
        } else if (serverSentFatal) {
            clientChannel.flush();
            clientChannel.close();
        } else {
            ClientErrors.fatal(clientChannel, "08006", "server connection to " + server.node() + " was lost"
                    + (cause == null ? "" : ": " + rootMessage(cause)));
        }
    }

    /** The innermost message: a decoder wraps the ProtocolException that says what was wrong. */
    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** Why a lost server ended the session instead of moving it, for the log. */
    private String sessionDetail() {
        if (state.any()) {
            return " (the session had server-side state: " + state.reason() + ")";
        }
        return busy || transactionStatus != IDLE ? " (a request or transaction was in progress)" : "";
    }

    // ---- moving to another server ------------------------------------------------------------------

    /**
     * The server went away while the client was idle and had nothing on it but its startup settings: the
     * client is moved to the node the topology gives now (after a failover, the new primary), its settings
     * applied again, and it never notices. Frames it sends meanwhile wait.
     */
    private void reattach(Throwable cause) {
        moveTo(Phase.MOVING_LEASE);
        backpressure.detach();
        backpressure.pauseClient(ClientPause.LEASING); // what the client sends meanwhile waits in its socket
        lease.discard();
        log.info("[{}] server {} lost while the session was idle{}; moving it to another server", client, server.name(),
                cause == null ? "" : " (" + cause.getMessage() + ")");
        ClusterRouting routing = context.routing(database);
        EventLoop loop = clientChannel.eventLoop();
        SessionLeases.acquire(routing, database, reports.extensions().minLsn(), loop,
                        node -> context.poolFor(database, user, node))
                .whenComplete((chosen, error) -> loop.execute(() -> moved(chosen == null ? null : chosen.lease(), error)));
    }

    private void moved(Lease<ServerConn> newLease, Throwable error) {
        if (phase == Phase.ENDED || !clientChannel.isActive()) {
            if (newLease != null) {
                newLease.release();
            }
            return;
        }
        if (error != null) {
            Throwable cause = NodeLeases.unwrap(error);
            moveTo(Phase.ENDED);
            closeKey();
            log.info("[{}] could not move the session to another server: {}", client, cause.getMessage());
            ClientErrors.fatal(clientChannel, "08006", "server connection to " + server.node()
                    + " was lost and no other server could be had: " + cause.getMessage());
            return;
        }
        parametersBeforeMove = Map.copyOf(server.parameters());
        moveTo(Phase.MOVING_SETUP);
        lease = newLease;
        server = newLease.connection();
        idleFatal = null;
        serverSentFatal = false;
        server.listen(serverEvents());
        backpressure.attach(server);
        String setup = SettingsSync.sql(settings, server.sessionSettings(), server.parameters());
        if (setup == null) {
            reattached();
        } else {
            pendingReady = 1;
            server.channel().writeAndFlush(Messages.encode(server.channel().alloc(), new Query(setup)));
        }
    }

    private void reattached() {
        settingsApplied();
        moveTo(Phase.ACTIVE);
        replyOwners.clear();
        pendingReady = 0;
        busy = false;
        // Reported after the settings are applied again, so the client sees only real differences (in_hot_standby …).
        ParameterChanges.send(clientChannel, reports.shownParameters(parametersBeforeMove),
                reports.shownParameters(server.parameters()));
        log.info("[{}] session moved to {}", client, server.name());
        backpressure.resumeClient(ClientPause.LEASING);
        flushQueuedClientFrames();
        clientChannel.flush();
    }

    // ---- handoff to a successor process --------------------------------------------------------------

    /** A ReadyForQuery that left nothing in flight reached the client: a drain or a successor may take it now. */
    private void readySent() {
        if (!reports.afterReady(transactionStatus)) {
            moveIfAtRest();
        }
    }

    /**
     * A TLS session's keys (the client's or the server's) cannot leave this process; a client on the Unix socket
     * reconnects to the successor, which listens there.
     */
    @Override
    public boolean canMove() {
        return clientChannel.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null
                && !(clientChannel instanceof io.netty.channel.unix.DomainSocketChannel)
                && server.channel() instanceof io.netty.channel.unix.UnixChannel
                && server.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class) == null;
    }

    @Override
    public void handOff(ClientMover mover) {
        clientChannel.eventLoop().execute(() -> {
            if (phase == Phase.ACTIVE && canMove()) {
                pendingMove = mover;
                moveIfAtRest();
            }
        });
    }

    /**
     * Moves now if a successor asked and the session is at rest. The server's reads stop on its own loop first;
     * what it read before is handed to this loop ahead of the check that follows, so nothing read is left behind.
     */
    private void moveIfAtRest() {
        if (pendingMove == null || notAtRestBecause() != null) {
            return;
        }
        ClientMover mover = pendingMove;
        pendingMove = null;
        moveTo(Phase.MOVING_AWAY);
        backpressure.pauseClient(ClientPause.HANDOFF);
        Channel serverChannel = server.channel();
        serverChannel.eventLoop().execute(() -> {
            serverChannel.config().setAutoRead(false);
            boolean nothingRead = unreadBytes(serverChannel) == 0;
            clientChannel.eventLoop().execute(() -> move(mover, nothingRead));
        });
    }

    private void move(ClientMover mover, boolean serverHasNothingRead) {
        if (phase != Phase.MOVING_AWAY) {
            return;
        }
        clientChannel.flush(); // a notification the server sent before its reads stopped goes out first
        String why = serverHasNothingRead ? workInFlight() : "part of a server message read";
        if (why != null || !clientChannel.isActive()) {
            stayed();
            pendingMove = mover; // asked again at the next point of rest
            return;
        }
        mover.moveSession(new MovedClient(client.startup(), client.version(), key.processId(), key.secret(),
                        Map.copyOf(settings)), clientChannel, MovedServer.of(server, lease.pool().key(), true),
                server.channel(), this::movedAway, this::stayed);
    }

    /**
     * Why the session cannot move this instant, or null when it can: between requests outside a transaction block,
     * nothing in flight, buffered or owed either way. What it built on its server moves with the server.
     */
    private String notAtRestBecause() {
        return phase != Phase.ACTIVE ? "phase " + phase : workInFlight();
    }

    /** What is in flight, buffered or owed either way, whatever the phase; null when nothing is. */
    private String workInFlight() {
        io.netty.channel.ChannelOutboundBuffer toClient = clientChannel.unsafe().outboundBuffer();
        io.netty.channel.ChannelOutboundBuffer toServer = server.channel().unsafe().outboundBuffer();
        if (transactionStatus != IDLE) {
            return "in a transaction block";
        } else if (busy || pendingReady > 0 || !queuedDuringSetup.isEmpty() || restoreDue != null
                || queries.holding()) {
            return "a request in flight";
        } else if (key == null) {
            return "no cancel key";
        } else if (unreadBytes(clientChannel) > 0) {
            return "part of a message read";
        } else if (toClient != null && toClient.totalPendingWriteBytes() > 0
                || ContiguousWrites.holdsWrites(clientChannel)) {
            return "replies not yet taken by the client";
        } else if (toServer != null && toServer.totalPendingWriteBytes() > 0
                || ContiguousWrites.holdsWrites(server.channel())) {
            return "requests not yet taken by the server";
        }
        return null;
    }

    private static int unreadBytes(Channel channel) {
        dev.switchboard.protocol.FrameDecoder framer = channel.pipeline().get(dev.switchboard.protocol.FrameDecoder.class);
        return framer == null ? 0 : framer.bufferedBytes();
    }

    @Override
    public void whyStaying(java.util.function.Consumer<String> reason) {
        clientChannel.eventLoop().execute(() -> reason.accept(!canMove() ? "TLS or Unix socket"
                : java.util.Objects.requireNonNullElse(notAtRestBecause(), "at rest")));
    }

    /**
     * The successor has both sockets: the server leaves its pool here without a word to PostgreSQL, and this
     * process lets its copies go.
     */
    private void movedAway() {
        moveTo(Phase.ENDED);
        closeKey();
        lease.pool().surrender(lease);
        server.channel().close(); // before anything could read it again: the successor reads it now
        clientChannel.close();
        log.debug("[{}] handed over to the successor with its server {}", client, server.name());
    }

    /** The sockets could not be sent, or the session was not at rest after all: it goes on here. */
    private void stayed() {
        if (phase == Phase.MOVING_AWAY) {
            moveTo(Phase.ACTIVE);
        }
        backpressure.attach(server); // the server is read again while the client can take its replies
        backpressure.resumeClient(ClientPause.HANDOFF);
        if (!clientChannel.isActive()) {
            end(true); // it left while it was being moved
            return;
        }
        flushQueuedClientFrames(); // what the client sent meanwhile goes on to its server
        clientChannel.flush();
    }

    // ---- the end of a session ----------------------------------------------------------------------

    /** Ends the session: the server is reset and pooled when {@code reusable}, closed otherwise. */
    private void end(boolean reusable) {
        if (phase == Phase.ENDED) {
            return;
        }
        if (phase == Phase.MOVING_LEASE) {
            moveTo(Phase.ENDED); // the old server is gone already; the new one is released when it arrives
            closeKey();
            return;
        }
        boolean settingUp = phase == Phase.SETUP || phase == Phase.MOVING_SETUP;
        moveTo(Phase.ENDED);
        closeKey();
        backpressure.detach();
        if (!reusable || settingUp && pendingReady > 0 || !server.isUsable()) {
            lease.discard();
            return;
        }
        // A transaction the client left open is rolled back; then the session state is reset.
        new ServerReset(server, lease, transactionStatus != IDLE, resetQuery).start();
    }

    private void moveTo(Phase next) {
        if (!MOVES.get(phase).contains(next)) {
            throw new IllegalStateException("session " + client + " cannot move from " + phase + " to " + next);
        }
        phase = next;
    }

    private void closeKey() {
        context.movableClients().remove(this);
        reports.end();
        context.stallWatch().unregister(this);
        if (key != null) {
            key.close();
            key = null;
        }
    }

    @Override
    public Backpressure backpressure() {
        return backpressure;
    }

    @Override
    public io.netty.channel.EventLoop loop() {
        return clientChannel.eventLoop();
    }

    @Override
    public String describe() {
        return "client " + client + " (session mode, " + phase
                + ", transaction status " + transactionStatus + (clientChannel.isWritable() ? "" : ", socket full")
                + ", reads paused for " + backpressure.clientPauses() + "); server " + server.name()
                + (server.channel().config().isAutoRead() ? " (read" : " (not read")
                + (server.channel().isWritable() ? ")" : ", socket full)") + "; ReadyForQuery expected " + pendingReady
                + "; client frames waiting " + queuedDuringSetup.size();
    }

    @Override
    public CompletionStage<Void> cancelCurrentQuery() {
        return CancelForwarder.send(context.transport(), server);
    }
}
