// PendingEffects: what a client request does to its session beyond its results, applied now or when it succeeds.
package dev.switchboard.proxy.txn;

import dev.switchboard.proxy.sql.Classification;
import dev.switchboard.proxy.sql.PinReason;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins and LISTEN take effect at once (a pin is conservative; LISTEN must be in place on the hub before
 * the client hears its ReadyForQuery). SET/RESET wait in {@link TrackedSettings}; DEALLOCATE ALL and
 * DISCARD ALL wait here: both apply only when the request succeeds.
 */
final class PendingEffects {
    private static final Logger log = LoggerFactory.getLogger(PendingEffects.class);

    /** DEALLOCATE ALL and DISCARD ALL, per request: applied when their transaction ends well. */
    private final RequestBatches<Classification> onSuccess = new RequestBatches<>();

    void add(Classification c, TransactionLink link) {
        if (!c.pins().isEmpty()) {
            PinReport.follow(link);
            Set<PinReason> added = link.pins().add(c.pins());
            for (PinReason reason : added) {
                log.info("[{}] pinned to {}: {}", link.client(), ServerReplies.describe(link.server()), reason.description());
                link.context().meters().counter("switchboard.pins", "reason", reason.name().toLowerCase(Locale.ROOT))
                        .increment();
            }
        }
        if (c.mayReleasePins()) {
            link.pins().checkDue();
        }
        link.settings().addPending(c.settingChanges());
        for (String channel : c.listens()) {
            link.server().listening(true); // the pooled server LISTENs too; it gets UNLISTEN * before the next client
            link.gateReady(link.notifications().listen(channel));
        }
        for (String channel : c.unlistens()) {
            link.gateReady(link.notifications().unlisten(channel));
        }
        if (c.deallocateAll() || c.discardAll()) {
            onSuccess.add(c);
        }
    }

    /** Whether the request being routed runs DISCARD ALL. */
    boolean routingDiscardsAll() {
        for (var c : onSuccess.routing()) {
            if (c.discardAll()) {
                return true;
            }
        }
        return false;
    }

    /** The request routed until now was ended (Query, Sync). */
    void requestSent() {
        onSuccess.requestSent();
    }

    /** The oldest request sent was answered. */
    void requestAnswered() {
        onSuccess.requestAnswered();
    }

    /** The answered requests succeeded: their statements are gone (and for DISCARD ALL, everything else too). */
    void apply(TransactionLink link) {
        if (!onSuccess.hasAny()) {
            return;
        }
        for (Classification c : onSuccess.answered()) {
            link.statements().deallocateAll(link.server());
            if (c.discardAll()) {
                link.settings().discardAll(link.server().sessionSettings());
                link.pins().clear();
                link.server().listening(false);
                link.gateReady(link.notifications().unlisten("*"));
            }
        }
        onSuccess.clearAnswered();
    }

    /** The answered requests were undone with their transaction. */
    void discardAnswered() {
        onSuccess.clearAnswered();
    }

    /** The server was lost with every request sent to it. */
    void clear() {
        onSuccess.clear();
    }
}
