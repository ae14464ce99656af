// MonitorConnection: one blocking PostgreSQL session of a node monitor — login, simple queries, noticing loss.
package dev.switchboard.topology.monitor;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.PayloadMessage;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.auth.ClientLogin;
import dev.switchboard.protocol.auth.ClientLoginException;
import dev.switchboard.protocol.backend.Authentication;
import dev.switchboard.protocol.backend.BackendKeyData;
import dev.switchboard.protocol.backend.BackendMessage;
import dev.switchboard.protocol.backend.BackendMessages;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.EmptyQueryResponse;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NegotiateProtocolVersion;
import dev.switchboard.protocol.backend.NoticeResponse;
import dev.switchboard.protocol.backend.NotificationResponse;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.backend.RowDescription;
import dev.switchboard.protocol.frontend.FrontendMessage;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.protocol.frontend.Terminate;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A monitor's session with one node over a blocking socket (TCP, or the node's Unix socket), spoken with the
 * project's own codec. Every wait is bounded: connecting and logging in by {@code connectTimeout} as a whole,
 * each query by the same limit, so a hung node shows up as a failure instead of a stuck monitor. Every message
 * is bounded by {@link #MAX_MESSAGE_SIZE} and a query's whole result by {@link #MAX_RESULT_SIZE}, so a bad peer
 * cannot make it allocate without limit.
 *
 * <p>Used by one thread; only {@link #close()} may be called from another one (to stop a monitor that is
 * blocked in {@link #awaitLoss}).
 */
public final class MonitorConnection implements AutoCloseable {

    /** Largest accepted length field of one backend message. */
    public static final int MAX_MESSAGE_SIZE = 1024 * 1024;
    /** Largest accepted total of the column values of one query's result. */
    public static final int MAX_RESULT_SIZE = 1024 * 1024;
    /** The application_name the monitor's sessions show in pg_stat_activity. */
    public static final String APPLICATION_NAME = "switchboard-monitor";

    private final String node;
    private final MonitorSocket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long timeoutNanos;
    /** Serializes writes, so a Terminate sent by {@link #close()} from another thread never splits a Query. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, String> parameters = new HashMap<>();
    private volatile boolean closed;
    private volatile String lossReason;
    private int processId;

    private MonitorConnection(String node, MonitorSocket socket, Duration timeout) {
        this.node = node;
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.input()));
        this.out = socket.output();
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Connects to {@code host:port} (the Unix socket {@code host/.s.PGSQL.port} when the host is a directory, as
     * libpq does) and logs in as {@code settings.user()} to {@code settings.dbname()}, all
     * within {@code settings.connectTimeout()}.
     *
     * @throws MonitorException when the node cannot be reached, refuses the login (with the server's SQLSTATE,
     *                          e.g. 28P01), asks for a method this side does not support, or does not answer in
     *                          time
     */
    public static MonitorConnection open(String host, int port, MonitorSettings settings) throws IOException {
        String node = NodeEndpoint.of(host, port).node();
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        MonitorSocket socket;
        try {
            socket = MonitorSocket.connect(host, port, millisAtLeastOne(settings.connectTimeout().toNanos()));
        } catch (IOException e) {
            throw MonitorException.local(MonitorException.CANNOT_CONNECT, "cannot connect to " + node + ": "
                    + describe(e), e);
        }
        try {
            MonitorConnection connection = new MonitorConnection(node, socket,
                    settings.connectTimeout());
            connection.startup(settings, deadline);
            return connection;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** "host:port" of the node. */
    public String node() {
        return node;
    }

    /** The server process serving this session (from BackendKeyData). */
    public int processId() {
        return processId;
    }

    /** The latest value of a parameter the server reported with ParameterStatus, or null. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    /** True once the connection has ended: closed here, lost, or broken by a failure. */
    public boolean isClosed() {
        return closed;
    }

    /** Why the connection ended, when it ended by itself (e.g. "FATAL 57P01 terminating connection ..."). */
    public String lossReason() {
        return lossReason;
    }

    /**
     * Runs {@code sql} with the simple query protocol and returns the rows of every result as text (SQL NULL as
     * null). An ERROR leaves the session usable; it is thrown once ReadyForQuery has arrived.
     *
     * @throws MonitorException with the server's SQLSTATE for an ErrorResponse; with 08006 (and the connection
     *                          closed) when the node does not answer within the timeout or the connection ends
     */
    public List<List<String>> query(String sql) throws IOException {
        if (closed) {
            throw MonitorException.local(MonitorException.CONNECTION_FAILURE, "the connection to " + node
                    + " is closed" + (lossReason == null ? "" : ": " + lossReason), null);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            send(new Query(sql));
            List<List<String>> rows = new ArrayList<>();
            long resultBytes = 0;
            MonitorException error = null;
            for (;;) {
                BackendMessage message = read(deadline, "a query");
                if (message instanceof DataRow row) {
                    List<String> values;
                    try {
                        resultBytes += row.content().readableBytes();
                        if (resultBytes > MAX_RESULT_SIZE) {
                            throw broken(MonitorException.PROTOCOL_VIOLATION, "the result of a query is larger than "
                                    + MAX_RESULT_SIZE + " bytes");
                        }
                        values = row.texts();
                    } finally {
                        row.release();
                    }
                    rows.add(values);
                } else if (message instanceof ErrorResponse failure) {
                    MonitorException e = MonitorException.server(node, failure);
                    if (failure.isFatal()) {
                        lossReason = e.getMessage();
                        abort();
                        throw e;
                    }
                    if (error == null) {
                        error = e;
                    }
                } else if (message instanceof ReadyForQuery) {
                    if (error != null) {
                        throw error;
                    }
                    return rows;
                } else if (message instanceof ParameterStatus status) {
                    remember(status);
                } else if (!(message instanceof RowDescription || message instanceof CommandComplete
                        || message instanceof EmptyQueryResponse || message instanceof NoticeResponse
                        || message instanceof NotificationResponse)) {
                    // COPY and the like: a monitor never asks for them, so the session is in an unknown state.
                    release(message);
                    throw broken(MonitorException.PROTOCOL_VIOLATION, "unexpected "
                            + BackendType.name(message.type()) + " in reply to a query");
                }
            }
        } catch (MonitorException e) {
            if (e.fatal()) {
                abort();
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /**
     * Waits up to {@code wait} for the connection to end, reading what the idle session receives meanwhile:
     * NoticeResponse, ParameterStatus and NotificationResponse are consumed and ignored; end of stream, a reset,
     * a FATAL ErrorResponse (57P01 when the server shuts down) or anything unexpected ends it. This is how a
     * lost node is noticed at once rather than at the next poll.
     *
     * @return true when the connection has ended (see {@link #lossReason()}), false when {@code wait} passed
     */
    public boolean awaitLoss(Duration wait) {
        if (closed) {
            return true;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (;;) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                socket.timeout(millisAtLeastOne(remaining));
                int type;
                try {
                    type = in.read();
                } catch (SocketTimeoutException e) {
                    return false;
                }
                if (type < 0) {
                    return lost("the server closed the connection");
                }
                // A message has begun: the rest must follow promptly, whatever is left of the wait.
                BackendMessage message = readRest((byte) type, System.nanoTime() + timeoutNanos, "an idle session");
                if (message instanceof ErrorResponse error && error.isFatal()) {
                    return lost(error.severity() + " " + error.sqlState() + " " + error.message());
                }
                if (message instanceof ParameterStatus status) {
                    remember(status);
                } else if (!(message instanceof NoticeResponse || message instanceof NotificationResponse
                        || message instanceof ErrorResponse)) {
                    release(message);
                    return lost("unexpected " + BackendType.name(message.type()) + " on an idle session");
                }
            }
        } catch (IOException | RuntimeException e) {
            return lost(describe(e));
        }
    }

    /** Sends Terminate (unless another thread is writing right now) and closes the socket; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writeLock.tryLock()) {
            try {
                write(Terminate.INSTANCE);
            } catch (IOException | RuntimeException e) {
                // The server may be gone already; Terminate is a courtesy.
            } finally {
                writeLock.unlock();
            }
        }
        closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "MonitorConnection[" + node + ", pid " + processId + (closed ? ", closed" : "") + "]";
    }

    private void startup(MonitorSettings settings, long deadline) throws IOException {
        LinkedHashMap<String, String> startup = new LinkedHashMap<>();
        startup.put("user", settings.user());
        startup.put("database", settings.dbname());
        startup.put("application_name", APPLICATION_NAME);
        send(new StartupMessage(ProtocolVersion.V3_0, startup));
        ClientLogin login = new ClientLogin(settings.user(), settings.password());
        for (;;) {
            BackendMessage message = read(deadline, "the login");
            if (message instanceof Authentication request) {
                Optional<FrontendMessage> reply = loginStep(() -> login.handle(request));
                if (reply.isPresent()) {
                    send(reply.get());
                }
            } else if (message instanceof ParameterStatus status) {
                remember(status);
            } else if (message instanceof BackendKeyData key) {
                processId = key.processId();
            } else if (message instanceof ErrorResponse error) {
                throw MonitorException.server(node, error);
            } else if (message instanceof ReadyForQuery) {
                loginStep(() -> {
                    login.checkDone();
                    return null;
                });
                return;
            } else if (message instanceof NegotiateProtocolVersion negotiate) {
                // Only a server below 3.0 would answer 3.0 with this; there is nothing to fall back to.
                if (!negotiate.version().equals(ProtocolVersion.V3_0)) {
                    throw broken(MonitorException.PROTOCOL_VIOLATION, "the server offers protocol "
                            + negotiate.version() + " instead of 3.0");
                }
            } else if (!(message instanceof NoticeResponse)) {
                release(message);
                throw broken(MonitorException.PROTOCOL_VIOLATION, "unexpected "
                        + BackendType.name(message.type()) + " during the login");
            }
        }
    }

    /** One login step; a refusal closes the connection and keeps the SQLSTATE the login chose. */
    private <T> T loginStep(LoginStep<T> step) throws MonitorException {
        try {
            return step.run();
        } catch (ClientLoginException e) {
            abort();
            throw MonitorException.local(e.sqlState(), node + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface LoginStep<T> {
        T run() throws ClientLoginException;
    }

    /** Reads one whole message, waiting at most until {@code deadline} (System.nanoTime()). */
    private BackendMessage read(long deadline, String during) throws IOException {
        setTimeout(deadline, during);
        int type;
        try {
            type = in.read();
        } catch (SocketTimeoutException e) {
            throw timedOut(during, e);
        }
        if (type < 0) {
            throw broken(MonitorException.CONNECTION_FAILURE, "the server closed the connection during " + during);
        }
        return readRest((byte) type, deadline, during);
    }

    /** Reads the length and body of a message whose type byte was read, and decodes it. */
    private BackendMessage readRest(byte type, long deadline, String during) throws IOException {
        byte[] whole;
        try {
            setTimeout(deadline, during);
            int length = in.readInt();
            if (length < 4 || length > MAX_MESSAGE_SIZE) {
                throw broken(MonitorException.PROTOCOL_VIOLATION, "the server sent a " + BackendType.name(type)
                        + " message with length " + length + " (at most " + MAX_MESSAGE_SIZE + " is accepted)");
            }
            whole = new byte[1 + length];
            whole[0] = type;
            whole[1] = (byte) (length >>> 24);
            whole[2] = (byte) (length >>> 16);
            whole[3] = (byte) (length >>> 8);
            whole[4] = (byte) length;
            setTimeout(deadline, during);
            in.readFully(whole, Frame.HEADER_SIZE, length - 4);
        } catch (SocketTimeoutException e) {
            throw timedOut(during, e);
        } catch (EOFException e) {
            throw broken(MonitorException.CONNECTION_FAILURE, "the server closed the connection in the middle of a "
                    + BackendType.name(type) + " message during " + during);
        }
        Frame frame = Frame.wrap(Unpooled.wrappedBuffer(whole));
        try {
            return BackendMessages.decode(frame);
        } catch (ProtocolException e) {
            throw broken(MonitorException.PROTOCOL_VIOLATION, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void setTimeout(long deadline, String during) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(during, null);
        }
        socket.timeout(millisAtLeastOne(remaining));
    }

    private MonitorException timedOut(String during, Throwable cause) {
        abort();
        return MonitorException.local(MonitorException.CONNECTION_FAILURE, node + " did not answer within "
                + Duration.ofNanos(timeoutNanos).toMillis() + "ms during " + during, cause);
    }

    /** A failure after which the session is unusable: closes the socket and returns the exception to throw. */
    private MonitorException broken(String sqlState, String message) {
        abort();
        return MonitorException.local(sqlState, node + ": " + message, null);
    }

    private boolean lost(String reason) {
        lossReason = reason;
        abort();
        return true;
    }

    /** Closes without Terminate: after a failure the stream is in no state to carry one. */
    private void abort() {
        closed = true;
        closeQuietly(socket);
    }

    private void send(Encodable message) throws IOException {
        writeLock.lock();
        try {
            write(message);
        } finally {
            writeLock.unlock();
        }
    }

    private void write(Encodable message) throws IOException {
        ByteBuf buffer = Unpooled.buffer(64);
        try {
            message.encode(buffer);
            buffer.getBytes(buffer.readerIndex(), out, buffer.readableBytes());
            out.flush();
        } finally {
            buffer.release();
        }
    }

    private void remember(ParameterStatus status) {
        // The server reports a fixed set of parameters; the bound only guards against a peer inventing names.
        if (parameters.size() < 256 || parameters.containsKey(status.name())) {
            parameters.put(status.name(), status.value());
        }
    }

    private static void release(BackendMessage message) {
        if (message instanceof PayloadMessage payload) {
            payload.release();
        }
    }

    private static int millisAtLeastOne(long nanos) {
        // SO_TIMEOUT 0 would mean "no limit"; round up so a sub-millisecond rest still times out.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(MonitorSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing useful to do: the socket is being discarded.
        }
    }
}
