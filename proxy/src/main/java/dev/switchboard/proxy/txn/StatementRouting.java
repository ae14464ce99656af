// StatementRouting: a client's named prepared statements, renamed per server and prepared lazily where it lands.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.Fields;
import dev.switchboard.protocol.frontend.Bind;
import dev.switchboard.protocol.frontend.Close;
import dev.switchboard.protocol.frontend.Describe;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.prepared.ClientStatements;
import dev.switchboard.proxy.prepared.ServerStatement;
import dev.switchboard.proxy.prepared.ServerStatementCache;
import dev.switchboard.proxy.prepared.StatementKey;
import dev.switchboard.proxy.prepared.StatementRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client's statement "S_1" is the server's "sb_7": one server-side statement per distinct (query,
 * parameter types, search_path), shared by every client. A Parse the server already has is not sent (ParseComplete is
 * made up in order); a Bind or Describe of a statement the server lacks gets the Parse injected first
 * (its ParseComplete absorbed); Close of a named statement only forgets the client's name (the server's
 * copy stays for others, bounded by the per-server LRU). A Parse of a name the client already has fails
 * with 42P05, as on PostgreSQL. The unnamed statement passes through untouched.
 */
final class StatementRouting {
    private static final byte[] PARSE_COMPLETE = {'1', 0, 0, 0, 4};
    private static final byte[] CLOSE_COMPLETE = {'3', 0, 0, 0, 4};

    /** Prepared on a server that must fail a client's Parse of a name in use: see {@link #parseOfExistingName}. */
    private static final StatementKey EMPTY_QUERY = new StatementKey("", new int[0]);

    private final StatementRegistry registry;
    private final int cacheCapacity;
    /** The search_path the leased server runs with now (see {@link TrackedSettings#searchPathNow}). */
    private final Supplier<String> searchPath;
    private final ClientStatements mine = new ClientStatements();

    StatementRouting(StatementRegistry registry, int cacheCapacity, Supplier<String> searchPath) {
        this.registry = registry;
        this.cacheCapacity = cacheCapacity;
        this.searchPath = searchPath;
    }

    void parse(ServerConn server, Frame frame, Consumer<ByteBuf> send, ArrayDeque<Expected> expected,
               Consumer<String> classify) {
        Parse parse = Parse.decode(frame.body());
        classify.accept(parse.query());
        if (parse.statement().isEmpty()) {
            expected.add(Expected.of(Expected.Kind.ONE));
            send.accept(frame.content());
            return;
        }
        frame.release();
        if (mine.contains(parse.statement())) {
            parseOfExistingName(server, parse, send, expected);
            return;
        }
        ServerStatement statement = registry.intern(new StatementKey(parse.query(), parse.paramTypes(), searchPath.get()));
        mine.put(parse.statement(), statement);
        ServerStatementCache cache = server.statements(cacheCapacity);
        if (cache.contains(statement)) {
            cache.touch(statement);
            expected.add(Expected.synthesized(fixed(server, PARSE_COMPLETE), false));
            return;
        }
        prepare(server, statement, parse.statement(), false, send, expected);
    }

    /**
     * PostgreSQL answers a Parse of a name in use with 42P05 only after it has read and analysed the text
     * (a bad text, or an aborted transaction, gets its own error), and the error aborts the transaction like
     * any other. So the server itself fails the Parse: it gets the client's text under the name of a
     * statement it is sure to have, the empty query's (prepared first if need be: an empty query cannot
     * fail), and {@link #clientNamed} puts the client's name back into its error. The client's name keeps
     * its statement.
     */
    private void parseOfExistingName(ServerConn server, Parse parse, Consumer<ByteBuf> send,
                                     ArrayDeque<Expected> expected) {
        ServerStatement inUse = registry.intern(EMPTY_QUERY);
        ensurePrepared(server, inUse, send, expected);
        expected.add(Expected.duplicateParse(inUse.serverName(), parse.statement()));
        send.accept(encode(server.channel().alloc(), new Parse(inUse.serverName(), parse.query(), parse.paramTypes())));
    }

    /**
     * The server's error for a Parse sent under another name, with the client's name in the message
     * ({@code prepared statement "sb_3" already exists} becomes {@code ... "S_1" ...}); any other frame as is.
     */
    static Frame clientNamed(Expected entry, Frame error) {
        if (entry.duplicateOf == null) {
            return error;
        }
        ErrorResponse decoded = ErrorResponse.decode(error.body());
        String message = decoded.message();
        String serverQuoted = '"' + entry.duplicateOf + '"';
        if (message == null || !message.contains(serverQuoted)) {
            return error; // not about the name (e.g. a syntax error): nothing of the proxy's in it
        }
        ByteBuf renamed = error.content().alloc().ioBuffer(error.content().readableBytes() + entry.clientName.length());
        decoded.withField(Fields.MESSAGE, message.replace(serverQuoted, '"' + entry.clientName + '"')).encode(renamed);
        error.release();
        return Frame.wrap(renamed);
    }

    void bind(ServerConn server, Frame frame, Consumer<ByteBuf> send, ArrayDeque<Expected> expected) {
        Bind bind = Bind.decode(frame.body());
        try {
            ServerStatement statement = bind.statement().isEmpty() ? null : current(bind.statement());
            if (statement == null) {
                // Unnamed, or a name the client never prepared: PostgreSQL gives the right answer (26000).
                expected.add(Expected.of(Expected.Kind.ONE));
                send.accept(frame.retain().content());
                return;
            }
            ensurePrepared(server, statement, send, expected);
            ByteBuf renamed = server.channel().alloc().ioBuffer(frame.content().readableBytes() + 16);
            bind.encodeWithStatement(renamed, statement.serverName());
            expected.add(Expected.of(Expected.Kind.ONE));
            send.accept(renamed);
        } finally {
            bind.release();
            frame.release();
        }
    }

    void describe(ServerConn server, Frame frame, Consumer<ByteBuf> send, ArrayDeque<Expected> expected) {
        Describe describe = Describe.decode(frame.body());
        ServerStatement statement = describe.isStatement() && !describe.name().isEmpty() ? current(describe.name()) : null;
        expected.add(Expected.of(describe.isStatement() ? Expected.Kind.DESCRIBE_STATEMENT : Expected.Kind.ONE));
        if (statement == null) {
            send.accept(frame.content());
            return;
        }
        frame.release();
        // The Describe entry must follow the injected Parse's in the queue: re-add it after preparing.
        Expected entry = expected.pollLast();
        ensurePrepared(server, statement, send, expected);
        expected.add(entry);
        send.accept(encode(server.channel().alloc(), describe.withName(statement.serverName())));
    }

    void close(ServerConn server, Frame frame, Consumer<ByteBuf> send, ArrayDeque<Expected> expected) {
        Close close = Close.decode(frame.body());
        if (!close.isStatement() || close.name().isEmpty()) {
            expected.add(Expected.of(Expected.Kind.ONE));
            send.accept(frame.content());
            return;
        }
        frame.release();
        mine.remove(close.name()); // PostgreSQL answers CloseComplete for unknown names as well
        expected.add(Expected.synthesized(fixed(server, CLOSE_COMPLETE), false));
    }

    /** SQL DEALLOCATE of names the client prepared at protocol level; false (nothing forgotten) if one is unknown. */
    boolean forgetAll(List<String> names) {
        for (String name : names) {
            if (!mine.contains(name)) {
                return false;
            }
        }
        names.forEach(mine::remove);
        return true;
    }

    /** DEALLOCATE ALL or DISCARD ALL: the client has no statements left; the server none either. */
    void deallocateAll(ServerConn server) {
        mine.clear();
        if (server != null) {
            server.statements(cacheCapacity).clear();
        }
    }

    /** A Parse failed: the server has no such statement, and a client name for it does not exist. */
    void parseFailed(ServerConn server, ServerStatement statement, String clientName) {
        if (server != null) {
            server.statements(cacheCapacity).remove(statement);
        }
        if (clientName != null && mine.get(clientName) == statement) {
            mine.remove(clientName);
        }
    }

    /**
     * The query text behind a Bind, for read/write routing: a named statement's from this client's map;
     * null for the unnamed statement (its Parse came earlier, on a server already leased) or an unknown name.
     */
    String queryOf(Frame bind) {
        ByteBuf body = bind.body().duplicate();
        dev.switchboard.protocol.Wire.readCString(body, "Bind"); // portal
        String name = dev.switchboard.protocol.Wire.readCString(body, "Bind");
        if (name.isEmpty()) {
            return null;
        }
        ServerStatement statement = mine.get(name);
        return statement == null ? null : statement.key().query();
    }

    int size() {
        return mine.size();
    }

    /** The client's named statements, for a successor process. */
    List<dev.switchboard.proxy.handoff.MovedClient.Statement> export() {
        List<dev.switchboard.proxy.handoff.MovedClient.Statement> out = new java.util.ArrayList<>(mine.size());
        mine.forEach((name, key) -> out.add(new dev.switchboard.proxy.handoff.MovedClient.Statement(name, key.query(),
                key.parameterTypes(), key.searchPath())));
        return out;
    }

    /** A client taken over from another process: its names, prepared on servers here where they are used. */
    void resume(List<dev.switchboard.proxy.handoff.MovedClient.Statement> statements) {
        for (var statement : statements) {
            mine.put(statement.name(), registry.intern(new StatementKey(statement.query(), statement.parameterTypes(),
                    statement.searchPath())));
        }
    }

    /**
     * The client's statement under {@code name} for the search_path the server runs with now. After the
     * client changed its search_path, PostgreSQL analyses the statement again under the new one; here the
     * name moves to the statement of the new key, so that a server statement is only ever prepared and
     * used under its own key's search_path and never serves a client with another.
     */
    private ServerStatement current(String name) {
        ServerStatement statement = mine.get(name);
        if (statement == null) {
            return null;
        }
        String path = searchPath.get();
        if (Objects.equals(statement.key().searchPath(), path)) {
            return statement;
        }
        ServerStatement now = registry.intern(statement.key().withSearchPath(path));
        mine.put(name, now);
        return now;
    }

    private void ensurePrepared(ServerConn server, ServerStatement statement, Consumer<ByteBuf> send,
                                ArrayDeque<Expected> expected) {
        ServerStatementCache cache = server.statements(cacheCapacity);
        if (cache.contains(statement)) {
            cache.touch(statement);
        } else {
            prepare(server, statement, null, true, send, expected);
        }
    }

    /** Sends Parse under the server name, after Closing what the LRU bound evicts. */
    private void prepare(ServerConn server, ServerStatement statement, String clientName, boolean injected,
                         Consumer<ByteBuf> send, ArrayDeque<Expected> expected) {
        ByteBufAllocator alloc = server.channel().alloc();
        for (ServerStatement evicted : server.statements(cacheCapacity).add(statement, Set.of())) {
            expected.add(Expected.absorbClose());
            send.accept(encode(alloc, new Close(Close.STATEMENT, evicted.serverName())));
        }
        StatementKey key = statement.key();
        expected.add(Expected.parse(statement, clientName, injected));
        send.accept(encode(alloc, new Parse(statement.serverName(), key.query(), key.parameterTypes())));
    }

    private static ByteBuf encode(ByteBufAllocator alloc, dev.switchboard.protocol.Encodable message) {
        ByteBuf out = alloc.ioBuffer();
        message.encode(out);
        return out;
    }

    private static ByteBuf fixed(ServerConn server, byte[] bytes) {
        return server.channel().alloc().ioBuffer(bytes.length).writeBytes(bytes);
    }
}
