// ServerUse: how a transaction-mode client uses servers — leased for its work, brought to its settings, given back.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.Route;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a {@link TransactionLink}: when the client sends work and holds no server, one is leased
 * ({@link ServerSlot}); before the client's frames reach it, it is brought to the client's settings and, for a
 * read-your-writes read on a standby, asked whether it replayed the client's commit; when the transaction is
 * over, {@link GiveBack} decides what must happen before it goes back. The proxy's own queries ride the same
 * queue of expected replies as the client's requests. What it needs of the client's side it asks through
 * {@link Owner}. Confined to the client's event loop.
 */
final class ServerUse {
    private static final Logger log = LoggerFactory.getLogger(ServerUse.class);

    /** What the server side needs from the client's side of the link. */
    interface Owner {
        /** The client left: a lease that arrives now goes straight back. */
        boolean ended();

        /** Greeted and not ended. */
        boolean started();

        /** Every request answered, nothing half-sent, no open block, no reply held back. */
        boolean atRest();

        /** A held server may take the client's frames now. */
        void serverReady();

        /** A server was leased for a new transaction (before any of it reached the server). */
        void serverHeld();

        /** No server could be had for the waiting request. */
        void leaseFailed(Throwable cause);

        /** The held server went away (or was unusable when it arrived). */
        void serverLost(Throwable cause);

        /** The server refused the client's settings: the session cannot go on. */
        void settingsRefused(String sqlState, String message);

        /** The server went back to its pool. */
        void givenBack();

        /** The commit position was read before the give-back (read-your-writes, or commit_lsn after a rollback). */
        void committed(CommitToken position);

        /** One thing the server side wrote or did, for the log when replies lose track of requests. */
        void note(byte b);
    }

    private final Owner owner;
    private final ClientConnection client;
    private final ServerSlot slot;
    private final ServerChooser chooser;
    private final TrackedSettings settings;
    private final Pins pins;
    private final ArrayDeque<Expected> expected;
    /** Read-your-writes: something that may have written ran on the held server since the last capture. */
    private boolean commitTokenDue;
    /** The chosen standby had not replayed the client's last commit: this transaction goes to the primary. */
    private boolean primaryForThisTransaction;
    private int cancelsInFlight;
    /** Whether commits are followed at all (read-your-writes, commit_lsn): clients that want neither pay nothing. */
    private final java.util.function.BooleanSupplier tracksCommits;

    ServerUse(Owner owner, ClientConnection client, ServerSlot slot, ServerChooser chooser, TrackedSettings settings,
              Pins pins, ArrayDeque<Expected> expected, java.util.function.BooleanSupplier tracksCommits) {
        this.tracksCommits = tracksCommits;
        this.owner = owner;
        this.client = client;
        this.slot = slot;
        this.chooser = chooser;
        this.settings = settings;
        this.pins = pins;
        this.expected = expected;
    }

    ServerSlot slot() {
        return slot;
    }

    /** The server held, or null. */
    ServerConn server() {
        return slot.server();
    }

    /** Whether the client's frames may go to a server now; leases one for {@code first} when none is held. */
    boolean readyFor(Frame first) {
        if (slot.state() == ServerSlot.State.HELD) {
            return true;
        }
        if (slot.state() == ServerSlot.State.EMPTY) {
            slot.lease(first, primaryForThisTransaction, this::leased, owner::leaseFailed);
        }
        return false; // a lease, a replay check or the give-back is under way
    }

    /** A client frame goes to the held server: read-your-writes notes whether it may write. */
    void routed(Frame frame) {
        if (!commitTokenDue && frame.isFirst() && tracksCommits.getAsBoolean()) {
            commitTokenDue = chooser.mayWrite(frame);
        }
    }

    private void leased(ServerChooser.Leased arrived) {
        if (owner.ended()) {
            slot.leaseUnwanted(arrived);
            return;
        }
        slot.hold(arrived);
        owner.note((byte) '@');
        if (!slot.server().isUsable()) {
            owner.serverLost(null);
            return;
        }
        owner.serverHeld();
        if (arrived.choice().verifyReplay()) {
            slot.verifyingReplay(); // from now on, through the settings sync too, no client frame may reach it
            syncSettingsThen(this::verifyReplay);
        } else {
            syncSettingsThen(owner::serverReady); // each path flushes what it wrote, or leaves it to the read
        }
    }

    /**
     * Read-your-writes on a standby the last snapshot could not vouch for: ask it whether it replayed the
     * client's commit. If not, the server goes back unused and the transaction goes to the primary.
     */
    private void verifyReplay() {
        verifyReplay(System.nanoTime() + chooser.replayWait().toNanos());
    }

    /** Asks again every {@link #REPLAY_POLL_MILLIS} while the standby is behind, until {@code deadline}. */
    private void verifyReplay(long deadline) {
        ServerConn server = slot.server();
        runInternal(chooser.replayedSql(), result -> {
            if (slot.state() != ServerSlot.State.VERIFYING_REPLAY) {
                return; // lost meanwhile: the link already chose again
            }
            boolean replayed = !result.failed() && !result.rows().isEmpty() && "t".equals(result.rows().get(0).get(0));
            if (!replayed && !result.failed() && System.nanoTime() - deadline < 0) {
                client.channel().eventLoop().schedule(() -> {
                    if (slot.state() == ServerSlot.State.VERIFYING_REPLAY && slot.server() == server) {
                        verifyReplay(deadline);
                    }
                }, REPLAY_POLL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            }
            slot.replayVerified();
            if (!replayed) {
                primaryForThisTransaction = true;
                slot.giveBack();
            }
            owner.serverReady(); // the frames go to this server, or a lease on the primary starts
        });
    }

    /** How often a standby that is behind a read's position is asked again, within the database's replay_wait. */
    private static final long REPLAY_POLL_MILLIS = 1;

    boolean commitTokenDue() {
        return commitTokenDue;
    }

    /**
     * Reads the commit position on the held server now, before the client hears its ReadyForQuery
     * ({@code commit_lsn}); {@code then} gets it, or null when the reading failed.
     */
    void captureCommitToken(Consumer<CommitToken> then) {
        commitTokenDue = false;
        runInternal(CommitTokens.CAPTURE_SQL, result -> {
            CommitToken token = CommitTokens.parse(result);
            if (token != null) {
                chooser.commitToken(token);
            }
            then.accept(token);
        });
    }

    /** Makes the held server carry the client's settings, then continues with {@code next}. */
    void syncSettingsThen(Runnable next) {
        ServerConn server = slot.server();
        String sql = settings.syncSql(server.sessionSettings(), server.parameters());
        if (sql == null) {
            next.run();
            return;
        }
        runInternal(sql, result -> {
            if (result.failed()) {
                log.warn("[{}] could not apply session settings on {}: {}", client, server.name(), result.errorMessage());
                owner.settingsRefused(result.errorSqlState(), result.errorMessage());
                return;
            }
            settings.synced(server.sessionSettings());
            next.run();
        });
    }

    /** The proxy's own query on the held server; its replies never reach the client. */
    void runInternal(String sql, Consumer<Expected.InternalResult> onDone) {
        expected.add(Expected.internal(onDone));
        owner.note((byte) 'q');
        slot.server().channel().writeAndFlush(query(slot.server(), sql));
    }

    /** Startup values called back after a client request reset them; the client sees what the server reports. */
    void restore(String sql) {
        expected.add(Expected.restore(result -> maybeRelease()));
        owner.note((byte) 'r');
        slot.server().channel().write(query(slot.server(), sql));
    }

    /** Gives the server back when the transaction is over and nothing ties the client to it (see {@link GiveBack}). */
    void maybeRelease() {
        if (slot.state() != ServerSlot.State.HELD || !owner.started()) {
            return;
        }
        ServerConn server = slot.server();
        switch (GiveBack.next(owner.atRest(), cancelsInFlight > 0, pins.pinned(), pins.isCheckDue(), server.listening(),
                commitTokenDue && tracksCommits.getAsBoolean())) { // turned off meanwhile: nobody needs it
            case NOT_YET, STAY_PINNED -> { }
            case CHECK_PINS -> beforeGiveBack(Pins.CHECK_SQL, result -> {
                if (!result.failed() && !result.rows().isEmpty()) {
                    var released = pins.checked(result.rows().get(0));
                    if (!released.isEmpty()) {
                        log.info("[{}] unpinned from {}: {} released", client, server.name(), released);
                    }
                }
            });
            case UNLISTEN -> beforeGiveBack("UNLISTEN *", result -> server.listening(false));
            case CAPTURE_COMMIT_TOKEN -> {
                commitTokenDue = false;
                beforeGiveBack(CommitTokens.CAPTURE_SQL, result -> {
                    CommitToken token = CommitTokens.parse(result);
                    if (token != null) {
                        chooser.commitToken(token);
                        owner.committed(token);
                    }
                });
            }
            case RELEASE -> {
                owner.note((byte) '#');
                primaryForThisTransaction = false;
                slot.giveBack();
                owner.givenBack();
            }
        }
    }

    /**
     * Runs one of the proxy's own queries that decide the give-back. The client's next request waits for
     * the decision instead of following its last transaction onto this server: a read after a write must be
     * routed as a read, not glued to the primary because the commit position was still being read.
     */
    private void beforeGiveBack(String sql, Consumer<Expected.InternalResult> use) {
        slot.givingBack();
        runInternal(sql, result -> {
            if (slot.state() != ServerSlot.State.GIVING_BACK) {
                return; // lost meanwhile: the link handled the client
            }
            slot.keep();
            use.accept(result);
            maybeRelease();
            owner.serverReady();
        });
    }

    /** A cancel is on its way to the held server: it is not given to anyone else before it arrives. */
    void cancelling() {
        cancelsInFlight++;
    }

    void cancelled() {
        cancelsInFlight--;
        maybeRelease();
    }

    boolean cancelInFlight() {
        return cancelsInFlight > 0;
    }

    /** Whether the server held was chosen as the primary (a loss means a failover). */
    boolean onPrimary() {
        return slot.route() == Route.WRITE;
    }

    private static io.netty.buffer.ByteBuf query(ServerConn server, String sql) {
        return dev.switchboard.protocol.Messages.encode(server.channel().alloc(), new Query(sql));
    }
}
