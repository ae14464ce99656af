// RequestRouter: sends a transaction-mode client's messages to its leased server, renamed, refused or answered in place.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.protocol.frontend.Sync;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.sql.Classification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

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
    /** Statement mode refused a BEGIN inside an extended batch: the batch is dropped up to its Sync. */
    private boolean refusingBatch;
    /**
     * Since the last ReadyForQuery the client only prepared, described or closed named statements, and
     * flushed: no Sync will come until its next request (asyncpg's prepare()). Named statements outlive
     * the implicit transaction, so the proxy may Sync itself and give the server back.
     */
    private boolean onlyPreparing = true;
    private boolean flushedPreparation;

    RequestRouter(TransactionLink link, ProxyContext context, StatementRouting statements) {
        this.link = link;
        this.context = context;
        this.statements = statements;
    }

    boolean midMessage() {
        return midMessage;
    }

    /** ReadyForQuery reached the client: a new request begins. */
    void requestEnded() {
        onlyPreparing = true;
        flushedPreparation = false;
    }

    void route(Frame frame) {
        ServerConn server = link.server();
        if (!frame.isFirst()) { // the rest of a streamed CopyData
            midMessage = !frame.isLast();
            server.channel().write(frame.content());
            return;
        }
        midMessage = !frame.isLast();
        byte type = frame.type();
        if (refusingBatch) {
            // The rest of a refused extended batch: PostgreSQL would skip it after the error, up to Sync.
            frame.release();
            if (type == FrontendType.SYNC) {
                refusingBatch = false;
                link.expected().add(Expected.synthesized(Unpooled.EMPTY_BUFFER, true));
                link.emitSynthesized();
            }
            return;
        }
        if (link.statementMode() && type == FrontendType.PARSE && beginsTransaction(frame)) {
            frame.release();
            link.expected().add(Expected.synthesized(statementModeRefusal(), false));
            refusingBatch = true;
            link.emitSynthesized();
            return;
        }
        notePreparation(type, frame);
        switch (type) {
            case FrontendType.QUERY -> routeQuery(frame);
            case FrontendType.PARSE -> statements.parse(server, frame, this::send, link.expected(), this::classifyExtended);
            case FrontendType.BIND -> statements.bind(server, frame, this::send, link.expected());
            case FrontendType.DESCRIBE -> statements.describe(server, frame, this::send, link.expected());
            case FrontendType.CLOSE -> statements.close(server, frame, this::send, link.expected());
            case FrontendType.EXECUTE -> {
                link.expected().add(Expected.of(Expected.Kind.EXECUTE));
                send(frame.content());
            }
            case FrontendType.SYNC, FrontendType.FUNCTION_CALL -> {
                link.expected().add(Expected.of(Expected.Kind.UNTIL_READY));
                send(frame.content());
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
        if (c.statementCount() == 1 && !c.deallocates().isEmpty() && statements.forgetAll(c.deallocates())) {
            // DEALLOCATE of the client's own protocol-level names: they exist on servers under other names.
            frame.release();
            link.expected().add(Expected.synthesized(link.encode(new CommandComplete("DEALLOCATE")), true));
            return;
        }
        link.pending().add(c, link);
        link.expected().add(Expected.of(Expected.Kind.UNTIL_READY));
        send(frame.content());
    }

    private boolean beginsTransaction(Frame parse) {
        return context.classify(Parse.decode(parse.body()).query()).beginsTransaction();
    }

    private ByteBuf statementModeRefusal() {
        return link.encode(ErrorResponse.error("0A000", "transaction blocks are not allowed in statement pooling mode"));
    }

    /** Parse text is classified like a Query; its effects apply at the next ReadyForQuery. */
    private void classifyExtended(String sql) {
        Classification c = context.classify(sql);
        if (!c.isPlain() || c.beginsTransaction()) {
            link.pending().add(c, link);
        }
    }

    private void send(ByteBuf message) {
        link.server().channel().write(message);
    }
}
