// ClientReports: what the proxy tells a client between requests — extensions, topology, commits, settings, drain.
package dev.switchboard.proxy.extensions;

import dev.switchboard.config.Target;
import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.GoAway;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.topology.CommitToken;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One client's reports. They are never written inside a reply: the link calls {@link #beforeReady} right before
 * a ReadyForQuery that leaves nothing in flight (where PostgreSQL reports its own parameters), and an event that
 * arrives while the client is idle is written at once. A client that asked for nothing gets nothing here but the
 * drain. Confined to the client's event loop; {@link #drainRequested}, {@link #graceOver} and topology epochs come
 * from other threads and are handed over to it.
 */
public final class ClientReports implements Drain.Drainable {

    /** Where the link stands, asked when an event arrives. */
    public interface Rest {
        /** Greeted, nothing in flight, no reply half-written: a ParameterStatus may go now. */
        boolean betweenRequests();

        /** Between requests and outside a transaction block: the client may be closed now. */
        boolean idle();

        /** The session holds a server on {@code node} between its transactions (session mode, or pinned). */
        boolean heldOn(String node);
    }

    /** The drain, as this client lives it. */
    private enum DrainState {
        NONE, REQUESTED, TOLD, CLOSING, CLOSED;

        DrainState moveTo(DrainState next) {
            boolean legal = switch (next) {
                case NONE -> false;
                case REQUESTED -> this == NONE;
                case TOLD -> this == REQUESTED;
                case CLOSING -> this == NONE || this == REQUESTED || this == TOLD;
                case CLOSED -> this != CLOSED;
            };
            if (!legal) {
                throw new IllegalStateException("drain cannot move from " + this + " to " + next);
            }
            return next;
        }
    }

    static final String DISCONNECT_REQUESTED = "disconnect_requested";
    static final String SHUTDOWN_MESSAGE = "terminating connection because Switchboard is shutting down";
    static final String SHUTDOWN_HINT = "Connect again: another Switchboard instance or its successor serves new connections.";
    static final String RETIRED_MESSAGE = "terminating connection because its server node %s was retired";
    static final String RETIRED_HINT = "Connect again: new sessions are served by the cluster's other nodes.";

    private final ClientExtensions extensions;
    private final boolean goAway;
    private final Channel channel;
    private final TopologyFeed feed;
    private final Target target;
    private final Drain drain;
    private final Runnable onNewEpoch;
    private Rest rest;
    private boolean subscribed;
    private boolean extensionsDue;
    private boolean topologyDue;
    private CommitToken commitDue;
    private final ReportedParameters reportedParameters = new ReportedParameters();
    private DrainState drainState = DrainState.NONE;
    /** The node whose retirement drains this client; null for a drain of the whole process. */
    private String retiredNode;

    /**
     * @param goAway the client negotiated {@code _pq_.switchboard.goaway}
     * @param feed   the topology of the client's cluster
     */
    public ClientReports(ClientExtensions extensions, boolean goAway, Channel channel, TopologyFeed feed, Target target,
                         Drain drain) {
        this.extensions = extensions;
        this.goAway = goAway;
        this.channel = channel;
        this.feed = feed;
        this.target = target;
        this.drain = drain;
        this.onNewEpoch = () -> channel.eventLoop().execute(this::newEpoch);
    }

    public ClientExtensions extensions() {
        return extensions;
    }

    /** The server's parameters as the client is shown them at startup (see {@link TargetRole}). */
    public Map<String, String> shownParameters(Map<String, String> server) {
        return TargetRole.shown(server, target);
    }

    /** A server's later ParameterStatus of {@code name} is kept from the client ({@link TargetRole#hidesReport}). */
    public boolean hidesServerReport(String name) {
        return TargetRole.hidesReport(name, target);
    }

    /** What the greeting adds after the server's parameters: nothing for a client that asked for nothing. */
    public List<ParameterStatus> greeting() {
        List<ParameterStatus> out = new ArrayList<>(reportedParameters.takeDue());
        if (extensions.asked()) {
            out.add(new ParameterStatus("switchboard.extensions", extensions.activeNames()));
        }
        if (extensions.on(Extension.TOPOLOGY)) {
            out.add(topology());
        }
        return out;
    }

    /** The session is greeted: from now on it hears of epochs and drains. */
    public void start(Rest rest) {
        this.rest = rest;
        followTopology();
        drain.register(this);
    }

    /** Runs a statement on a middleware setting, writing its answer to the client; what it changed is reported later. */
    public boolean execute(MiddlewareStatement statement, io.netty.buffer.ByteBuf out) {
        String before = extensions.activeNames();
        String listBefore = extensions.show(Extension.REPORT_PARAMETERS);
        boolean done = MiddlewareAnswer.execute(statement, extensions, out);
        settingsChanged(before, listBefore);
        return done;
    }

    /**
     * A simple Query that mentions a middleware setting: when it is a statement on one, or changes one among other
     * statements (refused), its answer (without ReadyForQuery) goes to a new buffer, returned; null when the text
     * is the server's business (the name only appears in a string or a comment).
     */
    public io.netty.buffer.ByteBuf answerQuery(String sql,
                                               java.util.function.Supplier<dev.switchboard.proxy.sql.Classification> c) {
        MiddlewareStatement statement = MiddlewareStatement.parse(sql);
        if (statement == null && !MiddlewareAnswer.changesMiddlewareSetting(c.get())) {
            return null;
        }
        io.netty.buffer.ByteBuf out = channel.alloc().ioBuffer();
        if (statement == null) {
            MiddlewareAnswer.notAlone().encode(out);
            return out;
        }
        dev.switchboard.protocol.backend.RowDescription row = MiddlewareAnswer.rowDescription(statement);
        if (row != null) {
            row.encode(out);
        }
        execute(statement, out);
        return out;
    }

    /** RESET ALL or DISCARD ALL reached the server: middleware settings go back to their startup values too. */
    public void resetAll() {
        String before = extensions.activeNames();
        String listBefore = extensions.show(Extension.REPORT_PARAMETERS);
        extensions.resetAll();
        settingsChanged(before, listBefore);
    }

    private void settingsChanged(String namesBefore, String reportListBefore) {
        if (!namesBefore.equals(extensions.activeNames())) {
            extensionsDue = true;
        }
        if (!reportListBefore.equals(extensions.show(Extension.REPORT_PARAMETERS))) {
            reportedParameters.mayHaveChanged(); // names put on the list are told at the next read
        }
        boolean wasFollowing = subscribed;
        followTopology();
        if (subscribed && !wasFollowing) {
            topologyDue = true; // turned on: the client gets the view at once
        }
    }

    private void followTopology() {
        boolean wanted = rest != null && extensions.on(Extension.TOPOLOGY);
        if (wanted && !subscribed) {
            feed.subscribe(onNewEpoch);
        } else if (!wanted && subscribed) {
            feed.unsubscribe(onNewEpoch);
            topologyDue = false;
        }
        subscribed = wanted;
    }

    /** The client watches settings ({@code report_parameters}): the link tells when they may have changed. */
    public boolean watchesSettings() {
        return extensions.on(Extension.REPORT_PARAMETERS);
    }

    /** A request of the client's may have changed a setting (SET, RESET, DISCARD ALL, set_config). */
    public void settingsMayHaveChanged() {
        if (watchesSettings()) {
            reportedParameters.mayHaveChanged();
        }
    }

    /**
     * The query the link runs on the client's server, right after the client's request and before its
     * ReadyForQuery reaches the client, to read the watched settings; null when no read is due. Its rows go to
     * {@link #settingsRead}.
     *
     * @param serverParameters what the server reports itself (those names are the server's to report)
     */
    public ReportedParameters.Read settingsRead(Map<String, String> serverParameters) {
        if (!watchesSettings()) {
            return null;
        }
        return reportedParameters.read(extensions.show(Extension.REPORT_PARAMETERS), serverParameters.keySet());
    }

    /** The answer to a {@link #settingsRead}: its rows, empty when it failed. Changed values are told next. */
    public void settingsRead(ReportedParameters.Read read, List<List<String>> rows) {
        reportedParameters.answered(read, rows.isEmpty() ? null : rows.get(0));
    }

    /** A commit the client asked to hear of ({@code commit_lsn}); reported before the ReadyForQuery that follows. */
    public void committed(CommitToken position) {
        commitDue = position;
    }

    /** Right before a ReadyForQuery that leaves nothing in flight: what is due goes first. */
    public void beforeReady() {
        beforeReady(true);
    }

    /**
     * Right before a ReadyForQuery: a commit position is part of the reply it ends and always goes first; the rest
     * only when nothing else is in flight ({@code last}).
     */
    public void beforeReady(boolean last) {
        for (ParameterStatus setting : reportedParameters.takeDue()) {
            write(setting); // as PostgreSQL reports a setting its request changed: part of that reply
        }
        if (!last) {
            writeCommitPosition();
            return;
        }
        if (extensionsDue) {
            extensionsDue = false;
            write(new ParameterStatus("switchboard.extensions", extensions.activeNames()));
        }
        if (topologyDue) {
            topologyDue = false;
            write(topology());
        }
        writeCommitPosition();
        if (drainState == DrainState.REQUESTED) {
            drainState = drainState.moveTo(DrainState.TOLD);
            write(new ParameterStatus(DISCONNECT_REQUESTED, "on"));
            if (goAway) {
                write(GoAway.INSTANCE);
            }
        }
    }

    private void writeCommitPosition() {
        if (commitDue != null) {
            write(new ParameterStatus("switchboard.commit_lsn", ExtensionValues.formatPosition(commitDue)));
            commitDue = null;
        }
    }

    /**
     * Right after a ReadyForQuery that leaves nothing in flight: a client whose drain grace is over is closed when
     * it is outside a transaction block. True when it was closed.
     */
    public boolean afterReady(char transactionStatus) {
        if (drainState != DrainState.CLOSING || transactionStatus != 'I') {
            return false;
        }
        close();
        return true;
    }

    private void newEpoch() {
        if (!subscribed || drainState == DrainState.CLOSED) {
            return;
        }
        topologyDue = true;
        writeNowIfIdle();
    }

    @Override
    public void drainRequested() {
        channel.eventLoop().execute(() -> {
            if (drainState == DrainState.NONE) {
                drainState = drainState.moveTo(DrainState.REQUESTED);
                writeNowIfIdle();
            }
        });
    }

    @Override
    public void graceOver() {
        channel.eventLoop().execute(() -> {
            if (drainState == DrainState.CLOSING || drainState == DrainState.CLOSED) {
                return;
            }
            drainState = drainState.moveTo(DrainState.CLOSING);
            if (rest != null && rest.idle()) {
                close();
            }
        });
    }

    @Override
    public void nodeRetired(String node, java.time.Duration grace) {
        channel.eventLoop().execute(() -> {
            if (drainState != DrainState.NONE || rest == null || !rest.heldOn(node)) {
                return;
            }
            retiredNode = node;
            drainState = drainState.moveTo(DrainState.REQUESTED);
            writeNowIfIdle();
            channel.eventLoop().schedule(this::graceOver, grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        });
    }

    private void writeNowIfIdle() {
        if (rest != null && rest.betweenRequests() && channel.isActive()) {
            beforeReady();
            channel.flush();
        }
    }

    private void close() {
        drainState = drainState.moveTo(DrainState.CLOSED);
        ClientErrors.fatal(channel, retiredNode == null
                ? ErrorResponse.fatal("57P01", SHUTDOWN_MESSAGE).withHint(SHUTDOWN_HINT)
                : ErrorResponse.fatal("57P01", RETIRED_MESSAGE.formatted(retiredNode)).withHint(RETIRED_HINT));
    }

    /** The session ended: no more reports. */
    public void end() {
        if (subscribed) {
            feed.unsubscribe(onNewEpoch);
            subscribed = false;
        }
        drain.unregister(this);
    }

    private ParameterStatus topology() {
        return new ParameterStatus("switchboard.topology", feed.view(target));
    }

    private void write(Encodable message) {
        channel.write(Messages.encode(channel.alloc(), message));
    }
}
