// MiddlewareRequests: a transaction-mode client's statements on switchboard.* settings, answered in place of a server.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Wire;
import dev.switchboard.protocol.backend.BindComplete;
import dev.switchboard.protocol.backend.CloseComplete;
import dev.switchboard.protocol.backend.NoData;
import dev.switchboard.protocol.backend.ParameterDescription;
import dev.switchboard.protocol.backend.ParseComplete;
import dev.switchboard.protocol.backend.RowDescription;
import dev.switchboard.protocol.frontend.Close;
import dev.switchboard.protocol.frontend.Describe;
import dev.switchboard.protocol.frontend.Execute;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.proxy.extensions.ClientReports;
import dev.switchboard.proxy.extensions.Extension;
import dev.switchboard.proxy.extensions.MiddlewareAnswer;
import dev.switchboard.proxy.extensions.MiddlewareStatement;
import dev.switchboard.proxy.sql.Classification;
import dev.switchboard.proxy.sql.SettingChange;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Middleware settings never reach PostgreSQL. A simple Query holding one such statement is answered whole; in the
 * extended protocol the proxy keeps the client's statements and portals on middleware settings itself and answers
 * their Parse, Bind, Describe, Execute and Close, in order with the server's replies to everything else (the
 * {@link Expected} queue). After a refused Execute the rest of the batch is skipped up to its Sync, which still
 * goes to the server (the router's {@link BatchState}). Every other message costs one check of two empty maps (a
 * Parse: one scan of its text).
 */
final class MiddlewareRequests {
    private final TransactionLink link;
    private final ClientReports reports;
    /** The client's statement names (unnamed: "") whose text is a middleware statement. */
    // Empty and shared until the client prepares its first statement on a middleware setting, which few clients do:
    // thousands of idle clients hold no maps. Reads and removals work on the empty map; writes go through writable.
    private Map<String, MiddlewareStatement> statements = Collections.emptyMap();
    private Map<String, MiddlewareStatement> portals = Collections.emptyMap();

    MiddlewareRequests(TransactionLink link, ClientReports reports) {
        this.link = link;
        this.reports = reports;
    }

    /**
     * The client holds no server and its next request, whole in {@code inbox}, is only about middleware settings
     * (a Query on one, or an extended batch of such statements up to its Sync): it is answered here, and no server
     * is leased for it.
     */
    Alone answerAlone(ArrayDeque<Frame> inbox) {
        Frame head = inbox.peek();
        if (!head.isFirst() || !head.isWhole()) {
            return Alone.NO;
        }
        if (head.type() == FrontendType.QUERY) {
            if (!MiddlewareStatement.mentions(head.body())) {
                return Alone.NO;
            }
            String sql = Query.decode(head.body()).sql();
            if (MiddlewareStatement.parse(sql) == null) {
                return Alone.NO; // refusals and mere mentions take the usual way
            }
            inbox.poll();
            query(head, sql, Classification.NONE);
            link.emitSynthesized();
            return Alone.ANSWERED;
        }
        Alone batch = onlyMiddlewareUpToSync(inbox);
        if (batch != Alone.ANSWERED) {
            return batch;
        }
        boolean[] refused = {false};
        for (;;) {
            Frame frame = inbox.poll();
            byte type = frame.type();
            if (type == FrontendType.SYNC) {
                frame.release();
                link.expected().add(Expected.synthesized(Unpooled.EMPTY_BUFFER, true));
                link.emitSynthesized();
                return Alone.ANSWERED;
            }
            if (refused[0]) {
                frame.release(); // skipped after the refusal, as PostgreSQL skips after an error
                continue;
            }
            boolean answered = switch (type) {
                case FrontendType.PARSE -> parse(frame);
                case FrontendType.BIND -> bind(frame);
                case FrontendType.DESCRIBE -> describe(frame);
                case FrontendType.EXECUTE -> execute(frame, () -> refused[0] = true);
                default -> close(frame);
            };
            if (!answered) {
                throw new IllegalStateException("a checked middleware batch had a message for the server");
            }
            link.emitSynthesized();
        }
    }

    /** What {@link #answerAlone} did with the client's next request. */
    enum Alone {
        /** Answered without a server. */
        ANSWERED,
        /** Only about middleware settings so far, and its Sync has not arrived: nothing may go yet. */
        WAIT,
        /** It needs a server. */
        NO
    }

    /**
     * ANSWERED (to be) when the inbox holds, from its head, messages on middleware statements only and then a Sync;
     * WAIT when it holds such messages and no Sync yet; NO otherwise.
     */
    private Alone onlyMiddlewareUpToSync(ArrayDeque<Frame> inbox) {
        java.util.Set<String> names = new java.util.HashSet<>(statements.keySet());
        java.util.Set<String> portalNames = new java.util.HashSet<>(portals.keySet());
        for (Frame frame : inbox) {
            if (!frame.isFirst() || !frame.isWhole()) {
                return Alone.NO;
            }
            ByteBuf body = frame.body();
            switch (frame.type()) {
                case FrontendType.SYNC -> {
                    return Alone.ANSWERED;
                }
                case FrontendType.PARSE -> {
                    if (!MiddlewareStatement.mentions(body)) {
                        return Alone.NO;
                    }
                    Parse parse = Parse.decode(body);
                    if (MiddlewareStatement.parse(parse.query()) == null) {
                        return Alone.NO;
                    }
                    names.add(parse.statement());
                }
                case FrontendType.BIND -> {
                    ByteBuf b = body.duplicate();
                    String portal = Wire.readCString(b, "Bind");
                    if (!names.contains(Wire.readCString(b, "Bind"))) {
                        return Alone.NO;
                    }
                    portalNames.add(portal);
                }
                case FrontendType.DESCRIBE -> {
                    Describe d = Describe.decode(body);
                    if (!(d.isStatement() ? names : portalNames).contains(d.name())) {
                        return Alone.NO;
                    }
                }
                case FrontendType.EXECUTE -> {
                    if (!portalNames.contains(Execute.decode(body).portal())) {
                        return Alone.NO;
                    }
                }
                case FrontendType.CLOSE -> {
                    Close c = Close.decode(body);
                    if (!(c.isStatement() ? names : portalNames).remove(c.name())) {
                        return Alone.NO;
                    }
                }
                default -> {
                    return Alone.NO;
                }
            }
        }
        return Alone.WAIT; // its Sync has not arrived yet
    }

    /** A simple Query: true when the proxy answered it. RESET ALL and DISCARD ALL reset middleware settings too. */
    boolean query(Frame frame, String sql, Classification c) {
        noteResetAll(c);
        if (!MiddlewareStatement.mentions(sql)) {
            return false;
        }
        ByteBuf out = reports.answerQuery(sql, () -> c);
        if (out == null) {
            return false;
        }
        frame.release();
        link.expected().add(Expected.synthesized(out, true));
        return true;
    }

    /** An executed statement of the extended protocol may be RESET ALL or DISCARD ALL too. */
    void noteResetAll(Classification c) {
        if (reports.extensions().changed() && (c.discardAll()
                || c.settingChanges().stream().anyMatch(change -> change instanceof SettingChange.ResetAll))) {
            reports.resetAll();
        }
    }

    /** Parse: true when its text is a middleware statement (answered ParseComplete); otherwise the name is the server's. */
    boolean parse(Frame frame) {
        ByteBuf body = frame.body();
        if (!MiddlewareStatement.mentions(body) && statements.isEmpty()) {
            return false;
        }
        Parse parse = Parse.decode(body);
        MiddlewareStatement statement = MiddlewareStatement.parse(parse.query());
        if (statement == null) {
            statements.remove(parse.statement());
            return false;
        }
        statements = writable(statements);
        statements.put(parse.statement(), statement);
        answer(frame, ParseComplete.INSTANCE);
        return true;
    }

    boolean bind(Frame frame) {
        if (statements.isEmpty() && portals.isEmpty()) {
            return false;
        }
        ByteBuf body = frame.body().duplicate();
        String portal = Wire.readCString(body, "Bind");
        MiddlewareStatement statement = statements.get(Wire.readCString(body, "Bind"));
        if (statement == null) {
            portals.remove(portal);
            return false;
        }
        portals = writable(portals);
        portals.put(portal, statement);
        answer(frame, BindComplete.INSTANCE);
        return true;
    }

    boolean describe(Frame frame) {
        if (statements.isEmpty() && portals.isEmpty()) {
            return false;
        }
        Describe describe = Describe.decode(frame.body());
        MiddlewareStatement statement = (describe.isStatement() ? statements : portals).get(describe.name());
        if (statement == null) {
            return false;
        }
        ByteBuf out = link.clientChannel().alloc().ioBuffer();
        if (describe.isStatement()) {
            new ParameterDescription(new int[0]).encode(out);
        }
        RowDescription row = MiddlewareAnswer.rowDescription(statement);
        (row != null ? row : NoData.INSTANCE).encode(out);
        frame.release();
        link.expected().add(Expected.synthesized(out, false));
        return true;
    }

    /** Execute of a middleware portal: answered, and {@code onRefused} runs when the statement was refused. */
    boolean execute(Frame frame, Runnable onRefused) {
        if (portals.isEmpty()) {
            return false;
        }
        MiddlewareStatement statement = portals.get(Execute.decode(frame.body()).portal());
        if (statement == null) {
            return false;
        }
        ByteBuf out = link.clientChannel().alloc().ioBuffer();
        boolean done = reports.execute(statement, out);
        frame.release();
        link.expected().add(Expected.synthesized(out, false));
        if (!done) {
            onRefused.run();
        }
        return true;
    }

    boolean close(Frame frame) {
        if (statements.isEmpty() && portals.isEmpty()) {
            return false;
        }
        Close close = Close.decode(frame.body());
        if ((close.isStatement() ? statements : portals).remove(close.name()) == null) {
            return false;
        }
        answer(frame, CloseComplete.INSTANCE);
        return true;
    }

    private void answer(Frame frame, dev.switchboard.protocol.Encodable reply) {
        frame.release();
        link.expected().add(Expected.synthesized(link.encode(reply), false));
    }

    private static Map<String, MiddlewareStatement> writable(Map<String, MiddlewareStatement> map) {
        return map == Collections.<String, MiddlewareStatement>emptyMap() ? new HashMap<>() : map;
    }
}
