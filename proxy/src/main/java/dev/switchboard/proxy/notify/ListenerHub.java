// ListenerHub: one dedicated server connection per (node, database, user) that LISTENs for many clients and fans out.
package dev.switchboard.proxy.notify;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.backend.BackendListener;
import dev.switchboard.proxy.backend.ServerConn;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In transaction pooling a client's LISTEN cannot stay on a pooled server, so the hub's own connection
 * LISTENs on every channel any of its clients listens on and hands each NotificationResponse to the
 * clients of that channel, in the order the server sent them.
 *
 * <p>Where the hub stands is one {@link HubState}, changed only by {@link #transition}. A server lost while
 * clients still listen is replaced, as the {@link ReconnectPolicy} paces it, by a connection the connector
 * opens then (on the write target of the moment), and every subscribed channel is LISTENed again on it:
 * registrations survive, but what was notified while no server listened is gone, as it would be with
 * PostgreSQL itself, and the sinks hear so through {@link NotificationSink#hubResumed}.
 *
 * <p>All state is confined to the hub's {@link HubMailbox}, which runs on the server channel's event loop
 * once there is one; public methods may be called from any thread. Commands go to the server as one
 * simple Query each, in order, and are matched to their replies by ReadyForQuery.
 */
public final class ListenerHub {
    private static final Logger log = LoggerFactory.getLogger(ListenerHub.class);
    private static final String ALL = "*";

    private final String name;
    private final Supplier<CompletableFuture<ServerConn>> connector;
    private final ReconnectPolicy reconnect;
    private final HubMailbox mailbox;

    // Confined to the mailbox.
    private final Subscriptions subscriptions = new Subscriptions();
    /** Per channel with sinks: the LISTEN they wait for (completed once the server listens). */
    private final Map<String, CompletableFuture<Void>> listens = new HashMap<>();
    /** Channels whose LISTEN the server confirmed and that were not UNLISTENed since. */
    private final Set<String> confirmed = new HashSet<>();
    private final ArrayDeque<HubCommand> unsent = new ArrayDeque<>();
    private final ArrayDeque<HubCommand> inFlight = new ArrayDeque<>();
    private HubState state = HubState.IDLE;
    /** Non-null exactly in {@link HubState#LISTENING}; set only by {@link #transition}. */
    private ServerConn server;
    /** An error the server sent outside any command (e.g. FATAL on termination), for the loss reason. */
    private ErrorResponse unsolicitedError;
    /** Sinks that had a live listen on a lost server and not yet all their channels listened on its successor. */
    private final Set<NotificationSink> resuming = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Why the last server went, for the sinks' messages while reconnecting. */
    private String lossReason;
    private long lostAtNanos;
    private int failedAttempts;

    /** Read from any thread: republished after every change of subscriptions or server state. */
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Set.of(), HubState.IDLE);

    private record Snapshot(Map<String, Integer> counts, Set<String> listening, HubState state) {
    }

    /**
     * @param name      for logs and the server's application_name, e.g. "app/app@127.0.0.1:5432"
     * @param connector opens an authenticated server connection (e.g. {@code BackendConnector::connect});
     *                  called on first listen and again after the connection was lost
     * @param reconnect paces the attempts to replace a lost server while clients listen
     */
    public ListenerHub(String name, Supplier<CompletableFuture<ServerConn>> connector, ReconnectPolicy reconnect) {
        this.name = Objects.requireNonNull(name, "name");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
        this.mailbox = new HubMailbox(name);
    }

    /** A hub that does not reconnect: a lost server ends every listen ({@link NotificationSink#hubLost}). */
    public ListenerHub(String name, Supplier<CompletableFuture<ServerConn>> connector) {
        this(name, connector, ReconnectPolicy.NEVER);
    }

    public String name() {
        return name;
    }

    /**
     * Adds sink to channel; completes once the hub's server has executed LISTEN for it (immediately if
     * already listening). Fails with {@link ListenerHubException} if the hub cannot connect or LISTEN
     * fails (carrying PostgreSQL's error); the sink is then not registered on that channel.
     *
     * @param channel the channel as PostgreSQL folds it (case kept as given; cut to 63 bytes like PostgreSQL)
     */
    public CompletableFuture<Void> listen(String channel, NotificationSink sink) {
        Objects.requireNonNull(sink, "sink");
        String key;
        try {
            key = ChannelNames.canonical(Objects.requireNonNull(channel, "channel"));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ListenerHubException("22021", e.getMessage(), e));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        mailbox.execute(() -> doListen(key, sink, result));
        return result;
    }

    /**
     * Removes sink from channel ({@code "*"} = all of the sink's channels); UNLISTENs on the server when
     * nobody listens anymore. Completes when done; never fails: once the sink is removed it gets no more
     * notifications of the channel, whatever the server answers.
     */
    public CompletableFuture<Void> unlisten(String channel, NotificationSink sink) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(channel, "channel");
        String key;
        try {
            key = ALL.equals(channel) ? ALL : ChannelNames.canonical(channel);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(null); // a name nobody can listen on
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        mailbox.execute(() -> doUnlisten(key, sink, result));
        return result;
    }

    /** Client gone: remove from everything. */
    public void removeAll(NotificationSink sink) {
        unlisten(ALL, sink);
    }

    /** Channels currently listened on the server (LISTEN confirmed, no UNLISTEN sent since). */
    public Set<String> channels() {
        return snapshot.listening();
    }

    /** Sinks registered on {@code channel}, including those still waiting for its LISTEN. */
    public int listenerCount(String channel) {
        return snapshot.counts().getOrDefault(channel, 0);
    }

    /**
     * The topology no longer routes to {@code node} (fenced, foreign): a server there is dropped, and the
     * hub listens again wherever the connector then leads.
     */
    public void leave(String node) {
        mailbox.execute(() -> {
            if (server != null && server.node().equals(node)) {
                log.info("[{}] leaving {}: the topology excluded node {}", name, server.name(), node);
                server.close(); // the loss handling reconnects
            }
        });
    }

    /**
     * The write target is now {@code node}: a server on another node (still up, but no longer where NOTIFY
     * runs) is dropped, and the hub listens again wherever the connector then leads.
     */
    public void follow(String node) {
        mailbox.execute(() -> {
            if (server != null && !server.node().equals(node)) {
                log.info("[{}] leaving {}: the write target is now {}", name, server.name(), node);
                server.close(); // the loss handling reconnects
            }
        });
    }

    /** Where the hub stands now (for diagnostics and tests). */
    public HubState state() {
        return snapshot.state();
    }

    /** Closes the server connection; every sink gets {@link NotificationSink#hubLost}; later listens fail. */
    public void close() {
        mailbox.execute(() -> {
            if (state == HubState.CLOSED) {
                return;
            }
            ServerConn s = server;
            transition(HubState.CLOSED, null);
            abandon("listener hub " + name + " closed");
            if (s != null) {
                s.close();
            }
        });
    }

    /** For tests and diagnostics: runs {@code sql} on the hub's connection (in order with LISTENs), first column of each row. */
    CompletableFuture<List<String>> probe(String sql) {
        HubCommand cmd = HubCommand.probe(sql);
        mailbox.execute(() -> {
            send(cmd);
        });
        return cmd.done.thenApply(v -> List.copyOf(cmd.rows));
    }

    /** For tests and diagnostics: the backend pid of the current server connection, 0 if none. */
    CompletableFuture<Integer> serverPid() {
        CompletableFuture<Integer> pid = new CompletableFuture<>();
        mailbox.execute(() -> pid.complete(server == null ? 0 : server.processId()));
        return pid;
    }

    private void doListen(String channel, NotificationSink sink, CompletableFuture<Void> result) {
        if (state == HubState.CLOSED) {
            result.completeExceptionally(closedException());
            return;
        }
        if (subscriptions.add(channel, sink)) {
            HubCommand cmd = HubCommand.listen(channel);
            listens.put(channel, cmd.done);
            send(cmd);
        }
        publish();
        listens.get(channel).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e);
            }
        });
    }

    private void doUnlisten(String channel, NotificationSink sink, CompletableFuture<Void> result) {
        List<String> channels = ALL.equals(channel) ? subscriptions.channelsOf(sink) : List.of(channel);
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (String c : channels) {
            if (subscriptions.remove(c, sink)) {
                listens.remove(c);
                confirmed.remove(c);
                if (state.hasServer() || state.awaitsServer()) {
                    HubCommand cmd = HubCommand.unlisten(c);
                    send(cmd);
                    waits.add(cmd.done);
                }
            }
        }
        if (subscriptions.channelsOf(sink).isEmpty()) {
            resuming.remove(sink); // nothing left to resume for it
        }
        publish();
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> result.complete(null));
    }

    private void send(HubCommand cmd) {
        switch (state) {
            case LISTENING -> write(cmd);
            case CONNECTING, RETRY_WAIT, RECONNECTING -> unsent.add(cmd);
            case IDLE -> {
                unsent.add(cmd);
                transition(HubState.CONNECTING, null);
                attempt();
            }
            case CLOSED -> cmd.done.completeExceptionally(closedException());
        }
    }

    private void write(HubCommand cmd) {
        inFlight.add(cmd);
        ServerConn s = server;
        s.channel().writeAndFlush(Messages.encode(s.channel().alloc(), new Query(cmd.sql))).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("[{}] could not send {} to {}: {}", name, cmd, s.name(), f.cause().toString());
                s.close(); // the loss handling deals with the command
            }
        });
    }

    /**
     * The one place the hub changes state: refuses a move {@link HubState} does not allow, and keeps the
     * server reference in step (there is one exactly while listening).
     */
    private void transition(HubState next, ServerConn conn) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("listener hub " + name + " cannot go from " + state + " to " + next);
        }
        if (next.hasServer() != (conn != null)) {
            throw new IllegalArgumentException("listener hub " + name + " in " + next
                    + (conn == null ? " needs" : " has no place for") + " a server connection");
        }
        log.debug("[{}] {} -> {}{}", name, state, next, conn == null ? "" : " on " + conn.name());
        state = next;
        server = conn;
        publish();
    }

    /** Asks the connector for a connection (in CONNECTING or RECONNECTING); the answer comes to {@link #connected}. */
    private void attempt() {
        CompletableFuture<ServerConn> future;
        try {
            future = Objects.requireNonNull(connector.get(), "connector returned null");
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((conn, e) -> {
            if (conn != null) {
                // From here on the connection's frames come to the hub, queued behind connected().
                conn.listen(new HubListener());
            }
            mailbox.execute(() -> connected(conn, e));
        });
    }

    private void connected(ServerConn conn, Throwable failure) {
        if (state == HubState.CLOSED) {
            if (conn != null) {
                conn.close();
            }
            return;
        }
        if (failure != null || conn == null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : failure;
            String why = cause == null ? "no connection" : cause.getMessage();
            if (state == HubState.RECONNECTING) {
                failedAttempts++;
                log.info("[{}] listener hub could not reconnect (attempt {}): {}", name, failedAttempts, why);
                waitToRetry();
                return;
            }
            log.warn("[{}] listener hub could not connect: {}", name, why);
            transition(HubState.IDLE, null);
            failUnsent(new ListenerHubException("08006", "listener hub " + name + " could not connect to the server: "
                    + why, cause));
            return;
        }
        boolean resumed = state == HubState.RECONNECTING;
        transition(HubState.LISTENING, conn);
        unsolicitedError = null;
        mailbox.home(conn.channel().eventLoop());
        if (!conn.channel().isActive()) {
            lost(conn, null); // closed before our listener was installed: no onClosed will come
            return;
        }
        log.debug("[{}] listener hub connected as {}", name, conn.name());
        write(HubCommand.setup(name));
        while (!unsent.isEmpty()) {
            write(unsent.poll());
        }
        if (resumed) {
            log.info("[{}] listener hub reconnected as {} after {} failed attempts; listening again on {}",
                    name, conn.name(), failedAttempts, subscriptions.counts().keySet());
            tellResumed("Switchboard's connection that listens for notifications was lost (" + lossReason
                    + ") and has been replaced by " + conn.name() + "; your LISTENs still hold, but notifications"
                    + " sent while no connection listened may have been lost");
        }
    }

    /** Sinks with a listen from before the loss learn that it continues, with a possible gap. */
    private void tellResumed(String message) {
        tell(List.copyOf(resuming), sink -> sink.hubResumed(message));
    }

    /** Asks the policy when to try again; its refusal ends every listen. */
    private void waitToRetry() {
        transition(HubState.RETRY_WAIT, null);
        CompletableFuture<Void> next;
        try {
            next = Objects.requireNonNull(reconnect.next(failedAttempts, lostAtNanos), "reconnect policy returned null");
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        next.whenComplete((v, e) -> mailbox.execute(() -> retryDue(e)));
    }

    private void retryDue(Throwable refusal) {
        if (state != HubState.RETRY_WAIT) {
            return; // closed meanwhile
        }
        if (refusal != null) {
            Throwable cause = refusal instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : refusal;
            StringBuilder reason = new StringBuilder(lossReason);
            if (failedAttempts > 0) {
                reason.append("; ").append(failedAttempts).append(" attempts to reconnect failed");
            }
            if (reconnect != ReconnectPolicy.NEVER) {
                reason.append(" (").append(cause.getMessage()).append(')');
            }
            log.warn("[{}] listener hub gives up: {}", name, reason);
            transition(HubState.IDLE, null);
            abandon(reason.toString());
            return;
        }
        transition(HubState.RECONNECTING, null);
        attempt();
    }

    private void onFrame(ServerConn conn, Frame frame) {
        try {
            if (conn != server || !frame.isWhole()) {
                if (conn == server) {
                    log.warn("[{}] unexpected streamed {} from {}", name, BackendType.name(frame.type()), conn.name());
                }
                return;
            }
            switch (frame.type()) {
                case BackendType.NOTIFICATION_RESPONSE -> fanOut(frame);
                case BackendType.READY_FOR_QUERY -> commandDone(conn);
                case BackendType.ERROR_RESPONSE -> error(ErrorResponse.decode(frame.body()));
                case BackendType.DATA_ROW -> row(frame.body());
                case BackendType.COMMAND_COMPLETE, BackendType.ROW_DESCRIPTION, BackendType.PARAMETER_STATUS,
                     BackendType.NOTICE_RESPONSE, BackendType.EMPTY_QUERY_RESPONSE -> {
                    // Nothing to do: a notice is e.g. PostgreSQL cutting a long channel name, which canonical() mirrors.
                }
                default -> log.warn("[{}] unexpected {} from {}", name, BackendType.name(frame.type()), conn.name());
            }
        } finally {
            frame.release();
        }
    }

    private void fanOut(Frame frame) {
        ByteBuf body = frame.body();
        int start = body.readerIndex() + 4; // after the notifying backend's pid
        int end = body.forEachByte(start, body.writerIndex() - start, ByteProcessor.FIND_NUL);
        if (end < 0) {
            log.warn("[{}] malformed NotificationResponse from {}: no channel terminator", name, server.name());
            return;
        }
        String channel = body.toString(start, end - start, StandardCharsets.UTF_8);
        ByteBuf message = frame.content();
        for (NotificationSink sink : subscriptions.sinks(channel)) {
            try {
                sink.deliver(message.retainedDuplicate());
            } catch (RuntimeException e) {
                log.error("[{}] notification sink {} failed", name, sink, e);
            }
        }
    }

    private void error(ErrorResponse error) {
        HubCommand cmd = inFlight.peek();
        if (cmd != null && !error.isFatal()) {
            if (cmd.error == null) {
                cmd.error = error;
            }
        } else {
            unsolicitedError = error;
            log.warn("[{}] server {}: {} {} {}", name, server.name(), error.severity(), error.sqlState(), error.message());
        }
    }

    private void row(ByteBuf body) {
        HubCommand cmd = inFlight.peek();
        if (cmd == null || cmd.kind != HubCommand.Kind.PROBE || body.readableBytes() < 6 || body.getShort(body.readerIndex()) < 1) {
            return;
        }
        int length = body.getInt(body.readerIndex() + 2);
        cmd.rows.add(length < 0 ? null : body.toString(body.readerIndex() + 6, length, StandardCharsets.UTF_8));
    }

    private void commandDone(ServerConn conn) {
        HubCommand cmd = inFlight.poll();
        if (cmd == null) {
            log.warn("[{}] ReadyForQuery from {} with no command outstanding; closing it", name, conn.name());
            conn.close();
            return;
        }
        if (cmd.error == null) {
            if (cmd.kind == HubCommand.Kind.LISTEN && listens.get(cmd.channel) == cmd.done) {
                confirmed.add(cmd.channel);
                for (NotificationSink sink : subscriptions.sinks(cmd.channel)) {
                    if (resuming.contains(sink) && confirmed.containsAll(subscriptions.channelsOf(sink))) {
                        resuming.remove(sink); // listening again on everything it listened on before
                    }
                }
                publish(); // before completing, so whoever waited sees the channel listed
            }
            cmd.done.complete(null);
            return;
        }
        ListenerHubException failure = new ListenerHubException(cmd.error, cmd.sql + " failed on listener hub " + name);
        switch (cmd.kind) {
            case LISTEN -> listenFailed(cmd, failure);
            case SETUP -> log.warn("[{}] {}", name, failure.getMessage());
            case UNLISTEN -> log.warn("[{}] {} (the channel's sinks were already removed)", name, failure.getMessage());
            case PROBE -> { }
        }
        cmd.done.completeExceptionally(failure);
    }

    /**
     * The server does not listen, so everyone who joined waiting for this LISTEN leaves with its error; those
     * who listened on the server it replaces lose that listen.
     */
    private void listenFailed(HubCommand cmd, ListenerHubException failure) {
        if (listens.get(cmd.channel) == cmd.done) {
            List<NotificationSink> live = subscriptions.sinks(cmd.channel).stream().filter(resuming::remove).toList();
            listens.remove(cmd.channel);
            subscriptions.removeChannel(cmd.channel);
            publish();
            tell(live, sink -> sink.hubLost(failure.getMessage()));
        }
    }

    private void lost(ServerConn conn, Throwable cause) {
        if (conn != server) {
            return;
        }
        StringBuilder reason = new StringBuilder("listener hub ").append(name).append(" lost its server connection ")
                .append(conn.name());
        if (unsolicitedError != null) {
            reason.append(": ").append(unsolicitedError.severity()).append(' ').append(unsolicitedError.sqlState())
                    .append(' ').append(unsolicitedError.message());
        } else if (cause != null) {
            reason.append(": ").append(cause);
        }
        log.warn("[{}] {}", name, reason);
        unsolicitedError = null;
        if (subscriptions.isEmpty()) {
            transition(HubState.IDLE, null); // nobody listens: the next LISTEN connects afresh
            abandon(reason.toString());
            return;
        }
        if (resuming.isEmpty()) {
            lostAtNanos = System.nanoTime();
        } // else a successor went before everything was listened again: still the same gap, the same deadline
        lossReason = reason.toString();
        failedAttempts = 0;
        listenAgainLater();
        waitToRetry();
    }

    /**
     * Every subscribed channel gets a fresh LISTEN, first thing on the next server; what was sent to the lost
     * one is settled here: a LISTEN's waiters wait for its successor, an UNLISTEN is moot, a probe failed.
     */
    private void listenAgainLater() {
        List<HubCommand> old = new ArrayList<>(inFlight);
        old.addAll(unsent);
        inFlight.clear();
        unsent.clear();
        for (String channel : confirmed) {
            resuming.addAll(subscriptions.sinks(channel));
        }
        confirmed.clear();
        for (String channel : subscriptions.channels()) {
            HubCommand again = HubCommand.listen(channel);
            listens.put(channel, again.done);
            unsent.add(again);
        }
        publish();
        ListenerHubException failure = new ListenerHubException("08006", lossReason, null);
        for (HubCommand cmd : old) {
            CompletableFuture<Void> successor = cmd.kind == HubCommand.Kind.LISTEN ? listens.get(cmd.channel) : null;
            if (successor != null && successor != cmd.done) {
                successor.whenComplete((v, e) -> {
                    if (e == null) {
                        cmd.done.complete(null);
                    } else {
                        cmd.done.completeExceptionally(e);
                    }
                });
            } else if (cmd.kind == HubCommand.Kind.PROBE) {
                cmd.done.completeExceptionally(failure);
            } else {
                cmd.done.complete(null); // the next server never listened on it
            }
        }
    }

    /** Gives up every listen: fails what waits and tells every sink with a live listen that it is gone. */
    private void abandon(String reason) {
        unsolicitedError = null;
        ListenerHubException failure = new ListenerHubException("08006", reason, null);
        List<HubCommand> pending = new ArrayList<>(inFlight);
        pending.addAll(unsent);
        inFlight.clear();
        unsent.clear();
        // Sinks that only waited for a LISTEN learn of the loss from its future; the others lose live listens.
        Set<NotificationSink> sinks = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String channel : confirmed) {
            sinks.addAll(subscriptions.sinks(channel));
        }
        sinks.addAll(resuming);
        subscriptions.clear();
        listens.clear();
        confirmed.clear();
        resuming.clear();
        publish();
        for (HubCommand cmd : pending) {
            cmd.done.completeExceptionally(failure);
        }
        tell(sinks, sink -> sink.hubLost(reason));
    }

    private void failUnsent(ListenerHubException failure) {
        List<HubCommand> pending = new ArrayList<>(unsent);
        unsent.clear();
        for (HubCommand cmd : pending) {
            if (cmd.kind == HubCommand.Kind.LISTEN) {
                listenFailed(cmd, failure);
            }
            cmd.done.completeExceptionally(failure);
        }
    }

    /** A sink that throws is logged and skipped: the others still hear. */
    private void tell(Collection<NotificationSink> sinks, Consumer<NotificationSink> message) {
        for (NotificationSink sink : sinks) {
            try {
                message.accept(sink);
            } catch (RuntimeException e) {
                log.error("[{}] notification sink {} failed", name, sink, e);
            }
        }
    }

    private ListenerHubException closedException() {
        return new ListenerHubException("08006", "listener hub " + name + " is closed", null);
    }

    private void publish() {
        snapshot = new Snapshot(Map.copyOf(subscriptions.counts()), Set.copyOf(confirmed), state);
    }

    /** Feeds a server connection's events into the mailbox, in the order the connection saw them. */
    private final class HubListener implements BackendListener {
        @Override
        public void onFrame(ServerConn conn, Frame frame) {
            mailbox.execute(() -> ListenerHub.this.onFrame(conn, frame));
        }

        @Override
        public void onClosed(ServerConn conn, Throwable cause) {
            mailbox.execute(() -> lost(conn, cause));
        }
    }

    @Override
    public String toString() {
        return "ListenerHub(" + name + ")";
    }
}
