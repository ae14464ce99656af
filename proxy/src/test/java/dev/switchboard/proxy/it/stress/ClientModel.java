// ClientModel: what a client's own history says its session holds — settings, transaction state, likely pins.
package dev.switchboard.proxy.it.stress;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings part is exact and is checked against what the proxy answers (every setting the client
 * set is in effect). The pin flags only steer the generator towards releasing what it took; whether a
 * pin really exists is PostgreSQL's business, and the twin connection shows it.
 */
final class ClientModel {
    final int id;
    final Mode mode;
    /** Bumped on every new connection, so keys of a session that is still going away are never reused. */
    int generation;
    boolean inTransaction;
    boolean aborted;
    int locksHeld;
    boolean tempTable;
    boolean holdCursor;
    boolean sqlPrepared;
    boolean roleSet;
    boolean listening;
    int notifications;

    /** What SHOW gives right after connecting. */
    private final Map<String, String> baseline = new HashMap<>();
    /**
     * What RESET goes back to: not always the value seen at connect (pgJDBC sends application_name with a
     * SET after startup, so RESET gives the startup packet's value), hence learned from the twin.
     */
    private final Map<String, String> resetValues = new HashMap<>();
    private final Map<String, String> committed = new HashMap<>();
    private final Map<String, String> inBlock = new HashMap<>();
    private final Map<String, String> local = new HashMap<>();

    ClientModel(int id, Mode mode) {
        this.id = id;
        this.mode = mode;
    }

    String table() {
        return "t_c" + id;
    }

    String tempTable() {
        return "tmp_c" + id;
    }

    String cursor() {
        return "cur_c" + id;
    }

    String prepared() {
        return "p_c" + id;
    }

    String channel() {
        return "ch_c" + id;
    }

    long advisoryKey() {
        return id * 1000L + generation;
    }

    /** A new session, with its values and reset values as the twin shows them. */
    void connected(Map<String, String> startupValues, Map<String, String> resetTo) {
        generation++;
        inTransaction = false;
        aborted = false;
        locksHeld = 0;
        tempTable = holdCursor = sqlPrepared = roleSet = listening = false;
        baseline.clear();
        baseline.putAll(startupValues);
        resetValues.clear();
        resetValues.putAll(resetTo);
        committed.clear();
        inBlock.clear();
        local.clear();
    }

    /** The value SHOW must give now, or null when the model cannot say (an aborted transaction). */
    String expected(String setting) {
        if (aborted) {
            return null;
        }
        String v = local.get(setting);
        if (v == null) {
            v = inBlock.get(setting);
        }
        if (v == null) {
            v = committed.get(setting);
        }
        return v != null ? v : baseline.get(setting);
    }

    void set(String setting, String showValue, boolean isLocal) {
        if (aborted) {
            return;
        }
        if (isLocal) {
            if (inTransaction) {
                local.put(setting, showValue);
            }
        } else if (inTransaction) {
            inBlock.put(setting, showValue);
            local.remove(setting);
        } else {
            committed.put(setting, showValue);
        }
    }

    void reset(String setting) {
        set(setting, resetValues.get(setting), false);
    }

    void resetAll() {
        for (String setting : baseline.keySet()) {
            reset(setting);
        }
    }

    /** DISCARD ALL (outside a transaction): settings back to their reset values, session state gone. */
    void discardAll() {
        committed.clear();
        committed.putAll(resetValues);
        locksHeld = 0;
        tempTable = holdCursor = sqlPrepared = roleSet = listening = false;
    }

    void begin() {
        inTransaction = true;
    }

    /** An error inside a block aborts it; outside one a failed statement changes nothing. */
    void failed() {
        if (inTransaction) {
            aborted = true;
        }
    }

    void commit() {
        if (!aborted) {
            committed.putAll(inBlock);
        }
        endBlock();
    }

    void rollback() {
        endBlock();
    }

    private void endBlock() {
        inTransaction = false;
        aborted = false;
        inBlock.clear();
        local.clear();
    }
}
