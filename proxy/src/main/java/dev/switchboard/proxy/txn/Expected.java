// Expected: one entry of the queue of replies a transaction-mode link still owes the client or must absorb.
package dev.switchboard.proxy.txn;

import dev.switchboard.proxy.prepared.ServerStatement;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replies arrive in the order requests were sent, so one queue says what each reply is for: forward it,
 * absorb it (a message the proxy injected), or answer in its place (a message the proxy did not send).
 */
final class Expected {

    enum Kind {
        /** Parse, Bind, Close or Describe of a portal: one reply. */
        ONE,
        /** Describe of a statement: ParameterDescription, then RowDescription or NoData. */
        DESCRIBE_STATEMENT,
        /** Execute: rows or COPY until CommandComplete, EmptyQueryResponse or PortalSuspended. */
        EXECUTE,
        /** Query, FunctionCall or Sync: everything up to ReadyForQuery. */
        UNTIL_READY,
        /** A Parse or Close the proxy injected: its one reply is absorbed. */
        ABSORB_ONE,
        /** A simple query the proxy runs itself (settings, UNLISTEN, pin check): absorbed up to ReadyForQuery. */
        INTERNAL,
        /** A reply the proxy makes up, in order, for a message it did not send (Parse it skipped, Close). */
        SYNTHESIZE
    }

    final Kind kind;
    /** SYNTHESIZE: the reply to send (owned by this entry until sent or dropped). */
    final io.netty.buffer.ByteBuf reply;
    /** SYNTHESIZE: follow the reply with ReadyForQuery carrying the transaction status at that moment. */
    final boolean appendReady;
    /** A Parse (client's or injected): the statement it prepares, undone on the server cache if it fails. */
    final ServerStatement statement;
    /** A client Parse: the client's name for it, forgotten if the Parse fails. */
    final String clientName;
    /** A client Parse of a name it already has, sent under this server name: errors name the client's. */
    final String duplicateOf;
    /** INTERNAL: called with the text rows and the first error (null when none) once ReadyForQuery arrives. */
    final Consumer<InternalResult> onDone;
    /** INTERNAL: the client sees the ParameterStatus it reports (it restores what the client's request reset). */
    final boolean reportsToClient;
    /** INTERNAL: rows and the first error collected so far (null for the other kinds, which collect nothing). */
    final List<List<String>> rows;
    String errorSqlState;
    String errorMessage;

    private Expected(Kind kind, io.netty.buffer.ByteBuf reply, boolean appendReady, ServerStatement statement,
                     String clientName, String duplicateOf, Consumer<InternalResult> onDone) {
        this(kind, reply, appendReady, statement, clientName, duplicateOf, onDone, false);
    }

    private Expected(Kind kind, io.netty.buffer.ByteBuf reply, boolean appendReady, ServerStatement statement,
                     String clientName, String duplicateOf, Consumer<InternalResult> onDone, boolean reportsToClient) {
        this.reportsToClient = reportsToClient;
        this.kind = kind;
        this.reply = reply;
        this.appendReady = appendReady;
        this.statement = statement;
        this.clientName = clientName;
        this.duplicateOf = duplicateOf;
        this.onDone = onDone;
        this.rows = kind == Kind.INTERNAL ? new java.util.ArrayList<>() : null;
    }

    /**
     * The entries that carry nothing but their kind, one per kind: they hold no state of their own, so every
     * request of every client may share them, and routing a request allocates no entry.
     */
    private static final Expected[] PLAIN = new Expected[Kind.values().length];

    static {
        for (Kind kind : Kind.values()) {
            PLAIN[kind.ordinal()] = new Expected(kind, null, false, null, null, null, null);
        }
    }

    /** An entry of {@code kind} with nothing else to it (shared; see {@link #PLAIN}). */
    static Expected of(Kind kind) {
        return PLAIN[kind.ordinal()];
    }

    static Expected parse(ServerStatement statement, String clientName, boolean injected) {
        return new Expected(injected ? Kind.ABSORB_ONE : Kind.ONE, null, false, statement, clientName, null, null);
    }

    /** A reply made up by the proxy; {@code reply} is owned by the entry. */
    static Expected synthesized(io.netty.buffer.ByteBuf reply, boolean appendReady) {
        return new Expected(Kind.SYNTHESIZE, reply, appendReady, null, null, null, null);
    }

    /**
     * A client Parse of a name the client already has, sent to the server as a Parse of {@code serverName},
     * which the server has: it fails there, and its error names {@code clientName} again.
     */
    static Expected duplicateParse(String serverName, String clientName) {
        return new Expected(Kind.ONE, null, false, null, clientName, serverName, null);
    }

    /** An injected Close of a statement evicted from the server's cache: its CloseComplete is absorbed. */
    static Expected absorbClose() {
        return new Expected(Kind.ABSORB_ONE, null, false, null, null, null, null);
    }

    static Expected internal(Consumer<InternalResult> onDone) {
        return new Expected(Kind.INTERNAL, null, false, null, null, null, onDone);
    }

    /** The proxy's query restoring startup settings a client request reset: the client sees what it reports. */
    static Expected restore(Consumer<InternalResult> onDone) {
        return new Expected(Kind.INTERNAL, null, false, null, null, null, onDone, true);
    }

    /** Ends with ReadyForQuery: the boundary up to which the server skips messages after an error. */
    boolean endsWithReady() {
        return kind == Kind.UNTIL_READY || kind == Kind.INTERNAL;
    }

    /** What an internal query returned: its rows as text and its error, if any. */
    record InternalResult(List<List<String>> rows, String errorSqlState, String errorMessage) {
        boolean failed() {
            return errorSqlState != null;
        }
    }
}
