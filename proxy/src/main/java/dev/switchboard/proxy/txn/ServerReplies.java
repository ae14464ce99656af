// ServerReplies: matches each server reply of a transaction-mode link to the request it answers.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.link.Forwarding;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The head of the {@link Expected} queue says what a reply is for. Asynchronous messages
 * (ParameterStatus, NoticeResponse, NotificationResponse) may come at any time and belong to no request.
 * After an error in an extended-protocol batch the server skips everything up to the next Sync, so the
 * entries up to it are dropped: their replies will never come, and made-up replies must not be sent.
 */
final class ServerReplies {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServerReplies.class);

    private ServerReplies() {
    }

    static void handle(TransactionLink link, Frame frame) {
        ArrayDeque<Expected> expected = link.expected();
        Expected head = expected.peek();
        if (!frame.isFirst()) { // the rest of a streamed DataRow or CopyData: belongs to the current reply
            forwardOrDrop(link, head, frame);
            return;
        }
        byte type = frame.type();
        if (type != BackendType.ERROR_RESPONSE && type != BackendType.NOTIFICATION_RESPONSE
                && (head == null || (head.kind != Expected.Kind.INTERNAL && head.kind != Expected.Kind.ABSORB_ONE))) {
            link.replyStarted(); // errors decide for themselves (a shutdown's FATAL may send the request elsewhere)
        }
        if (type == BackendType.NOTIFICATION_RESPONSE) {
            frame.release(); // transaction-mode clients get notifications from their ListenerHub, exactly once
            return;
        }
        if (type == BackendType.PARAMETER_STATUS) {
            ParameterStatus status = frame.isWhole() ? ParameterStatus.decode(frame.body()) : null;
            // During a client's request: a function or DO block it ran may have changed the setting.
            if (status != null && head != null && !isInternal(head)) {
                link.settings().reported(status.name(), status.value());
            }
            if (status != null && link.reports().hidesServerReport(status.name())) {
                frame.release(); // a promoted server's new role: the database's stays what the client was shown
                return;
            }
            if (head != null && head.reportsToClient) {
                Forwarding.write(link.clientChannel(), frame.content()); // its startup values, back after its RESET
            } else {
                forwardOrDrop(link, head, frame); // the client sees changes it caused, not the proxy's own
            }
            return;
        }
        if (head == null && type == BackendType.ERROR_RESPONSE) {
            // Nobody asked: the server is being terminated (FATAL) while the client is between requests.
            // The client hears of it at its next request if it loses a transaction; otherwise not at all.
            link.server().markBroken("unsolicited error from server");
            frame.release();
            return;
        }
        if (type == BackendType.NOTICE_RESPONSE || head == null) {
            forwardOrDrop(link, head, frame);
            return;
        }
        if (type == BackendType.READY_FOR_QUERY && !head.endsWithReady()) {
            lostTrack(link, head, frame);
            return;
        }
        switch (head.kind) {
            case INTERNAL -> internal(link, head, frame);
            case ABSORB_ONE -> {
                if (type == BackendType.ERROR_RESPONSE) {
                    // An injected Parse failed (e.g. a table it uses is gone): the client must hear of it,
                    // since the server now skips the client's own messages up to Sync.
                    undoParse(link, head);
                    expected.poll();
                    link.replyStarted();
                    Forwarding.write(link.clientChannel(), frame.content());
                    dropUntilSync(link);
                } else {
                    expected.poll();
                    frame.release();
                }
            }
            case ONE -> {
                expected.poll();
                if (type == BackendType.ERROR_RESPONSE) {
                    undoParse(link, head);
                    clientError(link, StatementRouting.clientNamed(head, frame));
                    dropUntilSync(link);
                } else {
                    Forwarding.write(link.clientChannel(), frame.content());
                }
            }
            case DESCRIBE_STATEMENT -> {
                if (type == BackendType.ERROR_RESPONSE) {
                    expected.poll();
                    clientError(link, frame);
                    dropUntilSync(link);
                    break;
                }
                if (type != BackendType.PARAMETER_DESCRIPTION) {
                    expected.poll(); // RowDescription or NoData ends it
                }
                Forwarding.write(link.clientChannel(), frame.content());
            }
            case EXECUTE -> {
                if (type == BackendType.ERROR_RESPONSE) {
                    expected.poll();
                    clientError(link, frame);
                    dropUntilSync(link);
                    break;
                }
                if (type == BackendType.COMMAND_COMPLETE) {
                    noteCommand(link, frame);
                }
                if (type == BackendType.COMMAND_COMPLETE || type == BackendType.EMPTY_QUERY_RESPONSE
                        || type == BackendType.PORTAL_SUSPENDED) {
                    expected.poll();
                }
                Forwarding.write(link.clientChannel(), frame.content());
            }
            case UNTIL_READY -> {
                if (type == BackendType.READY_FOR_QUERY) {
                    expected.poll();
                    // The status byte read in place: no slice for a one-byte body, once per transaction.
                    int status = frame.content().readerIndex() + Frame.HEADER_SIZE;
                    link.clientReady(frame, (char) frame.content().getByte(status));
                    return;
                }
                if (type == BackendType.ERROR_RESPONSE) {
                    clientError(link, frame);
                    break;
                }
                if (type == BackendType.COMMAND_COMPLETE) {
                    noteCommand(link, frame);
                }
                Forwarding.write(link.clientChannel(), frame.content());
            }
            case SYNTHESIZE -> throw new IllegalStateException("synthesized reply left at the head of the queue");
        }
        link.emitSynthesized();
        link.afterReply();
    }

    /**
     * ReadyForQuery where the queue says a message of the request is still unanswered: the replies can no longer
     * be matched to requests. Forwarding on would hand the client someone else's answer (or the proxy's own
     * rows), so the server is closed instead; the client hears 08006 for what it had in flight, like any loss.
     */
    private static void lostTrack(TransactionLink link, Expected head, Frame frame) {
        frame.release();
        ServerConn server = link.server();
        log.warn("[{}] {} answered ReadyForQuery while {} replies were expected ({}; last written: {}):"
                + " replies can no longer be matched to requests; closing the server connection", link.client(),
                server.name(), link.expected().size(), link.expected().stream().limit(16).map(e -> e.kind.name()).toList(),
                link.recentMessages());
        link.context().meters().counter("switchboard.replies.unmatched").increment();
        server.markBroken("replies out of step with requests");
        server.channel().close();
    }

    /** A reply that belongs to no client request (an internal query's notice or parameter) is not the client's. */
    private static void forwardOrDrop(TransactionLink link, Expected head, Frame frame) {
        if (head != null && isInternal(head)) {
            frame.release();
        } else {
            Forwarding.write(link.clientChannel(), frame.content());
        }
    }

    /** A query or message the proxy sent itself. */
    private static boolean isInternal(Expected head) {
        return head.kind == Expected.Kind.INTERNAL || head.kind == Expected.Kind.ABSORB_ONE;
    }

    private static void clientError(TransactionLink link, Frame frame) {
        link.voidPending();
        ErrorResponse error = ErrorResponse.decode(frame.body());
        if (error.isFatal() && link.resendAfterFatal(error)) {
            link.server().markBroken("FATAL from server: " + error.sqlState());
            frame.release(); // the close follows; the request goes to another server then
            return;
        }
        link.replyStarted();
        if (!error.isFatal()) {
            Forwarding.write(link.clientChannel(), frame.content());
            return;
        }
        // The server ends (e.g. 57P01 admin shutdown) in the middle of a request; the client's session
        // does not. It hears what any client losing its server hears, whichever of the FATAL or the
        // close reached the proxy first.
        link.server().markBroken("FATAL from server: " + error.sqlState());
        link.lossReported();
        frame.release();
        link.clientChannel().write(link.encode(link.serverLost(link.server(),
                error.severity() + " " + error.sqlState() + " " + error.message())));
    }

    /** The body of CommandComplete "ROLLBACK": the tag and its terminating zero. */
    private static final byte[] ROLLBACK = "ROLLBACK\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * ROLLBACK (or a failed COMMIT, which reports ROLLBACK) undoes the block's SETs. Every statement's tag
     * passes here, so it is compared in place rather than decoded.
     */
    private static void noteCommand(TransactionLink link, Frame frame) {
        io.netty.buffer.ByteBuf c = frame.content();
        int body = c.readerIndex() + Frame.HEADER_SIZE;
        if (frame.length() - 4 != ROLLBACK.length || c.readableBytes() != Frame.HEADER_SIZE + ROLLBACK.length) {
            return;
        }
        for (int i = 0; i < ROLLBACK.length; i++) {
            if (c.getByte(body + i) != ROLLBACK[i]) {
                return;
            }
        }
        link.voidPending();
    }

    /**
     * The server skips the client's messages up to Sync after an error: so do their expected replies. When the
     * Sync has not been sent yet, the rest of the batch is skipped as it comes (see {@link BatchState}).
     */
    private static void dropUntilSync(TransactionLink link) {
        ArrayDeque<Expected> expected = link.expected();
        while (!expected.isEmpty() && !expected.peek().endsWithReady()) {
            Expected dropped = expected.poll();
            undoParse(link, dropped);
            if (dropped.reply != null) {
                dropped.reply.release();
            }
        }
        if (expected.isEmpty()) {
            link.serverSkipsToSync();
        }
    }

    /** A Parse that did not happen: the server does not have the statement, nor the client the name. */
    private static void undoParse(TransactionLink link, Expected entry) {
        if (entry.statement == null) {
            return;
        }
        link.statements().parseFailed(link.server(), entry.statement, entry.clientName);
    }

    private static void internal(TransactionLink link, Expected head, Frame frame) {
        byte type = frame.type();
        try {
            if (type == BackendType.DATA_ROW && frame.isWhole()) {
                head.rows.add(textRow(frame));
            } else if (type == BackendType.ERROR_RESPONSE && head.errorSqlState == null) {
                ErrorResponse error = ErrorResponse.decode(frame.body());
                head.errorSqlState = error.sqlState();
                head.errorMessage = error.message();
            } else if (type == BackendType.READY_FOR_QUERY) {
                link.expected().poll();
                head.onDone.accept(new Expected.InternalResult(head.rows, head.errorSqlState, head.errorMessage));
            }
        } finally {
            frame.release();
        }
    }

    private static List<String> textRow(Frame frame) {
        DataRow row = DataRow.decode(frame.body());
        try {
            return row.texts();
        } finally {
            row.release();
        }
    }

    /** For callers that need the server's name in messages. */
    static String describe(ServerConn server) {
        return server == null ? "no server" : server.name();
    }
}
