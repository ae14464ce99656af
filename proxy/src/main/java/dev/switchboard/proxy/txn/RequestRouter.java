// RequestRouter: sends a transaction-mode client's messages to its leased server, renamed, refused or answered in place.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.frontend.Execute;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.protocol.frontend.Sync;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.link.Forwarding;
import dev.switchboard.proxy.sql.Classification;
import io.netty.buffer.ByteBuf;

/**
 * The request side of a {@link TransactionLink}: for each client message, what goes to the server and
 * which reply the link should expect. Statement mode's refusal of transaction blocks, SQL DEALLOCATE of
 * protocol-level names and the end of a preparation-only batch are decided here. Confined to the
 * client's event loop, like the link.
 */
final class RequestRouter {
    private final TransactionLink link;
    private final ProxyContext context;
    private final StatementRouting statements;
    /** A client message is half forwarded (a streamed CopyData). */
    private boolean midMessage;
    /** Whether the rest of the client's extended batch goes to the server (see {@link BatchState}). */
    private BatchState batch = BatchState.FORWARDING;
    /**
     * Since the last ReadyForQuery the client only prepared, described or closed named statements, and
     * flushed: no Sync will come until its next request (asyncpg's prepare()). Named statements outlive
     * the implicit transaction, so the proxy may Sync itself and give the server back.
     */
    private boolean onlyPreparing = true;
    private boolean flushedPreparation;
    /** The text of the client's unnamed statement: its effects count when a portal of it is executed. */
    private String unnamedQuery;
    /**
     * What the link last wrote to its servers, for the log when replies lose track of requests: each message's
     * type byte (the client's, and injected Parse and Close), 'q' for one of the proxy's own queries, 'r' for a
     * startup restore, 's' for the proxy's own Sync, '@' for a new lease and '#' for a give-back.
     */
    private final byte[] recent = new byte[64];
    private int routed;
    /** Portals bound and not yet executed, with the text of their statement (PostgreSQL drops them at transaction end). */
    private final java.util.Map<String, String> portals = new java.util.HashMap<>();
    /** Statements on middleware settings, which the proxy answers itself. */
    private final MiddlewareRequests middleware;

    RequestRouter(TransactionLink link, ProxyContext context, StatementRouting statements,
                  dev.switchboard.proxy.extensions.ClientReports reports) {
        this.link = link;
        this.context = context;
        this.statements = statements;
        this.middleware = new MiddlewareRequests(link, reports);
    }

    boolean midMessage() {
        return midMessage;
    }

    /** A refused middleware Execute fails its batch as any error does: the rest is skipped up to its Sync. */
    private void middlewareRefused() {
        batch = batch.moveTo(BatchState.SKIPPING_TO_SYNC, link.client());
    }

    /** See {@link MiddlewareRequests#answerAlone}. */
    MiddlewareRequests.Alone answerAlone(java.util.ArrayDeque<Frame> inbox) {
        return middleware.answerAlone(inbox);
    }

    /** ReadyForQuery reached the client: a new request begins. */
    /** What was written last, oldest first (e.g. "PBDES#@qQ"). */
    String recentMessages() {
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, routed - recent.length); i < routed; i++) {
            out.append((char) recent[i % recent.length]);
        }
        return out.toString();
    }

    /**
     * The server answered an error inside an extended batch whose Sync has not been sent: it skips the rest of
     * the batch, pieces the client writes later included.
     */
    void serverSkipsToSync() {
        if (batch == BatchState.FORWARDING) {
            batch = batch.moveTo(BatchState.SKIPPING_TO_SYNC, link.client());
        }
    }

    /** A failed batch's Sync has not been sent: the server owes a ReadyForQuery that nothing expects yet. */
    boolean awaitsSync() {
        return batch == BatchState.SKIPPING_TO_SYNC;
    }

    /**
     * The server is gone: a new one skips nothing. The client's failed batch, if any, is dropped up to its Sync
     * by the link itself (see {@link AfterLoss#ANSWER_AT_SYNC}).
     */
    void serverGone() {
        if (batch == BatchState.SKIPPING_TO_SYNC) {
            batch = batch.moveTo(BatchState.FORWARDING, link.client());
        }
    }

    void requestEnded() {
        onlyPreparing = true;
        flushedPreparation = false;
        if (link.idle() && !portals.isEmpty()) {
            portals.clear();
        }
    }

    void route(Frame frame) {
        ServerConn server = link.server();
        boolean sync = frame.isFirst() && frame.type() == FrontendType.SYNC;
        if (batch == BatchState.SKIPPING_TO_SYNC) {
            if (!sync) {
                midMessage = !frame.isLast();
                frame.release(); // the server would skip it: it gets no reply either
                return;
            }
            batch = batch.moveTo(BatchState.FORWARDING, link.client()); // the Sync goes, and ends the batch
        }
        if (!frame.isFirst()) { // the rest of a streamed CopyData
            midMessage = !frame.isLast();
            Forwarding.write(server.channel(), frame.content());
            return;
        }
        midMessage = !frame.isLast();
        byte type = frame.type();
        if (link.statementMode() && type == FrontendType.PARSE && beginsTransaction(frame)) {
            frame.release();
            link.expected().add(Expected.synthesized(statementModeRefusal(), false));
            batch = batch.moveTo(BatchState.SKIPPING_TO_SYNC, link.client());
            link.emitSynthesized();
            return;
        }
        notePreparation(type, frame);
        switch (type) {
            case FrontendType.QUERY -> routeQuery(frame);
            case FrontendType.PARSE -> {
                if (middleware.parse(frame)) {
                    break;
                }
                boolean unnamed = frame.content().getByte(frame.content().readerIndex() + Frame.HEADER_SIZE) == 0;
                statements.parse(server, frame, this::send, link.expected(), sql -> {
                    if (unnamed) {
                        unnamedQuery = sql;
                    }
                });
            }
            case FrontendType.BIND -> {
                if (middleware.bind(frame)) {
                    break;
                }
                noteBind(frame);
                statements.bind(server, frame, this::send, link.expected());
            }
            case FrontendType.DESCRIBE -> {
                if (!middleware.describe(frame)) {
                    statements.describe(server, frame, this::send, link.expected());
                }
            }
            case FrontendType.CLOSE -> {
                if (!middleware.close(frame)) {
                    statements.close(server, frame, this::send, link.expected());
                }
            }
            case FrontendType.EXECUTE -> {
                if (middleware.execute(frame, this::middlewareRefused)) {
                    break;
                }
                String query = portals.remove(Execute.decode(frame.body()).portal());
                if (query != null) {
                    classifyExecuted(query);
                }
                link.expected().add(Expected.of(Expected.Kind.EXECUTE));
                send(frame.content());
            }
            case FrontendType.SYNC, FrontendType.FUNCTION_CALL -> {
                link.expected().add(Expected.of(Expected.Kind.UNTIL_READY));
                send(frame.content());
                link.requestSent();
            }
            default -> send(frame.content()); // Flush, CopyData/Done/Fail, and anything unknown (the server judges)
        }
        link.emitSynthesized();
        afterReply();
    }

    private void notePreparation(byte type, Frame frame) {
        ByteBuf body = frame.content();
        int at = body.readerIndex() + Frame.HEADER_SIZE;
        boolean named = switch (type) {
            case FrontendType.PARSE -> body.getByte(at) != 0;
            case FrontendType.DESCRIBE, FrontendType.CLOSE -> body.getByte(at) == 'S' && body.getByte(at + 1) != 0;
            case FrontendType.FLUSH -> true;
            default -> false;
        };
        onlyPreparing &= named;
        flushedPreparation = onlyPreparing && (type == FrontendType.FLUSH || flushedPreparation);
    }

    /** After a reply: a flushed, answered preparation batch gets the proxy's own Sync, then the server goes back. */
    void afterReply() {
        ServerConn server = link.server();
        if (server != null && flushedPreparation && link.expected().isEmpty() && link.idle() && !midMessage
                && link.inboxEmpty()) {
            flushedPreparation = false;
            link.expected().add(Expected.internal(result -> link.maybeRelease()));
            ByteBuf sync = server.channel().alloc().ioBuffer(5);
            Sync.INSTANCE.encode(sync);
            note((byte) 's');
            server.channel().writeAndFlush(sync);
        }
    }

    private void routeQuery(Frame frame) {
        String sql = Query.decode(frame.body()).sql();
        Classification c = context.classify(sql);
        if (link.statementMode() && c.beginsTransaction()) {
            frame.release();
            link.expected().add(Expected.synthesized(statementModeRefusal(), true));
            return;
        }
        if (middleware.query(frame, sql, c)) {
            return;
        }
        if (c.statementCount() == 1 && !c.deallocates().isEmpty() && statements.forgetAll(c.deallocates())) {
            // DEALLOCATE of the client's own protocol-level names: they exist on servers under other names.
            frame.release();
            link.expected().add(Expected.synthesized(link.encode(new CommandComplete("DEALLOCATE")), true));
            return;
        }
        link.pending().add(c, link);
        link.expected().add(Expected.of(Expected.Kind.UNTIL_READY));
        send(frame.content());
        link.requestSent();
    }

    /** Which statement the portal runs: its effects count when it is executed, not when it is prepared. */
    private void noteBind(Frame bind) {
        ByteBuf body = bind.body().duplicate();
        String portal = dev.switchboard.protocol.Wire.readCString(body, "Bind");
        String statement = dev.switchboard.protocol.Wire.readCString(body, "Bind");
        String query = statement.isEmpty() ? unnamedQuery : statements.queryOf(bind);
        if (query != null) {
            portals.put(portal, query);
        } else {
            portals.remove(portal);
        }
    }

    private boolean beginsTransaction(Frame parse) {
        return context.classify(Parse.decode(parse.body()).query()).beginsTransaction();
    }

    private ByteBuf statementModeRefusal() {
        return link.encode(ErrorResponse.error("0A000", "transaction blocks are not allowed in statement pooling mode"));
    }

    /**
     * An executed statement is classified like a Query; what it changes waits for its request's ReadyForQuery.
     * A statement prepared once and executed many times counts at every execution, and one only prepared never.
     */
    private void classifyExecuted(String sql) {
        Classification c = context.classify(sql);
        if (!c.isPlain() || c.beginsTransaction()) {
            link.pending().add(c, link);
            middleware.noteResetAll(c);
        }
    }

    /** Records one thing written to a server (see {@link #recent}). */
    void note(byte b) {
        recent[routed++ % recent.length] = b;
    }

    private void send(ByteBuf message) {
        note(message.getByte(message.readerIndex()));
        Forwarding.write(link.server().channel(), message);
    }
}
